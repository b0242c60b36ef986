#include "tag_result.h"

#include <cstring>

#include "filter_list.h"

namespace praxi::addon {
namespace {

Napi::Uint32Array copy_u32(Napi::Env env, const std::vector<std::uint32_t>& v) {
  Napi::Uint32Array out = Napi::Uint32Array::New(env, v.size());
  if (!v.empty()) std::memcpy(out.Data(), v.data(), v.size() * sizeof(std::uint32_t));
  return out;
}

}  // namespace

Napi::Object tag_set_to_js(Napi::Env env, const columbus::TagSet& tags) {
  Napi::Object o = Napi::Object::New(env);
  o.Set("text", Napi::Buffer<char>::Copy(env, tags.text.data(), tags.text.size()));
  o.Set("ends", copy_u32(env, tags.ends));
  o.Set("counts", copy_u32(env, tags.counts));
  return o;
}

Napi::Object path_words_to_js(Napi::Env env, const features::PathWordSets& words) {
  Napi::Object o = Napi::Object::New(env);
  o.Set("all", tag_set_to_js(env, words.all));
  o.Set("directories", tag_set_to_js(env, words.directories));
  return o;
}

ColumbusOptions columbus_options_from_js(Napi::Env env, Napi::Value value) {
  ColumbusOptions out;
  if (!value.IsObject()) throw Napi::TypeError::New(env, "options must be an object {threshold, filter}");
  Napi::Object o = value.As<Napi::Object>();
  Napi::Value threshold = o.Get("threshold");
  if (!threshold.IsNumber()) throw Napi::TypeError::New(env, "options.threshold must be a number");
  const double t = threshold.As<Napi::Number>().DoubleValue();
  if (!(t >= 0 && t <= 4294967295.0) || t != static_cast<double>(static_cast<std::uint32_t>(t))) {
    throw Napi::RangeError::New(env, "options.threshold must be a whole number >= 0");
  }
  out.options.threshold = static_cast<std::uint32_t>(t);
  out.filter = FilterListWrap::From(env, o.Get("filter"));
  out.options.filter = out.filter.get();
  return out;
}

}  // namespace praxi::addon
