#pragma once

#include <napi.h>

#include <string>

namespace praxi::addon {

// A domain error as JS sees it: an instance of the registered error class with a stable `code`.
Napi::Value make_error(Napi::Env env, const std::string& code, const std::string& message);
[[noreturn]] void throw_error(Napi::Env env, const std::string& code, const std::string& message);

void SetErrorClass(const Napi::CallbackInfo& info);

}  // namespace praxi::addon
