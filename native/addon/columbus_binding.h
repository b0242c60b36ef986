#pragma once

#include <napi.h>

namespace praxi::addon {

// tagChanges(changes: string[], options: {threshold: number, filter: FilterList | null}): Promise<RawTagSet>
// pathWords(changes: string[]): Promise<{all: RawTagSet, directories: RawTagSet}> (native/features)
void InitColumbus(Napi::Env env, Napi::Object exports);

}  // namespace praxi::addon
