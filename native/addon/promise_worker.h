// Base for every heavy native call: JS gets a Promise, the work runs on the libuv pool.
// Subclasses copy their inputs into plain C++ in the constructor (main thread), do the work
// in Run() without touching any JS value, and build the JS result in Result() (main thread).
#pragma once

#include <napi.h>

#include <new>
#include <string>

#include "errors.h"

namespace praxi::addon {

class PromiseWorker : public Napi::AsyncWorker {
 public:
  explicit PromiseWorker(Napi::Env env) : Napi::AsyncWorker(env), deferred_(Napi::Promise::Deferred::New(env)) {}

  Napi::Promise Start() {
    Napi::Promise promise = deferred_.Promise();
    Queue();
    return promise;
  }

 protected:
  virtual void Run() = 0;
  virtual Napi::Value Result(Napi::Env env) = 0;

  // Called from Run(): ends the work with a coded error.
  void Fail(std::string code, std::string message) {
    code_ = std::move(code);
    SetError(message);
  }

 private:
  void Execute() final {
    try {
      Run();
    } catch (const std::bad_alloc&) {
      Fail("OUT_OF_MEMORY", "out of memory");
    } catch (const std::exception& e) {
      Fail("INTERNAL", e.what());
    }
  }

  void OnOK() final {
    Napi::Env env = Env();
    try {
      deferred_.Resolve(Result(env));
    } catch (const Napi::Error& e) {
      deferred_.Reject(e.Value());
    }
  }

  void OnError(const Napi::Error& e) final {
    deferred_.Reject(make_error(Env(), code_.empty() ? "INTERNAL" : code_, e.Message()));
  }

  Napi::Promise::Deferred deferred_;
  std::string code_;
};

}  // namespace praxi::addon
