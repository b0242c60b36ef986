// Regression / binary: scorer + gd (labels are real numbers).
#include <cmath>

#include "reductions_impl.h"

namespace praxi::vw {

ScalarReduction::ScalarReduction(Gd& gd, SharedStats& sd, Link link) : gd_(gd), sd_(sd), link_(link) {}

void ScalarReduction::process(const Example& ex, bool learn, Prediction& out) {
  const bool labeled = ex.label != FLT_MAX;
  const bool train = learn && labeled;
  gd_.resolve(ex, rows_, train);
  if (train) sd_.set_minmax(ex.label);
  const float pred = sd_.clamp(gd_.predict(rows_, 0, ex.initial));
  if (train) gd_.update(rows_, 0, pred, ex.label, ex.weight, sd_);
  out.loss = labeled ? loss_value(gd_.config().loss, pred, ex.label) * ex.weight : 0.f;
  out.scalar = link_ == Link::Logistic ? 1.f / (1.f + std::exp(-pred)) : pred;
}

}  // namespace praxi::vw
