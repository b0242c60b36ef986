#include "vw_model.h"

#include <cmath>
#include <cstring>
#include <limits>
#include <optional>

#include "errors.h"
#include "praxi/vw/error.h"
#include "praxi/vw/options.h"
#include "praxi/vw/passes.h"
#include "promise_worker.h"

namespace praxi::addon {
namespace {

// vw::Error's what() is "CODE: message"; JS gets the code separately.
std::string message_of(const vw::Error& e) {
  const std::string w = e.what();
  const std::string prefix = e.code() + ": ";
  return w.compare(0, prefix.size(), prefix) == 0 ? w.substr(prefix.size()) : w;
}

const char* label_type_name(vw::LabelType t) {
  switch (t) {
    case vw::LabelType::Simple: return "simple";
    case vw::LabelType::Multiclass: return "multiclass";
    case vw::LabelType::CostSensitive: return "cost_sensitive";
    case vw::LabelType::Multilabel: return "multilabel";
  }
  return "simple";
}

// Model arguments only: a run option would be silently ignored, so name it and say where it belongs.
vw::LearnOptions learn_options(Napi::Env env, const std::vector<std::string>& args) {
  vw::Options o;
  try {
    o = vw::parse_options(args);
  } catch (const vw::Error& e) {
    throw_error(env, e.code(), message_of(e));
  }
  const vw::RunOptions& r = o.run;
  const char* run_option = !r.data.empty()                ? "-d/--data"
                           : !r.final_regressor.empty()   ? "-f/--final_regressor"
                           : !r.initial_regressor.empty() ? "-i/--initial_regressor (use VwModel.load)"
                           : !r.predictions.empty()       ? "-p/--predictions"
                           : !r.raw_predictions.empty()   ? "-r/--raw_predictions"
                           : !r.readable_model.empty()    ? "--readable_model (use readable())"
                           : (r.cache || !r.cache_file.empty() || r.kill_cache) ? "-c/--cache_file/-k"
                           : r.passes != 1                ? "--passes (use train(lines, {passes}))"
                           : r.holdout_off                ? "--holdout_off (use train(lines, {holdoutOff}))"
                           : r.test_only                  ? "-t/--testonly"
                           : r.predict_only_model         ? "--predict_only_model (use save(true))"
                           : r.examples                   ? "--examples"
                                                          : nullptr;
  if (run_option) {
    throw_error(env, vw::errc::kArgs,
                std::string("VwModel arguments define the model (e.g. --oaa 5 -b 18 --probabilities); the run option ") +
                    run_option + " is not accepted here (runVw() takes full vw command lines)");
  }
  return o.learn;
}

// Marks the model free again once the worker no longer touches it (or if the worker never ran).
class BusyLease {
 public:
  explicit BusyLease(std::shared_ptr<VwModelState> s) : state_(std::move(s)) {}
  ~BusyLease() { release(); }
  BusyLease(const BusyLease&) = delete;
  BusyLease& operator=(const BusyLease&) = delete;
  void release() {
    if (state_ && !released_) state_->busy.store(false, std::memory_order_release);
    released_ = true;
  }
  vw::Model& model() { return state_->model; }

 private:
  std::shared_ptr<VwModelState> state_;
  bool released_ = false;
};

// A line (or feature text) with a line break inside would be several lines to vw.
bool has_inner_line_break(const std::string& s) {
  size_t end = s.size();
  if (end && s[end - 1] == '\n') --end;
  if (end && s[end - 1] == '\r') --end;
  return s.find_first_of("\r\n") < end;
}

class ModelWorker : public PromiseWorker {
 public:
  ModelWorker(Napi::Env env, std::shared_ptr<VwModelState> state)
      : PromiseWorker(env), state_(state), lease_(std::move(state)) {}

 protected:
  void Run() final {
    struct Done {
      BusyLease& l;
      ~Done() { l.release(); }
    } done{lease_};
    try {
      Work(lease_.model());
    } catch (const vw::Error& e) {
      Fail(e.code(), message_of(e));
    }
    memory_bytes_ = lease_.model().gd().weights().memory_bytes();
  }
  Napi::Value Result(Napi::Env env) final {
    report_model_memory(env, *state_, memory_bytes_);
    return Output(env);
  }
  virtual void Work(vw::Model& model) = 0;
  virtual Napi::Value Output(Napi::Env env) = 0;

 private:
  std::shared_ptr<VwModelState> state_;
  BusyLease lease_;
  size_t memory_bytes_ = 0;
};

// Keeps the model state of the last improving pass, for the early-stop result.
class SnapshotObserver final : public vw::PassObserver {
 public:
  void on_snapshot(vw::Model& model, uint32_t) override { snapshot.capture(model); }
  vw::ModelSnapshot snapshot;
};

class TrainWorker final : public ModelWorker {
 public:
  TrainWorker(Napi::Env env, std::shared_ptr<VwModelState> state, std::vector<std::string> lines, uint32_t passes,
              bool holdout_off)
      : ModelWorker(env, std::move(state)), lines_(std::move(lines)), passes_(passes), holdout_off_(holdout_off) {}

 private:
  void Work(vw::Model& model) override {
    // Parse everything first: a bad line rejects the call and leaves the model untouched.
    std::vector<vw::Example> examples;
    examples.reserve(lines_.size());
    std::string warning;
    for (size_t i = 0; i < lines_.size(); ++i) {
      if (has_inner_line_break(lines_[i]))
        return Fail(vw::errc::kParse, "line " + std::to_string(i + 1) + ": contains a line break (pass one example per entry)");
      examples.emplace_back();
      warning.clear();
      if (!model.parse_line(lines_[i], examples.back(), i + 1, &warning)) examples.pop_back();
      if (!warning.empty() && warnings_.size() < kMaxWarnings)
        warnings_.push_back("line " + std::to_string(i + 1) + ": " + warning);
    }
    std::vector<std::string>().swap(lines_);

    vw::SharedStats& sd = model.stats();
    const double loss0 = sd.sum_loss, weight0 = sd.weighted_labeled_examples;
    vw::VectorExampleSource source(examples);
    SnapshotObserver observer;
    vw::PassOptions options;
    options.passes = passes_;
    options.holdout_off = holdout_off_;
    const vw::PassResult r = vw::run_passes(model, source, options, observer);
    examples_ = examples.size();
    passes_used_ = r.passes_used;
    const double weight = sd.weighted_labeled_examples - weight0;
    average_loss_ = weight > 0 ? (sd.sum_loss - loss0) / weight : std::numeric_limits<double>::quiet_NaN();
    holdout_loss_ = r.best_holdout_loss;
    early_stopped_ = r.early_terminated;
    // vw keeps the model file of the last improving pass after an early stop.
    if (r.early_terminated && !observer.snapshot.empty()) observer.snapshot.restore(model);
  }

  Napi::Value Output(Napi::Env env) override {
    Napi::Object o = Napi::Object::New(env);
    o.Set("examples", Napi::Number::New(env, static_cast<double>(examples_)));
    o.Set("passesUsed", Napi::Number::New(env, passes_used_));
    o.Set("averageLoss", Napi::Number::New(env, average_loss_));
    if (holdout_loss_) o.Set("holdoutLoss", Napi::Number::New(env, *holdout_loss_));
    o.Set("earlyStopped", Napi::Boolean::New(env, early_stopped_));
    Napi::Array w = Napi::Array::New(env, warnings_.size());
    for (uint32_t i = 0; i < warnings_.size(); ++i) w.Set(i, Napi::String::New(env, warnings_[i]));
    o.Set("warnings", w);
    return o;
  }

  static constexpr size_t kMaxWarnings = 100;
  std::vector<std::string> lines_;
  uint32_t passes_;
  bool holdout_off_;
  size_t examples_ = 0;
  uint32_t passes_used_ = 0;
  double average_loss_ = 0;
  std::optional<double> holdout_loss_;
  bool early_stopped_ = false;
  std::vector<std::string> warnings_;
};

class PredictWorker final : public ModelWorker {
 public:
  PredictWorker(Napi::Env env, std::shared_ptr<VwModelState> state, std::vector<std::string> texts)
      : ModelWorker(env, std::move(state)), texts_(std::move(texts)) {}

 private:
  void Work(vw::Model& model) override {
    const uint32_t k = model.num_classes();
    const vw::LabelType type = model.label_type();
    const bool probabilities = model.options().probabilities;
    const uint32_t base = model.options().indexing.value_or(1) == 0 ? 0 : 1;
    // The test line as vw sees it: csoaa lists every class ("1 2 ... k | tags", as Praxi wrote it),
    // the others have no label.
    std::string line;
    if (type == vw::LabelType::CostSensitive)
      for (uint32_t c = 0; c < k; ++c) line += std::to_string(c + base) + ' ';
    line += "| ";
    const size_t prefix = line.size();
    const size_t width = type == vw::LabelType::Simple ? 1 : k;
    out_.assign(texts_.size() * width, 0.f);
    vw::Example ex;
    vw::Prediction pred;
    for (size_t i = 0; i < texts_.size(); ++i) {
      if (has_inner_line_break(texts_[i]))
        return Fail(vw::errc::kParse, "feature text " + std::to_string(i + 1) + ": contains a line break");
      line.resize(prefix);
      line += texts_[i];
      model.parse_line(line, ex, i + 1);
      model.predict(ex, pred);
      float* row = out_.data() + i * width;
      switch (type) {
        case vw::LabelType::Simple: row[0] = pred.scalar; break;
        case vw::LabelType::Multiclass: {
          const std::vector<float>& v = probabilities ? pred.probabilities : pred.scores;
          std::memcpy(row, v.data(), std::min<size_t>(v.size(), k) * sizeof(float));
          break;
        }
        case vw::LabelType::CostSensitive:
          for (size_t j = 0; j < pred.scores.size(); ++j) {
            const uint32_t c = pred.score_classes[j] - base;
            if (c < k) row[c] = pred.scores[j];
          }
          break;
        case vw::LabelType::Multilabel:
          std::memcpy(row, pred.scores.data(), std::min<size_t>(pred.scores.size(), k) * sizeof(float));
          break;
      }
    }
  }

  Napi::Value Output(Napi::Env env) override {
    Napi::Float32Array a = Napi::Float32Array::New(env, out_.size());
    if (!out_.empty()) std::memcpy(a.Data(), out_.data(), out_.size() * sizeof(float));
    return a;
  }

  std::vector<std::string> texts_;
  std::vector<float> out_;
};

class SaveWorker final : public ModelWorker {
 public:
  SaveWorker(Napi::Env env, std::shared_ptr<VwModelState> state, bool predict_only)
      : ModelWorker(env, std::move(state)), predict_only_(predict_only) {}

 private:
  void Work(vw::Model& model) override { bytes_ = new std::vector<uint8_t>(model.save(predict_only_)); }
  Napi::Value Output(Napi::Env env) override {
    std::vector<uint8_t>* owned = bytes_;
    bytes_ = nullptr;
    // The model bytes become the Buffer's memory (no copy on the main thread).
    return Napi::Buffer<uint8_t>::NewOrCopy(env, owned->data(), owned->size(),
                                            [](Napi::Env, uint8_t*, std::vector<uint8_t>* v) { delete v; }, owned);
  }

 public:
  ~SaveWorker() override { delete bytes_; }

 private:
  bool predict_only_;
  std::vector<uint8_t>* bytes_ = nullptr;
};

// saveFile(path): the model streamed straight to a file, never whole in memory (a 1,000-label -b 26
// model is hundreds of MB; save() would hold it twice on top of the weights).
class SaveFileWorker final : public ModelWorker {
 public:
  SaveFileWorker(Napi::Env env, std::shared_ptr<VwModelState> state, std::string path)
      : ModelWorker(env, std::move(state)), path_(std::move(path)) {}

 private:
  void Work(vw::Model& model) override { model.save_file(path_); }
  Napi::Value Output(Napi::Env env) override { return env.Undefined(); }
  std::string path_;
};

class ReadableWorker final : public ModelWorker {
 public:
  ReadableWorker(Napi::Env env, std::shared_ptr<VwModelState> state) : ModelWorker(env, std::move(state)) {}

 private:
  void Work(vw::Model& model) override { text_ = model.readable(); }
  Napi::Value Output(Napi::Env env) override { return Napi::String::New(env, text_); }
  std::string text_;
};

// A new model with room for more classes (Model::with_classes); the source model is left as it was.
class WithClassesWorker final : public ModelWorker {
 public:
  WithClassesWorker(Napi::Env env, VwEnvData& data, std::shared_ptr<VwModelState> state, uint32_t classes)
      : ModelWorker(env, std::move(state)), data_(data), classes_(classes) {}

 private:
  void Work(vw::Model& model) override {
    grown_ = std::make_shared<VwModelState>(model.with_classes(classes_, &stats_));
    grown_bytes_ = grown_->model.gd().weights().memory_bytes();
  }
  Napi::Value Output(Napi::Env env) override {
    std::shared_ptr<VwModelState> keep = grown_;
    Napi::Object result = Napi::Object::New(env);
    result.Set("model", VwModelWrap::Wrap(data_, std::move(grown_)));
    report_model_memory(env, *keep, grown_bytes_);
    Napi::Object stats = Napi::Object::New(env);
    stats.Set("oldInterleave", Napi::Number::New(env, stats_.old_interleave));
    stats.Set("newInterleave", Napi::Number::New(env, stats_.new_interleave));
    stats.Set("slots", Napi::Number::New(env, static_cast<double>(stats_.slots)));
    stats.Set("merged", Napi::Number::New(env, static_cast<double>(stats_.merged)));
    result.Set("stats", stats);
    return result;
  }

  VwEnvData& data_;
  uint32_t classes_;
  std::shared_ptr<VwModelState> grown_;
  size_t grown_bytes_ = 0;
  vw::RelayoutStats stats_;
};

class LoadWorker final : public PromiseWorker {
 public:
  LoadWorker(Napi::Env env, VwEnvData& data, std::vector<uint8_t> bytes, std::vector<std::string> args)
      : PromiseWorker(env), data_(data), bytes_(std::move(bytes)), args_(std::move(args)) {}

 private:
  void Run() override {
    try {
      state_ = std::make_shared<VwModelState>(vw::Model::load(bytes_, args_));
    } catch (const vw::Error& e) {
      Fail(e.code(), message_of(e));
    }
    std::vector<uint8_t>().swap(bytes_);
  }
  Napi::Value Result(Napi::Env env) override {
    const size_t bytes = state_->model.gd().weights().memory_bytes();  // nobody else has the model yet
    std::shared_ptr<VwModelState> state = state_;
    Napi::Object o = VwModelWrap::Wrap(data_, std::move(state_));
    report_model_memory(env, *state, bytes);
    return o;
  }

  VwEnvData& data_;
  std::vector<uint8_t> bytes_;
  std::vector<std::string> args_;
  std::shared_ptr<VwModelState> state_;
};

// VwModel.openFile: the header now, weight blocks on demand (vw::Model::open_file). Resolves to
// {model, identity}; identity is the opened file's dev/ino/size/mtime/ctime (decimal strings, exact)
// for the caller's check that the file it verified is the file that was opened.
class OpenWorker final : public PromiseWorker {
 public:
  OpenWorker(Napi::Env env, VwEnvData& data, std::string path, std::vector<std::string> args)
      : PromiseWorker(env), data_(data), path_(std::move(path)), args_(std::move(args)) {}

 private:
  void Run() override {
    try {
      state_ = std::make_shared<VwModelState>(vw::Model::open_file(path_, args_, &identity_));
    } catch (const vw::Error& e) {
      Fail(e.code(), message_of(e));
    }
  }
  Napi::Value Result(Napi::Env env) override {
    const size_t bytes = state_->model.gd().weights().memory_bytes();
    std::shared_ptr<VwModelState> state = state_;
    Napi::Object out = Napi::Object::New(env);
    out.Set("model", VwModelWrap::Wrap(data_, std::move(state_)));
    report_model_memory(env, *state, bytes);
    Napi::Object id = Napi::Object::New(env);
    id.Set("dev", std::to_string(identity_.dev));
    id.Set("ino", std::to_string(identity_.ino));
    id.Set("size", std::to_string(identity_.size));
    id.Set("mtimeNs", std::to_string(identity_.mtime_ns));
    id.Set("ctimeNs", std::to_string(identity_.ctime_ns));
    out.Set("identity", id);
    return out;
  }

  VwEnvData& data_;
  std::string path_;
  std::vector<std::string> args_;
  vw::Model::FileIdentity identity_{};
  std::shared_ptr<VwModelState> state_;
};

// Promise rejected right away (wrong state), like an operation that failed.
Napi::Value rejected(Napi::Env env, const std::string& code, const std::string& message) {
  Napi::Promise::Deferred d = Napi::Promise::Deferred::New(env);
  d.Reject(make_error(env, code, message));
  return d.Promise();
}

std::vector<std::string> strings_from_js(Napi::Env env, Napi::Value value, const char* what) {
  if (!value.IsArray()) throw Napi::TypeError::New(env, std::string(what) + " must be an array of strings");
  Napi::Array arr = value.As<Napi::Array>();
  std::vector<std::string> out;
  out.reserve(arr.Length());
  for (uint32_t i = 0; i < arr.Length(); ++i) {
    Napi::Value v = arr.Get(i);
    if (!v.IsString()) throw Napi::TypeError::New(env, std::string(what) + "[" + std::to_string(i) + "] is not a string");
    out.push_back(v.As<Napi::String>().Utf8Value());
  }
  return out;
}

}  // namespace

void report_model_memory(Napi::Env env, VwModelState& state, size_t bytes) {
  if (!state.wrapped) return;
  const int64_t delta = static_cast<int64_t>(bytes) - state.reported_bytes;
  if (delta != 0) Napi::MemoryManagement::AdjustExternalMemory(env, delta);
  state.reported_bytes = static_cast<int64_t>(bytes);
}

std::vector<std::string> vw_args_from_js(Napi::Env env, Napi::Value value, const char* what) {
  if (value.IsUndefined()) return {};
  return strings_from_js(env, value, what);
}

void VwModelWrap::Init(Napi::Env env, Napi::Object exports) {
  auto* data = new VwEnvData();
  env.AddCleanupHook([data]() { delete data; });
  Napi::Function ctor = DefineClass(
      env, "VwModel",
      {StaticMethod<&VwModelWrap::Create>("create", napi_default, data),
       StaticMethod<&VwModelWrap::Load>("load", napi_default, data),
       StaticMethod<&VwModelWrap::OpenFile>("openFile", napi_default, data),
       InstanceMethod<&VwModelWrap::Train>("train"), InstanceMethod<&VwModelWrap::Predict>("predict"),
       InstanceMethod<&VwModelWrap::Save>("save"), InstanceMethod<&VwModelWrap::SaveFile>("saveFile"),
       InstanceMethod<&VwModelWrap::Readable>("readable"),
       InstanceMethod<&VwModelWrap::WithClasses>("withClasses", napi_default, data),
       InstanceAccessor<&VwModelWrap::NumClasses>("numClasses"),
       InstanceAccessor<&VwModelWrap::LabelTypeName>("labelType"),
       InstanceAccessor<&VwModelWrap::OptionsString>("optionsString"), InstanceAccessor<&VwModelWrap::Bits>("bits"),
       InstanceAccessor<&VwModelWrap::Probabilities>("probabilities")},
      data);
  data->ctor = Napi::Persistent(ctor);
  exports.Set("VwModel", ctor);
}

VwModelWrap::VwModelWrap(const Napi::CallbackInfo& info) : Napi::ObjectWrap<VwModelWrap>(info) {
  auto* data = static_cast<VwEnvData*>(info.Data());
  if (!data || !data->pending)
    throw Napi::TypeError::New(info.Env(), "use VwModel.create(args) or VwModel.load(bytes, args) to make a VwModel");
  state_ = std::move(*data->pending);
  data->pending = nullptr;
}

void VwModelWrap::Finalize(Napi::Env env) {
  if (!state_) return;
  if (state_->reported_bytes) Napi::MemoryManagement::AdjustExternalMemory(env, -state_->reported_bytes);
  state_->reported_bytes = 0;
  state_->wrapped = false;
}

Napi::Object VwModelWrap::Wrap(VwEnvData& data, std::shared_ptr<VwModelState> state) {
  data.pending = &state;
  struct Clear {
    VwEnvData& d;
    ~Clear() { d.pending = nullptr; }
  } clear{data};
  return data.ctor.New({});
}

Napi::Value VwModelWrap::Create(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  auto& data = *static_cast<VwEnvData*>(info.Data());
  const vw::LearnOptions options = learn_options(env, vw_args_from_js(env, info[0], "args"));
  std::shared_ptr<VwModelState> state;
  try {
    state = std::make_shared<VwModelState>(vw::Model::create(options));
  } catch (const vw::Error& e) {
    throw_error(env, e.code(), message_of(e));
  }
  const size_t bytes = state->model.gd().weights().memory_bytes();
  std::shared_ptr<VwModelState> keep = state;
  Napi::Object o = Wrap(data, std::move(state));
  report_model_memory(env, *keep, bytes);
  return o;
}

Napi::Value VwModelWrap::Load(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  auto& data = *static_cast<VwEnvData*>(info.Data());
  if (!info[0].IsTypedArray() || info[0].As<Napi::TypedArray>().TypedArrayType() != napi_uint8_array)
    throw Napi::TypeError::New(env, "VwModel.load expects the model file's bytes as a Uint8Array or Buffer");
  Napi::Uint8Array bytes = info[0].As<Napi::Uint8Array>();
  std::vector<std::string> args = vw_args_from_js(env, info[1], "args");
  learn_options(env, args);  // refuse run options up front
  std::vector<uint8_t> copy(bytes.Data(), bytes.Data() + bytes.ByteLength());
  return (new LoadWorker(env, data, std::move(copy), std::move(args)))->Start();
}

Napi::Value VwModelWrap::OpenFile(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  auto& data = *static_cast<VwEnvData*>(info.Data());
  if (!info[0].IsString()) throw Napi::TypeError::New(env, "VwModel.openFile expects the model file's path");
  std::vector<std::string> args = vw_args_from_js(env, info[1], "args");
  learn_options(env, args);  // refuse run options up front
  return (new OpenWorker(env, data, info[0].As<Napi::String>().Utf8Value(), std::move(args)))->Start();
}

bool VwModelWrap::Acquire(Napi::Env env, Napi::Value* rejected_promise) {
  bool expected = false;
  if (state_->busy.compare_exchange_strong(expected, true, std::memory_order_acquire)) return true;
  *rejected_promise = rejected(env, "VW_BUSY",
                               "this VwModel is busy with another train/predict/save/readable call; await it first");
  return false;
}

Napi::Value VwModelWrap::Train(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  std::vector<std::string> lines = strings_from_js(env, info[0], "lines");
  uint32_t passes = 1;
  bool holdout_off = false;
  if (!info[1].IsUndefined()) {
    if (!info[1].IsObject()) throw Napi::TypeError::New(env, "train options must be an object {passes, holdoutOff}");
    Napi::Object o = info[1].As<Napi::Object>();
    Napi::Value p = o.Get("passes");
    if (!p.IsUndefined()) {
      const double d = p.IsNumber() ? p.As<Napi::Number>().DoubleValue() : -1;
      if (!(d >= 1 && d <= 1e6) || d != std::floor(d))
        throw Napi::RangeError::New(env, "options.passes must be a whole number from 1 to 1000000");
      passes = static_cast<uint32_t>(d);
    }
    Napi::Value h = o.Get("holdoutOff");
    if (!h.IsUndefined()) {
      if (!h.IsBoolean()) throw Napi::TypeError::New(env, "options.holdoutOff must be a boolean");
      holdout_off = h.As<Napi::Boolean>().Value();
    }
  }
  Napi::Value busy;
  if (!Acquire(env, &busy)) return busy;
  return (new TrainWorker(env, state_, std::move(lines), passes, holdout_off))->Start();
}

Napi::Value VwModelWrap::Predict(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  std::vector<std::string> texts = strings_from_js(env, info[0], "featureTexts");
  Napi::Value busy;
  if (!Acquire(env, &busy)) return busy;
  return (new PredictWorker(env, state_, std::move(texts)))->Start();
}

Napi::Value VwModelWrap::Save(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  bool predict_only = false;
  if (!info[0].IsUndefined()) {
    if (!info[0].IsBoolean()) throw Napi::TypeError::New(env, "save(predictOnly) expects a boolean");
    predict_only = info[0].As<Napi::Boolean>().Value();
  }
  Napi::Value busy;
  if (!Acquire(env, &busy)) return busy;
  return (new SaveWorker(env, state_, predict_only))->Start();
}

Napi::Value VwModelWrap::SaveFile(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!info[0].IsString()) throw Napi::TypeError::New(env, "saveFile(path) expects a path");
  Napi::Value busy;
  if (!Acquire(env, &busy)) return busy;
  return (new SaveFileWorker(env, state_, info[0].As<Napi::String>().Utf8Value()))->Start();
}

Napi::Value VwModelWrap::Readable(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Napi::Value busy;
  if (!Acquire(env, &busy)) return busy;
  return (new ReadableWorker(env, state_))->Start();
}

Napi::Value VwModelWrap::WithClasses(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  auto& data = *static_cast<VwEnvData*>(info.Data());
  const double d = info[0].IsNumber() ? info[0].As<Napi::Number>().DoubleValue() : -1;
  if (!(d >= 1 && d <= 1e7) || d != std::floor(d))
    throw Napi::RangeError::New(env, "withClasses(classes) expects a whole number from 1 to 10000000");
  Napi::Value busy;
  if (!Acquire(env, &busy)) return busy;
  return (new WithClassesWorker(env, data, state_, static_cast<uint32_t>(d)))->Start();
}

// The getters read options fixed at creation, so they are safe while an operation runs.
Napi::Value VwModelWrap::NumClasses(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), state_->model.num_classes());
}
Napi::Value VwModelWrap::LabelTypeName(const Napi::CallbackInfo& info) {
  return Napi::String::New(info.Env(), label_type_name(state_->model.label_type()));
}
Napi::Value VwModelWrap::OptionsString(const Napi::CallbackInfo& info) {
  return Napi::String::New(info.Env(), state_->model.options_string());
}
Napi::Value VwModelWrap::Bits(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), state_->model.gd().bits());
}
Napi::Value VwModelWrap::Probabilities(const Napi::CallbackInfo& info) {
  return Napi::Boolean::New(info.Env(), state_->model.options().probabilities);
}

}  // namespace praxi::addon
