// Cost-sensitive one-against-all: a regressor per class on its cost; the prediction is the class with the
// lowest raw score (vw.md "CSOAA").
#include <cfloat>

#include "reductions_impl.h"

namespace praxi::vw {

CsoaaReduction::CsoaaReduction(Gd& gd, SharedStats& sd, uint32_t k, int indexing)
    : gd_(gd), sd_(sd), k_(k), indexing_(indexing) {}

void CsoaaReduction::process(const Example& ex, bool learn, Prediction& out) {
  const bool labeled = ex.is_labeled();
  const bool train = learn && labeled;
  gd_.resolve(ex, rows_, train);
  out.scores.clear();
  out.score_classes.clear();
  const uint32_t base = indexing_ == 0 ? 0 : 1;
  if (!labeled) {
    // Test example: score every class.
    out.scores.resize(k_);
    gd_.predict_all(rows_, 0.f, out.scores.data());
    uint32_t best = 0;
    for (uint32_t c = 0; c < k_; ++c) {
      out.score_classes.push_back(c + base);
      if (out.scores[c] < out.scores[best]) best = c;
    }
    out.class_label = best + base;
    out.loss = 0.f;
    return;
  }
  float best_score = FLT_MAX;
  uint32_t best_class = 0;
  for (const CostEntry& ce : ex.costs) {
    if (ce.class_index < base || ce.class_index - base >= k_) continue;  // not a class of this model
    const uint32_t c = ce.class_index - base;
    const bool learn_this = train && ce.cost != FLT_MAX;
    if (learn_this) sd_.set_minmax(ce.cost);
    const float raw = gd_.predict(rows_, c, 0.f);
    if (learn_this) gd_.update(rows_, c, sd_.clamp(raw), ce.cost, ex.weight, sd_);
    out.scores.push_back(raw);
    out.score_classes.push_back(ce.class_index);
    if (raw < best_score || (raw == best_score && ce.class_index < best_class)) {
      best_score = raw;
      best_class = ce.class_index;
    }
  }
  out.class_label = best_class;
  float chosen = FLT_MAX, lowest = FLT_MAX;
  for (const CostEntry& ce : ex.costs) {
    if (ce.class_index == best_class) chosen = ce.cost;
    if (ce.cost < lowest) lowest = ce.cost;
  }
  out.loss = (chosen == FLT_MAX) ? 0.f : (chosen - lowest) * ex.weight;
}

}  // namespace praxi::vw
