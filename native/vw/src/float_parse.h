#pragma once
// VW's text-number reader, reproduced from its observable behaviour (checked against vw-exact):
// decimal digits are accumulated in float (acc = acc*10 + d), then scaled by 10^(exp - decimals) where the
// power is built by repeated float multiplication/division by 10. That is NOT correctly rounded
// ("1.9842" -> 1.98419976f, strtof gives 1.98420000f), and feature values feed the weights, so
// bit-exact training needs this exact arithmetic. Anything the fast form does not cover (leading '+',
// "inf", "nan", hex) falls back to strtod, as VW does.
#include <cfloat>
#include <cmath>
#include <cstdlib>
#include <string>
#include <string_view>

namespace praxi::vw::detail {

inline float pow10f_vw(int e) {
  float p = 1.f;
  if (e < 0) {
    for (int i = 0; i < -e && p != 0.f; ++i) p /= 10.f;
  } else {
    for (int i = 0; i < e && !std::isinf(p); ++i) p *= 10.f;
  }
  return p;
}

inline bool is_value_end(char c) { return c == ' ' || c == '\t' || c == '|' || c == '\r' || c == '\n'; }

// Parses a number at the start of `s`. Returns the number of bytes consumed (0 = not a number).
inline size_t parse_float_prefix(std::string_view s, float& out) {
  size_t i = 0;
  const size_t n = s.size();
  float sign = 1.f;
  if (i < n && s[i] == '-') {
    sign = -1.f;
    ++i;
  }
  float acc = 0.f;
  bool any = false;
  while (i < n && s[i] >= '0' && s[i] <= '9') {
    acc = acc * 10.f + static_cast<float>(s[i] - '0');
    ++i;
    any = true;
  }
  int decimals = 0;
  if (i < n && s[i] == '.') {
    ++i;
    while (i < n && s[i] >= '0' && s[i] <= '9') {
      if (decimals < 35) {
        acc = acc * 10.f + static_cast<float>(s[i] - '0');
        ++decimals;
      }
      ++i;
      any = true;
    }
  }
  int exponent = 0;
  if (i < n && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    int esign = 1;
    if (i < n && (s[i] == '-' || s[i] == '+')) {
      if (s[i] == '-') esign = -1;
      ++i;
    }
    int e = 0;
    while (i < n && s[i] >= '0' && s[i] <= '9') {
      if (e < 100000) e = e * 10 + (s[i] - '0');
      ++i;
    }
    exponent = esign * e;
  }
  if (i == n || is_value_end(s[i])) {
    if (!any && i == 0) return 0;
    float v = sign * acc * pow10f_vw(exponent - decimals);
    // VW runs with denormals flushed: values that small come out as 0 (and are then dropped).
    if (v != 0.f && std::fabs(v) < FLT_MIN) v = 0.f * sign;
    out = v;
    return i;
  }
  // Fallback: strtod on a NUL-terminated copy of the token.
  size_t tok_end = 0;
  while (tok_end < n && !is_value_end(s[tok_end])) ++tok_end;
  char buf[128];
  std::string big;
  const char* p;
  if (tok_end < sizeof(buf)) {
    s.copy(buf, tok_end);
    buf[tok_end] = '\0';
    p = buf;
  } else {
    big.assign(s.substr(0, tok_end));
    p = big.c_str();
  }
  char* endp = nullptr;
  const double d = std::strtod(p, &endp);
  const size_t used = static_cast<size_t>(endp - p);
  if (used == 0) return 0;
  out = static_cast<float>(d);
  return used;
}

}  // namespace praxi::vw::detail
