// One-against-all: k binary regressors on interleaved weights; predict all, then update each class on
// +1/-1 with the scores predicted before any of this example's labels were seen (vw.md "OAA").
#include <cmath>

#include "reductions_impl.h"

namespace praxi::vw {

OaaReduction::OaaReduction(Gd& gd, SharedStats& sd, uint32_t k, bool probabilities, int indexing)
    : gd_(gd), sd_(sd), k_(k), probabilities_(probabilities), indexing_(indexing) {}

void OaaReduction::process(const Example& ex, bool learn, Prediction& out) {
  const bool labeled = ex.has_class;
  const bool train = learn && labeled;
  gd_.resolve(ex, rows_, train);
  out.scores.resize(k_);
  gd_.predict_all(rows_, 0.f, out.scores.data());
  uint32_t best = 0;
  for (uint32_t c = 0; c < k_; ++c) {
    out.scores[c] = sd_.clamp(out.scores[c]);
    if (out.scores[c] > out.scores[best]) best = c;
  }
  // The printed class uses the indexing known before this example's label.
  out.class_label = best + (indexing_ == 0 ? 0 : 1);
  if (probabilities_) {
    out.probabilities.resize(k_);
    float sum = 0.f;
    for (uint32_t c = 0; c < k_; ++c) {
      out.probabilities[c] = 1.f / (1.f + std::exp(-out.scores[c]));
      sum += out.probabilities[c];
    }
    const float inv_sum = 1.f / sum;  // vw scales by the inverse (dividing differs in the last bit)
    for (uint32_t c = 0; c < k_; ++c) out.probabilities[c] *= inv_sum;
  }
  out.loss = 0.f;
  out.log_loss = 0.0;
  if (!labeled) return;
  if (indexing_ < 0) {
    if (ex.class_label == 0) indexing_ = 0;
    else if (ex.class_label == k_) indexing_ = 1;
  }
  // Class index the label names (k_ = none: out of range, every class sees -1).
  const uint32_t target = indexing_ == 0 ? (ex.class_label < k_ ? ex.class_label : k_)
                                         : (ex.class_label >= 1 && ex.class_label <= k_ ? ex.class_label - 1 : k_);
  out.loss = (target != best) ? ex.weight : 0.f;
  if (probabilities_) {
    const float p = target < k_ ? out.probabilities[target] : 0.f;
    out.log_loss = -std::log(std::fmax(p, 1e-15f)) * ex.weight;
  }
  if (!train) return;
  for (uint32_t c = 0; c < k_; ++c) {
    const float y = (c == target) ? 1.f : -1.f;
    sd_.set_minmax(y);
    gd_.update(rows_, c, out.scores[c], y, ex.weight, sd_);
  }
}

}  // namespace praxi::vw
