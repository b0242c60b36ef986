#include "filter_list.h"

#include "addon_data.h"

namespace praxi::addon {

void FilterListWrap::Init(Napi::Env env, Napi::Object exports) {
  Napi::Function ctor = DefineClass(env, "FilterList", {InstanceAccessor<&FilterListWrap::Size>("size")});
  data(env).filter_list_ctor = Napi::Persistent(ctor);
  exports.Set("FilterList", ctor);
}

FilterListWrap::FilterListWrap(const Napi::CallbackInfo& info) : Napi::ObjectWrap<FilterListWrap>(info) {
  if (!info[0].IsString()) throw Napi::TypeError::New(info.Env(), "FilterList expects the list's text (one tag per line)");
  list_ = std::make_shared<const columbus::FilterList>(columbus::FilterList::parse(info[0].As<Napi::String>().Utf8Value()));
}

Napi::Value FilterListWrap::Size(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), static_cast<double>(list_->size()));
}

std::shared_ptr<const columbus::FilterList> FilterListWrap::From(Napi::Env env, Napi::Value value) {
  if (value.IsNull() || value.IsUndefined()) return nullptr;
  if (!value.IsObject() || !value.As<Napi::Object>().InstanceOf(data(env).filter_list_ctor.Value())) {
    throw Napi::TypeError::New(env, "filter must be a FilterList or null");
  }
  return Unwrap(value.As<Napi::Object>())->list_;
}

}  // namespace praxi::addon
