#include "praxi/vw/hash.h"

#include <cstring>

namespace praxi::vw {
namespace {
inline uint32_t rotl32(uint32_t x, int r) { return (x << r) | (x >> (32 - r)); }
inline uint32_t fmix32(uint32_t h) {
  h ^= h >> 16;
  h *= 0x85ebca6bU;
  h ^= h >> 13;
  h *= 0xc2b2ae35U;
  h ^= h >> 16;
  return h;
}
}  // namespace

uint32_t murmur3_32(const void* data, size_t len, uint32_t seed) {
  const auto* bytes = static_cast<const unsigned char*>(data);
  const size_t nblocks = len / 4;
  uint32_t h = seed;
  constexpr uint32_t c1 = 0xcc9e2d51U;
  constexpr uint32_t c2 = 0x1b873593U;
  for (size_t i = 0; i < nblocks; ++i) {
    // Assemble explicitly so the result is little-endian on any host.
    uint32_t k = static_cast<uint32_t>(bytes[4 * i]) | (static_cast<uint32_t>(bytes[4 * i + 1]) << 8) |
                 (static_cast<uint32_t>(bytes[4 * i + 2]) << 16) | (static_cast<uint32_t>(bytes[4 * i + 3]) << 24);
    k *= c1;
    k = rotl32(k, 15);
    k *= c2;
    h ^= k;
    h = rotl32(h, 13);
    h = h * 5 + 0xe6546b64U;
  }
  const unsigned char* tail = bytes + nblocks * 4;
  uint32_t k = 0;
  switch (len & 3) {
    case 3:
      k ^= static_cast<uint32_t>(tail[2]) << 16;
      [[fallthrough]];
    case 2:
      k ^= static_cast<uint32_t>(tail[1]) << 8;
      [[fallthrough]];
    case 1:
      k ^= tail[0];
      k *= c1;
      k = rotl32(k, 15);
      k *= c2;
      h ^= k;
  }
  h ^= static_cast<uint32_t>(len);
  return fmix32(h);
}

uint64_t hashstring(std::string_view s, uint64_t seed) {
  size_t b = 0, e = s.size();
  while (b < e && static_cast<unsigned char>(s[b]) <= 0x20) ++b;
  while (e > b && static_cast<unsigned char>(s[e - 1]) <= 0x20) --e;
  uint64_t value = 0;
  for (size_t i = b; i < e; ++i) {
    const char c = s[i];
    if (c < '0' || c > '9') return murmur3_32(s.data() + b, e - b, static_cast<uint32_t>(seed));
    value = value * 10 + static_cast<uint64_t>(c - '0');
  }
  return value + seed;
}

}  // namespace praxi::vw
