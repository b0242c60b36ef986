#pragma once
// One exception type for every failure of the VW-compatible library. `code()` is a stable string
// ("VW_PARSE", "VW_MODEL_CORRUPT", "VW_MODEL_VERSION", "VW_ARGS", "VW_IO", "VW_STATE") that callers
// (the N-API addon, the CLI) map to their own error classes; the message names the line/offset.
#include <stdexcept>
#include <string>

namespace praxi::vw {

class Error : public std::runtime_error {
 public:
  Error(std::string code, const std::string& message)
      : std::runtime_error(code + ": " + message), code_(std::move(code)) {}
  const std::string& code() const noexcept { return code_; }

 private:
  std::string code_;
};

namespace errc {
inline constexpr const char* kParse = "VW_PARSE";
inline constexpr const char* kModelCorrupt = "VW_MODEL_CORRUPT";
inline constexpr const char* kModelVersion = "VW_MODEL_VERSION";
inline constexpr const char* kArgs = "VW_ARGS";
inline constexpr const char* kIo = "VW_IO";
inline constexpr const char* kState = "VW_STATE";
}  // namespace errc

}  // namespace praxi::vw
