#pragma once
// The VW part of the addon: the VwModel class and runVw(args, onStderr?) (vw's command line).
#include <napi.h>

namespace praxi::addon {

void InitVw(Napi::Env env, Napi::Object exports);

}  // namespace praxi::addon
