#pragma once

#include <napi.h>

#include "praxi/columbus/columbus.h"
#include "praxi/features/path_words.h"

namespace praxi::addon {

// {text: Buffer, ends: Uint32Array, counts: Uint32Array}: three bulk copies instead of one
// JS string per tag; the TS TagSet decodes lazily.
Napi::Object tag_set_to_js(Napi::Env env, const columbus::TagSet& tags);

// {all: tag set, directories: tag set}: a changeset's path words (native/features).
Napi::Object path_words_to_js(Napi::Env env, const features::PathWordSets& words);

struct ColumbusOptions {
  columbus::Options options;
  std::shared_ptr<const columbus::FilterList> filter;  // keeps options.filter alive
};
ColumbusOptions columbus_options_from_js(Napi::Env env, Napi::Value value);

}  // namespace praxi::addon
