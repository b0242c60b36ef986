#pragma once

#include <napi.h>

namespace praxi::addon {

// growPipe(fd, bytes) → the capacity afterwards of the pipe (or socket) fd writes into; 0 for
// anything else, or where the system has no way to set it.
void InitStdio(Napi::Env env, Napi::Object exports);

}  // namespace praxi::addon
