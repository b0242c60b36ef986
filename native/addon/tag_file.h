#pragma once

#include <napi.h>

namespace praxi::addon {

// tagFile(path: string, options: {threshold, filter, words?}):
//   Promise<{tags: RawTagSet, changes: number, label?, labels?, id?, open_time?, close_time?}
//           | {fallback: true, bytes: Buffer}>
void InitTagFile(Napi::Env env, Napi::Object exports);

}  // namespace praxi::addon
