#include "vw_binding.h"

#include <ostream>
#include <sstream>
#include <streambuf>
#include <string>
#include <vector>

#include "errors.h"
#include "praxi/vw/driver.h"
#include "vw_model.h"

namespace praxi::addon {
namespace {

// Collects everything the engine writes to stderr and, when JS asked for streaming, forwards it whole
// lines at a time through the worker's progress queue.
class LineForwarder final : public std::streambuf {
 public:
  using Progress = Napi::AsyncProgressQueueWorker<char>::ExecutionProgress;
  LineForwarder(const Progress* progress, std::string& all) : progress_(progress), all_(all) {}
  void flush_all() {
    if (progress_ && sent_ < all_.size()) progress_->Send(all_.data() + sent_, all_.size() - sent_);
    sent_ = all_.size();
  }

 protected:
  int_type overflow(int_type c) override {
    if (traits_type::eq_int_type(c, traits_type::eof())) return traits_type::not_eof(c);
    const char ch = traits_type::to_char_type(c);
    xsputn(&ch, 1);
    return c;
  }
  std::streamsize xsputn(const char* s, std::streamsize n) override {
    all_.append(s, static_cast<size_t>(n));
    const size_t nl = all_.rfind('\n');
    if (progress_ && nl != std::string::npos && nl + 1 > sent_) {
      progress_->Send(all_.data() + sent_, nl + 1 - sent_);
      sent_ = nl + 1;
    }
    return n;
  }

 private:
  const Progress* progress_;
  std::string& all_;
  size_t sent_ = 0;
};

// runVw: praxi::vw::run_command_line on the pool. The promise settles only after every stderr chunk
// has been delivered (AsyncProgressQueueWorker drains its queue before OnOK).
class RunVwWorker final : public Napi::AsyncProgressQueueWorker<char> {
 public:
  RunVwWorker(Napi::Env env, std::vector<std::string> args, Napi::Value on_stderr)
      : Napi::AsyncProgressQueueWorker<char>(env, "praxi.runVw"),
        deferred_(Napi::Promise::Deferred::New(env)),
        args_(std::move(args)) {
    if (on_stderr.IsFunction()) on_stderr_ = Napi::Persistent(on_stderr.As<Napi::Function>());
  }
  Napi::Promise Start() {
    Napi::Promise p = deferred_.Promise();
    Queue();
    return p;
  }

 private:
  void Execute(const ExecutionProgress& progress) override {
    try {
      LineForwarder buf(on_stderr_.IsEmpty() ? nullptr : &progress, stderr_);
      std::ostream err(&buf);
      std::ostringstream out;
      exit_code_ = vw::run_command_line(args_, out, err);
      err.flush();
      buf.flush_all();
    } catch (const std::exception& e) {
      SetError(e.what());
    }
  }
  void OnProgress(const char* data, size_t count) override {
    if (on_stderr_.IsEmpty() || !data || count == 0) return;
    Napi::Env env = Env();
    try {
      on_stderr_.Call({Napi::String::New(env, data, count)});
    } catch (const Napi::Error&) {
      // A throwing listener must not break the run; the text is still in the result.
    }
  }
  void OnOK() override {
    Napi::Env env = Env();
    Napi::Object o = Napi::Object::New(env);
    o.Set("exitCode", Napi::Number::New(env, exit_code_));
    o.Set("stderr", Napi::String::New(env, stderr_));
    deferred_.Resolve(o);
  }
  void OnError(const Napi::Error& e) override { deferred_.Reject(make_error(Env(), "INTERNAL", e.Message())); }

  Napi::Promise::Deferred deferred_;
  std::vector<std::string> args_;
  Napi::FunctionReference on_stderr_;
  std::string stderr_;
  int exit_code_ = 1;
};

Napi::Value RunVw(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!info[0].IsArray()) throw Napi::TypeError::New(env, "runVw expects the vw arguments as an array of strings");
  std::vector<std::string> args = vw_args_from_js(env, info[0], "args");
  if (!info[1].IsUndefined() && !info[1].IsNull() && !info[1].IsFunction())
    throw Napi::TypeError::New(env, "runVw's second argument must be a function receiving stderr text");
  return (new RunVwWorker(env, std::move(args), info[1]))->Start();
}

}  // namespace

void InitVw(Napi::Env env, Napi::Object exports) {
  VwModelWrap::Init(env, exports);
  exports.Set("runVw", Napi::Function::New(env, RunVw, "runVw"));
}

}  // namespace praxi::addon
