// Helpers shared by the libFuzzer targets. Each target is a plain LLVMFuzzerTestOneInput; under clang
// (-DPRAXI_FUZZ=ON) it links libFuzzer, under the normal test build it links replay_main.cc and ctest
// replays the committed corpus and regressions through it (with ASan + UBSan in the sanitizer build).
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

namespace praxi::fuzz {

// A finding: print and abort so libFuzzer (and ctest) record it as a crash.
[[noreturn]] inline void fail(const char* what) {
  std::fprintf(stderr, "praxi fuzz invariant violated: %s\n", what);
  std::abort();
}
#define PRAXI_FUZZ_CHECK(cond) \
  do {                         \
    if (!(cond)) ::praxi::fuzz::fail(#cond); \
  } while (0)

// Strict UTF-8 (RFC 3629: no overlongs, no surrogates, nothing above U+10FFFF), written here from the
// RFC independently of the libraries' own checkers so the two can be compared.
inline bool valid_utf8(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const std::size_t n = s.size();
  std::size_t i = 0;
  while (i < n) {
    const unsigned c = p[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    std::size_t len;
    std::uint32_t cp;
    if ((c & 0xe0) == 0xc0) {
      len = 2, cp = c & 0x1f;
    } else if ((c & 0xf0) == 0xe0) {
      len = 3, cp = c & 0x0f;
    } else if ((c & 0xf8) == 0xf0) {
      len = 4, cp = c & 0x07;
    } else {
      return false;
    }
    if (n - i < len) return false;
    for (std::size_t k = 1; k < len; ++k) {
      if ((p[i + k] & 0xc0) != 0x80) return false;
      cp = (cp << 6) | (p[i + k] & 0x3f);
    }
    static constexpr std::uint32_t kMin[5] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < kMin[len] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return false;
    i += len;
  }
  return true;
}

// Calls f(piece) for every piece of `data` between `sep` bytes (the last piece may be empty).
template <typename F>
void split(std::string_view data, char sep, F&& f) {
  std::size_t start = 0;
  for (;;) {
    const std::size_t at = data.find(sep, start);
    if (at == std::string_view::npos) {
      f(data.substr(start));
      return;
    }
    f(data.substr(start, at - start));
    start = at + 1;
  }
}

}  // namespace praxi::fuzz
