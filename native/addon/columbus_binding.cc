#include "columbus_binding.h"

#include <string>
#include <vector>

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

Napi::Value TagChanges(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!info[0].IsArray()) throw Napi::TypeError::New(env, "tagChanges expects an array of strings");
  Napi::Array arr = info[0].As<Napi::Array>();
  std::vector<std::string> changes;
  changes.reserve(arr.Length());
  for (std::uint32_t i = 0; i < arr.Length(); ++i) {
    Napi::Value v = arr.Get(i);
    if (!v.IsString()) throw Napi::TypeError::New(env, "change " + std::to_string(i) + " is not a string");
    changes.push_back(v.As<Napi::String>().Utf8Value());
  }
  ColumbusOptions options = columbus_options_from_js(env, info[1]);
  auto* worker = new TagChangesWorker(env, std::move(changes), std::move(options));
  return worker->Start();
}

}  // namespace

void InitColumbus(Napi::Env env, Napi::Object exports) {
  exports.Set("tagChanges", Napi::Function::New(env, TagChanges, "tagChanges"));
}

}  // namespace praxi::addon
