#include "changeset_binding.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "praxi/changeset/fast_parse.h"

namespace praxi::addon {
namespace {

// Creating one JS string per entry through N-API costs ~10x the parse itself. Entries rarely hold a
// line feed (only written as an escape or a folded blank line), so they cross as one string joined
// by '\n' and V8's own String.prototype.split (which makes cheap sliced strings) rebuilds the array;
// a list where some entry has one is built entry by entry.
Napi::Value to_js_strings(Napi::Env env, const std::vector<std::string>& items) {
  if (items.empty()) return Napi::Array::New(env, 0);
  std::size_t total = items.size();
  for (const auto& s : items) {
    if (s.find('\n') != std::string::npos) {
      Napi::Array out = Napi::Array::New(env, items.size());
      for (std::size_t i = 0; i < items.size(); ++i) out.Set(static_cast<std::uint32_t>(i), Napi::String::New(env, items[i]));
      return out;
    }
    total += s.size();
  }
  std::string joined;
  joined.reserve(total);
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i != 0) joined.push_back('\n');
    joined += items[i];
  }
  Napi::String str = Napi::String::New(env, joined);
  Napi::Function split = str.ToObject().Get("split").As<Napi::Function>();
  return split.Call(str, {Napi::String::New(env, "\n")});
}

Napi::Value ParseChangesetFast(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 1 || !info[0].IsTypedArray() ||
      info[0].As<Napi::TypedArray>().TypedArrayType() != napi_uint8_array) {
    throw Napi::TypeError::New(env, "parseChangesetFast expects a Buffer or Uint8Array");
  }
  auto bytes = info[0].As<Napi::Uint8Array>();
  const std::string_view text(reinterpret_cast<const char*>(bytes.Data()), bytes.ByteLength());
  changeset::Changeset cs;
  if (changeset::parse_yaml_fast(text, cs) != changeset::FastParse::ok) return env.Null();

  Napi::Object out = Napi::Object::New(env);
  out.Set("changes", to_js_strings(env, cs.changes));
  if (cs.label) out.Set("label", Napi::String::New(env, *cs.label));
  if (cs.labels) out.Set("labels", to_js_strings(env, *cs.labels));
  if (cs.id) out.Set("id", Napi::String::New(env, *cs.id));
  if (cs.open_time) out.Set("open_time", Napi::Number::New(env, *cs.open_time));
  if (cs.close_time) out.Set("close_time", Napi::Number::New(env, *cs.close_time));
  return out;
}

}  // namespace

void InitChangesetBinding(Napi::Env env, Napi::Object exports) {
  exports.Set("parseChangesetFast", Napi::Function::New(env, ParseChangesetFast, "parseChangesetFast"));
}

}  // namespace praxi::addon
