#pragma once

#include <napi.h>

#include <memory>

#include "praxi/columbus/columbus.h"

namespace praxi::addon {

// A parsed filter list, shared with the workers that use it (they keep it alive while running).
class FilterListWrap : public Napi::ObjectWrap<FilterListWrap> {
 public:
  static void Init(Napi::Env env, Napi::Object exports);
  explicit FilterListWrap(const Napi::CallbackInfo& info);

  // Null when `value` is null/undefined; throws a TypeError when it is something else.
  static std::shared_ptr<const columbus::FilterList> From(Napi::Env env, Napi::Value value);

 private:
  Napi::Value Size(const Napi::CallbackInfo& info);
  std::shared_ptr<const columbus::FilterList> list_;
};

}  // namespace praxi::addon
