#pragma once

#include <napi.h>

namespace praxi::addon {

// parseChangesetFast(bytes: Uint8Array): {changes, label?, labels?, id?, open_time?, close_time?} | null
// Synchronous: the fast path runs at ~1 GB/s, so a worker thread would cost more than it saves.
// null means "not the common shape, use the full YAML parser".
void InitChangesetBinding(Napi::Env env, Napi::Object exports);

}  // namespace praxi::addon
