// Per-environment state (worker threads each get their own), held with env.SetInstanceData
// instead of globals.
#pragma once

#include <napi.h>

namespace praxi::addon {

struct AddonData {
  // The JS error class domain errors are built with (set once by the TS loader).
  Napi::FunctionReference error_class;
  Napi::FunctionReference filter_list_ctor;
};

inline AddonData& data(Napi::Env env) { return *env.GetInstanceData<AddonData>(); }

}  // namespace praxi::addon
