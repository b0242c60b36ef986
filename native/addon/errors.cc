#include "errors.h"

#include "addon_data.h"

namespace praxi::addon {

Napi::Value make_error(Napi::Env env, const std::string& code, const std::string& message) {
  AddonData& d = data(env);
  Napi::Object err;
  if (!d.error_class.IsEmpty()) {
    err = d.error_class.New({Napi::String::New(env, message), Napi::String::New(env, code)});
  } else {
    err = Napi::Error::New(env, message).Value();
  }
  err.Set("code", Napi::String::New(env, code));
  return err;
}

void throw_error(Napi::Env env, const std::string& code, const std::string& message) {
  throw Napi::Error(env, make_error(env, code, message));
}

void SetErrorClass(const Napi::CallbackInfo& info) {
  if (!info[0].IsFunction()) throw Napi::TypeError::New(info.Env(), "setErrorClass expects a constructor");
  data(info.Env()).error_class = Napi::Persistent(info[0].As<Napi::Function>());
}

}  // namespace praxi::addon
