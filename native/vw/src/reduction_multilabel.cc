// Multilabel one-against-all: class i is a +1/-1 regressor, predicted when its (linked) score passes the
// threshold (vw.md "Multilabel OAA").
#include <algorithm>
#include <cmath>

#include "reductions_impl.h"

namespace praxi::vw {

MultilabelOaaReduction::MultilabelOaaReduction(Gd& gd, SharedStats& sd, uint32_t k, Link link, bool probabilities)
    : gd_(gd), sd_(sd), k_(k), link_(link), probabilities_(probabilities) {}

void MultilabelOaaReduction::process(const Example& ex, bool learn, Prediction& out) {
  const bool labeled = ex.has_multilabels;
  const bool train = learn && labeled;
  gd_.resolve(ex, rows_, train);
  out.scores.resize(k_);
  out.labels.clear();
  size_t next = 0;
  for (uint32_t c = 0; c < k_; ++c) {
    float y = -1.f;
    if (next < ex.labels.size() && ex.labels[next] == c) {
      y = 1.f;
      ++next;
    }
    if (train) sd_.set_minmax(y);
    const float pred = sd_.clamp(gd_.predict(rows_, c, 0.f));
    if (train) gd_.update(rows_, c, pred, y, ex.weight, sd_);
    const float score = link_ == Link::Logistic ? 1.f / (1.f + std::exp(-pred)) : pred;
    out.scores[c] = score;
    if (!probabilities_ && score > (link_ == Link::Logistic ? 0.5f : 0.f)) out.labels.push_back(c);
  }
  out.loss = 0.f;
  if (!labeled) return;
  // Hamming-style loss: labels predicted but absent plus labels present but missed.
  float miss = 0.f;
  for (uint32_t c = 0; c < k_; ++c) {
    const bool want = std::find(ex.labels.begin(), ex.labels.end(), c) != ex.labels.end();
    const bool got = std::find(out.labels.begin(), out.labels.end(), c) != out.labels.end();
    if (want != got) miss += 1.f;
  }
  out.loss = miss * ex.weight;
}

std::unique_ptr<Reduction> make_reduction(const ReductionSpec& spec, Gd& gd, SharedStats& sd) {
  switch (spec.kind) {
    case ReductionSpec::Kind::Scalar: return std::make_unique<ScalarReduction>(gd, sd, spec.link);
    case ReductionSpec::Kind::Oaa:
      return std::make_unique<OaaReduction>(gd, sd, spec.classes, spec.probabilities, spec.indexing);
    case ReductionSpec::Kind::Csoaa: return std::make_unique<CsoaaReduction>(gd, sd, spec.classes, spec.indexing);
    case ReductionSpec::Kind::MultilabelOaa:
      return std::make_unique<MultilabelOaaReduction>(gd, sd, spec.classes, spec.link, spec.probabilities);
  }
  return nullptr;
}

}  // namespace praxi::vw
