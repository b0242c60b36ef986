#include "columbus_binding.h"

#include <string>
#include <vector>

#include "praxi/features/path_words.h"
#include "promise_worker.h"
#include "tag_result.h"

namespace praxi::addon {
namespace {

class TagChangesWorker final : public PromiseWorker {
 public:
  TagChangesWorker(Napi::Env env, std::vector<std::string> changes, ColumbusOptions options)
      : PromiseWorker(env), changes_(std::move(changes)), options_(std::move(options)) {}

 private:
  void Run() override {
    try {
      columbus::Tagger tagger;
      for (const std::string& c : changes_) tagger.add(c);
      result_ = tagger.finish(options_.options);
    } catch (const columbus::Error& e) {
      Fail(e.code(), e.what());
    }
  }

  Napi::Value Result(Napi::Env env) override { return tag_set_to_js(env, result_); }

  std::vector<std::string> changes_;
  ColumbusOptions options_;
  columbus::TagSet result_;
};

class PathWordsWorker final : public PromiseWorker {
 public:
  PathWordsWorker(Napi::Env env, std::vector<std::string> changes) : PromiseWorker(env), changes_(std::move(changes)) {}

 private:
  void Run() override {
    features::PathWords words;
    for (const std::string& c : changes_) words.add(c);
    result_ = words.finish();
  }

  Napi::Value Result(Napi::Env env) override { return path_words_to_js(env, result_); }

  std::vector<std::string> changes_;
  features::PathWordSets result_;
};

std::vector<std::string> changes_from_js(Napi::Env env, Napi::Value value, const char* what) {
  if (!value.IsArray()) throw Napi::TypeError::New(env, std::string(what) + " expects an array of strings");
  Napi::Array arr = value.As<Napi::Array>();
  std::vector<std::string> changes;
  changes.reserve(arr.Length());
  for (std::uint32_t i = 0; i < arr.Length(); ++i) {
    Napi::Value v = arr.Get(i);
    if (!v.IsString()) throw Napi::TypeError::New(env, "change " + std::to_string(i) + " is not a string");
    changes.push_back(v.As<Napi::String>().Utf8Value());
  }
  return changes;
}

Napi::Value TagChanges(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  std::vector<std::string> changes = changes_from_js(env, info[0], "tagChanges");
  ColumbusOptions options = columbus_options_from_js(env, info[1]);
  auto* worker = new TagChangesWorker(env, std::move(changes), std::move(options));
  return worker->Start();
}

// pathWords(changes): the path words of a changeset (native/features): {all, directories}.
Napi::Value PathWords(const Napi::CallbackInfo& info) {
  auto* worker = new PathWordsWorker(info.Env(), changes_from_js(info.Env(), info[0], "pathWords"));
  return worker->Start();
}

}  // namespace

void InitColumbus(Napi::Env env, Napi::Object exports) {
  exports.Set("tagChanges", Napi::Function::New(env, TagChanges, "tagChanges"));
  exports.Set("pathWords", Napi::Function::New(env, PathWords, "pathWords"));
}

}  // namespace praxi::addon
