#include "praxi/vw/passes.h"

#include <cfloat>
#include <cstring>

#include "praxi/vw/error.h"

namespace praxi::vw {

bool VectorExampleSource::next(Example& ex) {
  if (pos_ >= examples_.size()) return false;
  ex = examples_[pos_++];  // copy assignment reuses ex's capacity
  return true;
}

namespace {

// The statistics behind vw's progress table: "since last" sums restart and the next line is due at twice
// the weighted examples seen.
void advance_dump(SharedStats& sd) {
  sd.sum_loss_since_last_dump = 0;
  sd.holdout_sum_loss_since_last_dump = 0;
  sd.weighted_holdout_examples_since_last_dump = 0;
  sd.old_weighted_labeled_examples = sd.weighted_labeled_examples;
  sd.dump_interval = static_cast<float>(sd.weighted_examples() * 2);
}

}  // namespace

PassResult run_passes(Model& model, ExampleSource& source, const PassOptions& options, PassObserver& observer) {
  PassResult result;
  const uint32_t passes = options.passes == 0 ? 1 : options.passes;
  const uint64_t limit = options.examples.value_or(~0ULL);
  result.holdout_mode = passes > 1 && !options.holdout_off && !model.test_only();

  SharedStats& sd = model.stats();
  sd.holdout_best_loss = FLT_MAX;
  sd.holdout_loss_this_pass = sd.holdout_weight_this_pass = 0;

  Example ex;
  Prediction pred;
  ExampleContext ctx;
  ctx.holdout_mode = result.holdout_mode;
  int no_win = 0;
  for (uint32_t pass = 0; pass < passes; ++pass) {
    if (pass > 0) source.rewind();
    ctx.pass = pass;
    ctx.index_in_pass = 0;
    while (result.examples < limit) {
      if (!source.next(ex)) break;
      ++ctx.index_in_pass;
      ++result.examples;
      // vw holds out every 10th example of each pass (period 10, counted within the pass).
      ctx.holdout = result.holdout_mode && ctx.index_in_pass % 10 == 0;
      model.process(ex, ctx.holdout, pred);
      ctx.progress_due = !options.quiet && sd.weighted_examples() >= sd.dump_interval;
      observer.on_example(model, ex, pred, ctx);
      if (ctx.progress_due) advance_dump(sd);
    }
    ++result.passes_used;
    model.end_pass();
    double loss = 0;
    if (result.holdout_mode) {
      loss = sd.holdout_weight_this_pass > 0 ? sd.holdout_loss_this_pass / sd.holdout_weight_this_pass : FLT_MAX * 0.5;
      sd.holdout_loss_this_pass = sd.holdout_weight_this_pass = 0;
      if (loss < sd.holdout_best_loss) {
        sd.holdout_best_loss = loss;
        no_win = 0;
        if (pass + 1 < passes) observer.on_snapshot(model, pass);
      } else {
        ++no_win;
      }
    }
    observer.on_pass_end(model, pass, loss);
    if (result.holdout_mode && no_win >= 3) {
      result.early_terminated = pass + 1 < passes;
      break;
    }
    if (result.examples >= limit) break;
  }
  if (result.holdout_mode && sd.weighted_holdout_examples > 0 && sd.holdout_best_loss < FLT_MAX * 0.5)
    result.best_holdout_loss = sd.holdout_best_loss;
  return result;
}

ModelSnapshot::~ModelSnapshot() {
  if (file_) std::fclose(file_);
}

bool ModelSnapshot::capture_to_file(const SparseWeights& w) {
  if (!file_) file_ = std::tmpfile();
  if (!file_ || std::fseek(file_, 0, SEEK_SET) != 0) return false;
  bool ok = true;
  w.for_each_sorted([&](uint64_t key, const float* block) {
    keys_.push_back(key);
    if (ok) ok = std::fwrite(block, sizeof(float), block_floats_, file_) == block_floats_;
  });
  return ok && std::fflush(file_) == 0;
}

void ModelSnapshot::capture(const Model& model) {
  const SparseWeights& w = model.gd().weights();
  block_floats_ = w.block_floats();
  keys_.clear();
  floats_.clear();
  keys_.reserve(w.num_blocks());
  on_disk_ = capture_to_file(w);
  if (!on_disk_) {
    keys_.clear();
    floats_.reserve(w.num_blocks() * block_floats_);
    w.for_each_sorted([&](uint64_t key, const float* block) {
      keys_.push_back(key);
      floats_.insert(floats_.end(), block, block + block_floats_);
    });
  }
  states_ = model.gd().states();
  gd_config_ = model.gd().config();
  stats_ = model.stats();
  taken_ = true;
}

void ModelSnapshot::restore(Model& model) const {
  if (!taken_) throw Error(errc::kState, "restoring a model snapshot that was never taken");
  SparseWeights& w = model.gd().weights();
  if (w.block_floats() != block_floats_ || model.gd().states().size() != states_.size())
    throw Error(errc::kState, "model snapshot restored into a model of another layout");
  if (on_disk_ && std::fseek(file_, 0, SEEK_SET) != 0) throw Error(errc::kIo, "cannot read the model snapshot back");
  w.clear();
  for (size_t i = 0; i < keys_.size(); ++i) {
    float* dst = w.find_or_create(keys_[i]);
    if (!on_disk_) {
      std::memcpy(dst, floats_.data() + i * block_floats_, block_floats_ * sizeof(float));
    } else if (std::fread(dst, sizeof(float), block_floats_, file_) != block_floats_) {
      throw Error(errc::kIo, "cannot read the model snapshot back");
    }
  }
  model.gd().states() = states_;
  model.gd().config() = gd_config_;
  model.stats() = stats_;
}

}  // namespace praxi::vw
