#pragma once

#include <cstddef>
#include <string_view>

namespace praxi::columbus::detail {

// Returns the byte offset of the first invalid sequence, or npos when `s` is valid UTF-8
// (no overlong forms, no surrogates, nothing above U+10FFFF).
std::size_t find_invalid_utf8(std::string_view s) noexcept;

inline bool is_continuation(unsigned char c) noexcept { return (c & 0xC0) == 0x80; }

}  // namespace praxi::columbus::detail
