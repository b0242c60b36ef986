#include "changeset_binding.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "js_strings.h"
#include "praxi/changeset/fast_parse.h"

namespace praxi::addon {
namespace {

// Entries rarely hold a line feed (only written as an escape or a folded blank line): they cross
// as one '\n'-joined string (js_strings.h).
Napi::Value to_js_strings(Napi::Env env, const std::vector<std::string>& items) {
  return split_strings(env, items.size(), [&items](std::size_t i) -> const std::string& { return items[i]; }, '\n');
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
