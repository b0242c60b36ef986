#pragma once

#include <napi.h>

namespace praxi::addon {

// takeSnapshot(root, {excludes, oneFilesystem, threads}) → Promise<handle>; snapshotInfo(handle);
// snapshotEntries(handle); diffSnapshots(before, after) → Promise<{created, modified, deleted}>.
void InitSnapshot(Napi::Env env, Napi::Object exports);

}  // namespace praxi::addon
