#pragma once
// vw's training loop over a data source, reusable by the command-line driver (text + cache files) and
// by the addon (examples parsed into memory): --passes N with the learning-rate decay per pass,
// holdout of every 10th example when passes > 1 (unless --holdout_off or -t), early termination after
// 3 passes whose holdout loss did not improve, and --examples. vw writes the model after every
// improving pass that is not the last; after an early stop that file is the result. run_passes reports
// those moments to the observer (on_snapshot) and says whether the run stopped early, so the caller can
// keep the same "last improving pass wins" result: the driver writes its model files, the addon keeps a
// ModelSnapshot and restores it.
#include <cstdint>
#include <cstdio>
#include <optional>
#include <vector>

#include "praxi/vw/example.h"
#include "praxi/vw/model.h"
#include "praxi/vw/reductions.h"

namespace praxi::vw {

// Where examples come from. A pass reads next() until it returns false; rewind() is called before every
// pass after the first.
class ExampleSource {
 public:
  virtual ~ExampleSource() = default;
  virtual bool next(Example& ex) = 0;
  virtual void rewind() = 0;
};

// Examples already in memory (the addon parses all lines before it trains).
class VectorExampleSource final : public ExampleSource {
 public:
  explicit VectorExampleSource(const std::vector<Example>& examples) : examples_(examples) {}
  bool next(Example& ex) override;
  void rewind() override { pos_ = 0; }

 private:
  const std::vector<Example>& examples_;
  size_t pos_ = 0;
};

struct PassOptions {
  uint32_t passes = 1;
  bool holdout_off = false;
  std::optional<uint64_t> examples;  // stop after this many examples over all passes (--examples)
  // vw --quiet: no progress table, and so none of its bookkeeping. Without it vw advances the "dump"
  // statistics at every table line (1, 2, 4, 8, ... examples), and those are saved in the model file:
  // models trained with and without --quiet differ in those bytes.
  bool quiet = false;
};

// What run_passes knows about the example it just processed.
struct ExampleContext {
  uint32_t pass = 0;           // 0-based
  uint64_t index_in_pass = 0;  // 1-based
  bool holdout = false;        // held out: predicted, not learned, feeds the holdout loss
  bool holdout_mode = false;   // this run holds out examples (passes > 1, no --holdout_off, not -t)
  // vw prints a progress table line now (not quiet, weighted examples reached the dump interval). The
  // statistics the line shows are advanced right after on_example returns.
  bool progress_due = false;
};

class PassObserver {
 public:
  virtual ~PassObserver() = default;
  // After every example (the prediction is the one made before the update).
  virtual void on_example(Model& model, const Example& ex, const Prediction& pred, const ExampleContext& ctx) {
    (void)model, (void)ex, (void)pred, (void)ctx;
  }
  // The holdout loss improved at the end of `pass` and more passes may follow: the model as it is now is
  // the result if training later stops early (vw writes its -f / --readable_model files here).
  virtual void on_snapshot(Model& model, uint32_t pass) { (void)model, (void)pass; }
  // End of a pass, after end_pass() and the early-termination bookkeeping.
  virtual void on_pass_end(Model& model, uint32_t pass, double holdout_loss) {
    (void)model, (void)pass, (void)holdout_loss;
  }
};

struct PassResult {
  uint64_t examples = 0;     // examples processed over all passes
  uint32_t passes_used = 0;  // passes started and finished
  bool holdout_mode = false;
  // Stopped after 3 non-improving passes before the last one: the model state of the last on_snapshot
  // call is the result (the model passed in has trained further).
  bool early_terminated = false;
  // Best per-pass holdout loss (what vw prints as "average loss = X h"); nullopt without holdout examples.
  std::optional<double> best_holdout_loss;
};

// Runs the passes. Resets the early-termination state of model.stats() (best holdout loss) first, so a
// model that trained before starts a fresh run; every other statistic accumulates like in one vw process.
PassResult run_passes(Model& model, ExampleSource& source, const PassOptions& options, PassObserver& observer);

// A copy of everything training changes (weights with their adaptive/normalizer state, the per-class gd
// states, the learning rate, the run statistics), so a model can be put back exactly as it was at an
// improving pass: save() afterwards gives the bytes vw wrote at that pass. The weight blocks go to an
// anonymous temp file (vw itself writes its model file at such a pass): in memory they would double
// training's peak for large models. Without a usable temp file they stay in memory.
class ModelSnapshot {
 public:
  ModelSnapshot() = default;
  ModelSnapshot(const ModelSnapshot&) = delete;
  ModelSnapshot& operator=(const ModelSnapshot&) = delete;
  ~ModelSnapshot();
  void capture(const Model& model);
  void restore(Model& model) const;  // the model must be the one captured (same layout)
  bool empty() const { return !taken_; }
  size_t memory_bytes() const { return keys_.capacity() * sizeof(uint64_t) + floats_.capacity() * sizeof(float); }

 private:
  bool capture_to_file(const SparseWeights& w);
  bool taken_ = false;
  std::FILE* file_ = nullptr;  // the blocks, in keys_ order, when on_disk_
  bool on_disk_ = false;
  std::vector<uint64_t> keys_;
  std::vector<float> floats_;
  size_t block_floats_ = 0;
  std::vector<ModelState> states_;
  GdConfig gd_config_;
  SharedStats stats_;
};

}  // namespace praxi::vw
