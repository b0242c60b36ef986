// A snapshot stays in C++ (hundreds of thousands of entries): JS holds an External handle, type
// tagged so that no other object can be passed for it, and asks for the diff or the entry list.
#include "snapshot_binding.h"

#include <memory>
#include <string>
#include <system_error>
#include <vector>

#include "errors.h"
#include "js_strings.h"
#include "praxi/snapshot/snapshot.h"
#include "promise_worker.h"

namespace praxi::addon {
namespace {

using SnapshotPtr = std::shared_ptr<const snapshot::Snapshot>;

constexpr napi_type_tag kSnapshotTag = {0x7072617869736e61ULL, 0x7073686f74763031ULL};

Napi::Value wrap(Napi::Env env, SnapshotPtr s) {
  auto* holder = new SnapshotPtr(std::move(s));
  auto ext = Napi::External<SnapshotPtr>::New(env, holder, [](Napi::Env, SnapshotPtr* p) { delete p; });
  ext.TypeTag(&kSnapshotTag);
  return ext;
}

SnapshotPtr unwrap(Napi::Env env, const Napi::Value& v, const char* what) {
  if (!v.IsExternal() || !v.As<Napi::Object>().CheckTypeTag(&kSnapshotTag)) {
    throw Napi::TypeError::New(env, std::string(what) + " must be a snapshot made by takeSnapshot");
  }
  return *v.As<Napi::External<SnapshotPtr>>().Data();
}

// Paths with a line feed in them are rare but legal, so the separator here is NUL, which no path
// contains (js_strings.h).
Napi::Value joined_strings(Napi::Env env, const std::vector<const std::string*>& items) {
  return split_strings(env, items.size(), [&items](std::size_t i) -> const std::string& { return *items[i]; }, '\0');
}

Napi::Array string_array(Napi::Env env, const std::vector<std::string>& items) {
  Napi::Array a = Napi::Array::New(env, items.size());
  for (uint32_t i = 0; i < items.size(); ++i) a.Set(i, Napi::String::New(env, items[i]));
  return a;
}

// {paths: string[], modes: Uint32Array, mtimes, ctimes: Float64Array (seconds)} for the chosen entries of `s`.
Napi::Object entry_list(Napi::Env env, const snapshot::Snapshot& s, const std::vector<std::size_t>& which) {
  std::vector<const std::string*> paths;
  paths.reserve(which.size());
  Napi::Uint32Array modes = Napi::Uint32Array::New(env, which.size());
  Napi::Float64Array mtimes = Napi::Float64Array::New(env, which.size());
  Napi::Float64Array ctimes = Napi::Float64Array::New(env, which.size());
  for (std::size_t k = 0; k < which.size(); ++k) {
    const snapshot::Entry& e = s.entries[which[k]];
    paths.push_back(&e.path);
    modes[k] = e.mode;
    mtimes[k] = static_cast<double>(e.mtime_ns) / 1e9;
    ctimes[k] = static_cast<double>(e.ctime_ns) / 1e9;
  }
  Napi::Object o = Napi::Object::New(env);
  o.Set("paths", joined_strings(env, paths));
  o.Set("modes", modes);
  o.Set("mtimes", mtimes);
  o.Set("ctimes", ctimes);
  return o;
}

class TakeWorker : public PromiseWorker {
 public:
  TakeWorker(Napi::Env env, snapshot::Options options) : PromiseWorker(env), options_(std::move(options)) {}

 protected:
  void Run() override {
    try {
      result_ = std::make_shared<const snapshot::Snapshot>(snapshot::take(options_));
    } catch (const std::system_error& e) {
      Fail(e.code() == std::errc::no_such_file_or_directory ? "INPUT_NOT_FOUND" : "INPUT_UNREADABLE", e.what());
    }
  }
  Napi::Value Result(Napi::Env env) override { return wrap(env, result_); }

 private:
  snapshot::Options options_;
  SnapshotPtr result_;
};

class DiffWorker : public PromiseWorker {
 public:
  DiffWorker(Napi::Env env, SnapshotPtr before, SnapshotPtr after)
      : PromiseWorker(env), before_(std::move(before)), after_(std::move(after)) {}

 protected:
  void Run() override { diff_ = snapshot::diff(*before_, *after_); }
  Napi::Value Result(Napi::Env env) override {
    Napi::Object o = Napi::Object::New(env);
    o.Set("created", entry_list(env, *after_, diff_.created));
    o.Set("modified", entry_list(env, *after_, diff_.modified));
    o.Set("deleted", entry_list(env, *before_, diff_.deleted));
    return o;
  }

 private:
  SnapshotPtr before_;
  SnapshotPtr after_;
  snapshot::Diff diff_;
};

Napi::Value TakeSnapshot(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 1 || !info[0].IsString()) throw Napi::TypeError::New(env, "takeSnapshot expects a root directory path");
  snapshot::Options o;
  o.root = info[0].As<Napi::String>().Utf8Value();
  if (info.Length() > 1 && info[1].IsObject()) {
    Napi::Object opt = info[1].As<Napi::Object>();
    Napi::Value ex = opt.Get("excludes");
    if (!ex.IsUndefined()) {
      if (!ex.IsArray()) throw Napi::TypeError::New(env, "options.excludes must be an array of strings");
      Napi::Array a = ex.As<Napi::Array>();
      for (uint32_t i = 0; i < a.Length(); ++i) {
        Napi::Value v = a.Get(i);
        if (!v.IsString()) throw Napi::TypeError::New(env, "options.excludes[" + std::to_string(i) + "] is not a string");
        o.excludes.push_back(v.As<Napi::String>().Utf8Value());
      }
    }
    Napi::Value one = opt.Get("oneFilesystem");
    if (!one.IsUndefined()) o.one_filesystem = one.ToBoolean().Value();
    Napi::Value stat = opt.Get("stat");
    if (!stat.IsUndefined()) o.stat = stat.ToBoolean().Value();
    Napi::Value threads = opt.Get("threads");
    if (threads.IsNumber()) o.threads = threads.As<Napi::Number>().Uint32Value();
  }
  return (new TakeWorker(env, std::move(o)))->Start();
}

Napi::Value SnapshotInfo(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  SnapshotPtr s = unwrap(env, info[0], "snapshotInfo(handle)");
  Napi::Object o = Napi::Object::New(env);
  o.Set("entries", Napi::Number::New(env, static_cast<double>(s->entries.size())));
  o.Set("directories", Napi::Number::New(env, static_cast<double>(s->directories)));
  o.Set("otherMounts", string_array(env, s->other_mounts));
  o.Set("warnings", string_array(env, s->warnings));
  return o;
}

Napi::Value SnapshotEntries(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  SnapshotPtr s = unwrap(env, info[0], "snapshotEntries(handle)");
  std::vector<std::size_t> all(s->entries.size());
  for (std::size_t i = 0; i < all.size(); ++i) all[i] = i;
  return entry_list(env, *s, all);
}

Napi::Value DiffSnapshots(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  SnapshotPtr before = unwrap(env, info[0], "diffSnapshots(before, after): before");
  SnapshotPtr after = unwrap(env, info[1], "diffSnapshots(before, after): after");
  return (new DiffWorker(env, std::move(before), std::move(after)))->Start();
}

}  // namespace

void InitSnapshot(Napi::Env env, Napi::Object exports) {
  exports.Set("takeSnapshot", Napi::Function::New(env, TakeSnapshot, "takeSnapshot"));
  exports.Set("snapshotInfo", Napi::Function::New(env, SnapshotInfo, "snapshotInfo"));
  exports.Set("snapshotEntries", Napi::Function::New(env, SnapshotEntries, "snapshotEntries"));
  exports.Set("diffSnapshots", Napi::Function::New(env, DiffSnapshots, "diffSnapshots"));
}

}  // namespace praxi::addon
