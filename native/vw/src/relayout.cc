// Growing a model's class count (praxi train --resume with new labels). vw interleaves the classes of
// one feature in a block of nextpow2(k) slots, so the weight index depends on k; this moves every
// weight to the index vw computes for the new k (vw.md "Weight layout / strides").
#include <algorithm>
#include <string>

#include "praxi/vw/error.h"
#include "praxi/vw/hash.h"
#include "praxi/vw/model.h"

namespace praxi::vw {

namespace {
bool all_zero(const float* slot) { return slot[0] == 0.f && slot[1] == 0.f && slot[2] == 0.f; }
}  // namespace

Model Model::with_classes(uint32_t classes, RelayoutStats* stats) const {
  if (options_.kind == ReductionSpec::Kind::Scalar)
    throw Error(errc::kArgs, "a regression model has no classes to add (needs --oaa, --csoaa or --multilabel_oaa)");
  if (classes < options_.classes)
    throw Error(errc::kArgs, "cannot shrink a model from " + std::to_string(options_.classes) + " to " +
                                 std::to_string(classes) + " classes");
  const uint32_t bits = gd_->bits();
  const uint32_t width = interleave_width(classes);
  if (bits < 32 && width > (1ULL << bits))
    throw Error(errc::kArgs, std::to_string(classes) + " classes need a class stride of " + std::to_string(width) +
                                 " weights, more than -b " + std::to_string(bits) + " holds");

  LearnOptions lo = options_;
  lo.classes = classes;
  lo.bits = bits;
  Model out(lo);
  out.id_ = id_;
  out.test_only_ = test_only_;
  *out.sd_ = *sd_;
  out.gd_->config() = gd_->config();  // eta already decayed by past passes, initial_t as loaded
  std::copy(gd_->states().begin(), gd_->states().end(), out.gd_->states().begin());

  const SparseWeights& src = gd_->weights();
  SparseWeights& dst = out.gd_->weights();
  // Old index = (h * W + i) & mask, so its block is h mod 2^(bits - log2 W); the new block keeps the
  // low bits - log2 W' of them and the lane (= class i) stays.
  const uint32_t kept_bits = bits - dst.block_shift();
  const uint64_t block_mask = kept_bits >= 64 ? ~0ULL : (1ULL << kept_bits) - 1;
  RelayoutStats st;
  st.old_interleave = gd_->interleave();
  st.new_interleave = out.gd_->interleave();
  // Sorted, so merged sums are added in one fixed order (index order, as vw would store them).
  src.for_each_sorted([&](uint64_t block, const float* p) {
    float* to = nullptr;
    for (uint32_t lane = 0; lane < src.lanes(); ++lane) {
      const float* s = p + lane * SparseWeights::kSlotFloats;
      if (all_zero(s)) continue;
      if (!to) to = dst.find_or_create(block & block_mask);
      float* d = to + lane * SparseWeights::kSlotFloats;
      ++st.slots;
      if (all_zero(d)) {
        std::copy(s, s + SparseWeights::kSlotFloats, d);
        continue;
      }
      // Two features now share this weight: vw would have applied both features' updates to it.
      ++st.merged;
      d[0] += s[0];
      d[1] += s[1];
      d[2] = std::max(d[2], s[2]);
    }
  });
  if (stats) *stats = st;
  return out;
}

}  // namespace praxi::vw
