#pragma once
// VW text format -> Example, without per-feature allocations (vw.md "Text input format").
#include <cstdint>
#include <string>
#include <string_view>

#include "praxi/vw/example.h"
#include "praxi/vw/hash.h"

namespace praxi::vw {

// Longest data line the file reader (praxi vw -d) accepts; a longer one is refused with VW_PARSE
// instead of growing one string until memory runs out (vw itself has no bound).
inline constexpr size_t kMaxLineBytes = size_t{1} << 28;  // 256 MiB

struct ParseConfig {
  LabelType label_type = LabelType::Simple;
  HashMode hash = HashMode::Strings;
  uint32_t hash_seed = 0;
  uint32_t bits = 18;
  bool add_constant = true;
};

class TextParser {
 public:
  explicit TextParser(ParseConfig config);
  const ParseConfig& config() const { return config_; }

  // Parses one line (a trailing "\n" / "\r\n" is ignored). Returns false for an empty line, which VW
  // skips without making an example. Malformed feature text that VW tolerates (it drops the rest of the
  // line) is reported through `warning` when given; a malformed label throws Error("VW_PARSE").
  bool parse_line(std::string_view line, Example& ex, uint64_t line_number = 0,
                  std::string* warning = nullptr) const;

  // Only the feature part: everything after the first '|' of a line, starting at that '|'.
  // Used by ExampleBuilder so builder-made examples see exactly what VW sees for "| tags...".
  void parse_features(std::string_view from_bar, Example& ex, std::string* warning = nullptr) const;

  // Appends the constant feature (if configured) and groups features by namespace in VW order.
  void finish(Example& ex) const;

 private:
  void parse_label(std::string_view label_space, bool touches_bar, Example& ex, uint64_t line_number) const;
  ParseConfig config_;
  uint64_t parse_mask_;
};

}  // namespace praxi::vw
