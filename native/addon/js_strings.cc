#include "js_strings.h"

#include <cstdint>
#include <vector>

namespace praxi::addon {
namespace {

bool ascii(const std::string& s) {
  for (const unsigned char c : s) {
    if (c >= 0x80) return false;
  }
  return true;
}

}  // namespace

Napi::Array split_strings(Napi::Env env, std::size_t count, const std::function<const std::string&(std::size_t)>& item, char separator) {
  if (count == 0) return Napi::Array::New(env, 0);
  std::size_t total = count;
  for (std::size_t i = 0; i < count; ++i) {
    const std::string& s = item(i);
    if (s.find(separator) != std::string::npos) {
      Napi::Array out = Napi::Array::New(env, count);
      for (std::size_t k = 0; k < count; ++k) out.Set(static_cast<std::uint32_t>(k), Napi::String::New(env, item(k)));
      return out;
    }
    total += s.size();
  }
  std::string joined;
  joined.reserve(total);
  std::vector<std::size_t> decoded;
  for (std::size_t i = 0; i < count; ++i) {
    if (i != 0) joined.push_back(separator);
    const std::string& s = item(i);
    if (ascii(s)) {
      joined += s;
    } else {
      decoded.push_back(i);
    }
  }
  napi_value raw;
  if (napi_create_string_latin1(env, joined.data(), joined.size(), &raw) != napi_ok) throw Napi::Error::New(env, "cannot create a string of the joined items");
  Napi::String str(env, raw);
  Napi::Function split = str.ToObject().Get("split").As<Napi::Function>();
  Napi::Array out = split.Call(str, {Napi::String::New(env, std::string(1, separator))}).As<Napi::Array>();
  for (const std::size_t i : decoded) out.Set(static_cast<std::uint32_t>(i), Napi::String::New(env, item(i)));
  return out;
}

}  // namespace praxi::addon
