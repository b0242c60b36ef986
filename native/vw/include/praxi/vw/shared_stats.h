#pragma once
// The run statistics VW keeps in its shared_data and saves with save_resume models, plus the label range
// the scorer widens (min_label/max_label clamp every prediction).
#include <cfloat>
#include <cstdint>

namespace praxi::vw {

struct SharedStats {
  // Saved in the model (resume state), in file order.
  double t = 0;
  double sum_loss = 0;
  double sum_loss_since_last_dump = 0;
  float dump_interval = 1.f;
  float min_label = 0.f;
  float max_label = 0.f;
  double weighted_labeled_examples = 0;
  double weighted_labels = 0;
  double weighted_unlabeled_examples = 0;
  uint64_t example_number = 0;
  uint64_t total_features = 0;
  double old_weighted_labeled_examples = 0;
  uint64_t current_pass = 0;
  double gravity = 0;
  double contraction = 1;

  // Not saved.
  double weighted_holdout_examples = 0;
  double holdout_sum_loss = 0;
  double holdout_sum_loss_since_last_dump = 0;
  double weighted_holdout_examples_since_last_dump = 0;
  double holdout_loss_this_pass = 0;
  double holdout_weight_this_pass = 0;
  double holdout_best_loss = FLT_MAX;
  double multiclass_log_loss = 0;
  double holdout_multiclass_log_loss = 0;
  bool widen_labels = true;  // off under -t

  void set_minmax(float label) {
    if (!widen_labels || label == FLT_MAX) return;
    if (label < min_label) min_label = label;
    if (label > max_label) max_label = label;
  }
  float clamp(float raw) const;

  // VW's per-example bookkeeping (shared_data::update). `holdout` examples only feed the holdout loss.
  void record(bool holdout, bool labeled, float loss, float weight, uint64_t num_features) {
    t += weight;
    if (holdout && labeled) {
      weighted_holdout_examples += weight;
      weighted_holdout_examples_since_last_dump += weight;
      holdout_sum_loss += loss;
      holdout_sum_loss_since_last_dump += loss;
      holdout_loss_this_pass += loss;
      holdout_weight_this_pass += weight;
      return;
    }
    if (labeled) weighted_labeled_examples += weight;
    else weighted_unlabeled_examples += weight;
    sum_loss += loss;
    sum_loss_since_last_dump += loss;
    total_features += num_features;
    ++example_number;
  }
  double weighted_examples() const { return weighted_labeled_examples + weighted_unlabeled_examples; }

  // The counters VW resets when a model is loaded without --preserve_performance_counters.
  void reset_performance_counters() {
    sum_loss = sum_loss_since_last_dump = 0;
    dump_interval = 1.f;
    weighted_labeled_examples = weighted_labels = weighted_unlabeled_examples = 0;
    example_number = total_features = 0;
    old_weighted_labeled_examples = 0;
    current_pass = 0;
  }
};

}  // namespace praxi::vw
