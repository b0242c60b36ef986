#pragma once
// VwModel: a praxi::vw::Model owned by a JS object. create() is synchronous (it only allocates);
// load/train/predict/save/readable run on the libuv pool and return Promises. One operation at a time
// per model: a call made while another is running rejects with VW_BUSY (the TypeScript wrapper in
// src/vw/index.ts queues instead). Workers share ownership of the model, so a model that JS drops while
// an operation runs stays alive until the operation ends.
#include <napi.h>

#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "praxi/vw/model.h"

namespace praxi::addon {

struct VwModelState {
  explicit VwModelState(vw::Model m) : model(std::move(m)) {}
  vw::Model model;
  // Set on the main thread when an operation is queued, cleared by the worker when it no longer touches
  // the model (before its result is built).
  std::atomic<bool> busy{false};
  // Main thread only: the weight memory reported to V8 (AdjustExternalMemory), so a dropped model's
  // megabytes count towards garbage collection; `wrapped` goes false when the JS object is finalized.
  int64_t reported_bytes = 0;
  bool wrapped = true;
};

// Reports the model's current weight memory (`bytes`, measured by a worker while it owned the model).
void report_model_memory(Napi::Env env, VwModelState& state, size_t bytes);

// Per-environment data of the binding: the class constructor, for instances made by create()/load().
struct VwEnvData {
  Napi::FunctionReference ctor;
  // The state Wrap() hands to the constructor (set only around ctor.New(); JS `new VwModel()` sees null).
  std::shared_ptr<VwModelState>* pending = nullptr;
};

class VwModelWrap : public Napi::ObjectWrap<VwModelWrap> {
 public:
  static void Init(Napi::Env env, Napi::Object exports);
  explicit VwModelWrap(const Napi::CallbackInfo& info);
  void Finalize(Napi::Env env) override;

  // A new JS VwModel owning `state` (main thread).
  static Napi::Object Wrap(VwEnvData& data, std::shared_ptr<VwModelState> state);

 private:
  static Napi::Value Create(const Napi::CallbackInfo& info);
  static Napi::Value Load(const Napi::CallbackInfo& info);
  static Napi::Value OpenFile(const Napi::CallbackInfo& info);
  Napi::Value Train(const Napi::CallbackInfo& info);
  Napi::Value Predict(const Napi::CallbackInfo& info);
  Napi::Value Save(const Napi::CallbackInfo& info);
  Napi::Value SaveFile(const Napi::CallbackInfo& info);
  Napi::Value Readable(const Napi::CallbackInfo& info);
  Napi::Value WithClasses(const Napi::CallbackInfo& info);
  Napi::Value NumClasses(const Napi::CallbackInfo& info);
  Napi::Value LabelTypeName(const Napi::CallbackInfo& info);
  Napi::Value OptionsString(const Napi::CallbackInfo& info);
  Napi::Value Bits(const Napi::CallbackInfo& info);
  Napi::Value Probabilities(const Napi::CallbackInfo& info);

  // A rejected promise with VW_BUSY when another operation runs; otherwise marks the model busy.
  bool Acquire(Napi::Env env, Napi::Value* rejected);

  std::shared_ptr<VwModelState> state_;
};

// VW-style argument arrays from JS (every element a string).
std::vector<std::string> vw_args_from_js(Napi::Env env, Napi::Value value, const char* what);

}  // namespace praxi::addon
