#pragma once
// Feature hashing exactly as VW 9 does it (vw.md "Hashing").
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace praxi::vw {

// MurmurHash3 x86_32 over little-endian 4-byte blocks.
uint32_t murmur3_32(const void* data, size_t len, uint32_t seed);
inline uint32_t murmur3_32(std::string_view s, uint32_t seed) { return murmur3_32(s.data(), s.size(), seed); }

enum class HashMode : uint8_t { Strings, All };

// VW `hashstring`: trims bytes <= 0x20 at both ends; an all-digit remainder hashes to its decimal value
// plus the seed (64-bit wrap-around, like VW's size_t arithmetic), anything else to murmur3.
uint64_t hashstring(std::string_view s, uint64_t seed);
// `--hash all`: always murmur3 (no trimming).
inline uint64_t hashall(std::string_view s, uint64_t seed) {
  return murmur3_32(s, static_cast<uint32_t>(seed));
}
inline uint64_t hash_name(HashMode mode, std::string_view s, uint64_t seed) {
  return mode == HashMode::Strings ? hashstring(s, seed) : hashall(s, seed);
}

// Channel hash of a namespace. `name` empty = the default namespace.
inline uint64_t namespace_hash(HashMode mode, std::string_view name, uint32_t hash_seed) {
  if (name.empty()) return hash_seed == 0 ? 0 : murmur3_32("", 0, hash_seed);
  return hash_name(mode, name, hash_seed);
}

inline constexpr uint64_t kConstantHash = 11650396;  // VW::details::CONSTANT
inline constexpr unsigned char kConstantNamespace = 128;
inline constexpr unsigned char kDefaultNamespace = ' ';

// Width the class interleave occupies for a k-wide reduction with the default 4-float stride:
// nextpow2(k*4) >> 2 == nextpow2(k). For k == 1 (no reduction) it is 1.
inline uint32_t interleave_width(uint32_t k) {
  uint32_t w = 1;
  while (w < k) w <<= 1;
  return w;
}

}  // namespace praxi::vw
