// Module init: one call per binding; all state lives in AddonData (no globals).
#include <napi.h>

#include "addon_data.h"
#include "columbus_binding.h"
#include "errors.h"
#include "filter_list.h"
#include "changeset_binding.h"
#include "snapshot_binding.h"
#include "stdio_binding.h"
#include "tag_file.h"
#include "vw_binding.h"

namespace praxi::addon {

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  env.SetInstanceData(new AddonData());
  exports.Set("setErrorClass", Napi::Function::New(env, SetErrorClass, "setErrorClass"));
  FilterListWrap::Init(env, exports);
  InitColumbus(env, exports);
  InitChangesetBinding(env, exports);
  InitSnapshot(env, exports);
  InitStdio(env, exports);
  InitTagFile(env, exports);
  InitVw(env, exports);
  return exports;
}

}  // namespace praxi::addon

// NODE_API_MODULE pastes the function name into an identifier, so it must be unqualified.
static Napi::Object InitPraxi(Napi::Env env, Napi::Object exports) { return praxi::addon::Init(env, exports); }
NODE_API_MODULE(praxi, InitPraxi)
