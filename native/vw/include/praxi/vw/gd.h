#pragma once
// VW's gd base learner: linear prediction over hashed features and the adaptive + normalized +
// importance-invariant update (or plain --sgd), with the per-class model states VW keeps
// (vw.md "GD defaults & update rule").
#include <cstdint>
#include <memory>
#include <unordered_set>
#include <vector>

#include "praxi/vw/example.h"
#include "praxi/vw/loss.h"
#include "praxi/vw/shared_stats.h"
#include "praxi/vw/sparse_weights.h"

namespace praxi::vw {

// Where the weight blocks of a model opened for prediction only come from (Model::open_file): a block
// is read the first time an example touches it, so a large model costs only what is predicted with.
class BlockSource {
 public:
  virtual ~BlockSource() = default;
  // Stores block `block` into `w` and returns true, or returns false when the model has none (zeros).
  virtual bool load(uint64_t block, SparseWeights& w) = 0;
};

struct GdConfig {
  float eta = 0.5f;
  float power_t = 0.5f;
  float initial_t = 0.f;
  bool adaptive = true;
  bool normalized = true;
  bool invariant = true;
  LossKind loss = LossKind::Squared;
  // Reproduce the default vw build's SSE rsqrtss approximation instead of exact 1/sqrt.
  bool approx_inv_sqrt = false;
};

struct ModelState {
  double normalized_sum_norm_x = 0;
  double total_weight = 0;
};

class Gd {
 public:
  // `classes` = width of the reduction above (k for oaa/csoaa/multilabel, 1 for regression).
  Gd(const GdConfig& config, uint32_t bits, uint32_t classes);

  struct Row {
    float x;
    float* block;  // lane 0 of the feature's weight block (the shared zero block when absent)
  };

  // Maps an example's features to weight blocks. With create == false absent features read zeros and
  // nothing is allocated (prediction-only paths).
  void resolve(const Example& ex, std::vector<Row>& rows, bool create);
  // Predict-only models read their blocks on demand from here (learning and saving refuse them).
  void set_block_source(std::unique_ptr<BlockSource> source) { source_ = std::move(source); }
  bool on_demand() const { return source_ != nullptr; }

  float predict(const std::vector<Row>& rows, uint32_t cls, float initial) const;
  void predict_all(const std::vector<Row>& rows, float initial, float* out) const;
  // One update for class `cls` from the finalized prediction. `rows` must come from resolve(create=true).
  void update(const std::vector<Row>& rows, uint32_t cls, float prediction, float label, float weight,
              const SharedStats& sd);

  GdConfig& config() { return config_; }
  const GdConfig& config() const { return config_; }
  uint32_t bits() const { return bits_; }
  uint32_t classes() const { return classes_; }
  uint32_t interleave() const { return interleave_; }
  // Floats VW stores per weight (3 default, 1 for --sgd).
  uint32_t stored_floats() const { return (config_.adaptive ? 1u : 0u) + (config_.normalized ? 1u : 0u) + 1u; }
  SparseWeights& weights() { return weights_; }
  const SparseWeights& weights() const { return weights_; }
  std::vector<ModelState>& states() { return states_; }
  const std::vector<ModelState>& states() const { return states_; }
  uint32_t lane_of(uint32_t cls) const { return cls & lane_mask_; }

 private:
  float inv_sqrt(float v) const;
  GdConfig config_;
  uint32_t bits_;
  uint32_t classes_;
  uint32_t interleave_;
  uint64_t mask_;
  uint32_t lane_mask_;
  SparseWeights weights_;
  std::unique_ptr<BlockSource> source_;
  std::unordered_set<uint64_t> absent_;  // blocks the source does not have
  std::vector<ModelState> states_;
  float update_multiplier_ = 1.f;
};

}  // namespace praxi::vw
