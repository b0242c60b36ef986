#include "praxi/vw/gd.h"

#include <cfloat>
#include <cmath>
#include <cstring>

#include "praxi/vw/error.h"
#include "praxi/vw/hash.h"

#if defined(__SSE__) || defined(_M_X64)
#include <xmmintrin.h>
#define PRAXI_VW_HAVE_SSE 1
#endif

namespace praxi::vw {

namespace {
uint32_t log2u(uint32_t v) {
  uint32_t r = 0;
  while ((1u << r) < v) ++r;
  return r;
}
}  // namespace

float SharedStats::clamp(float raw) const {
  if (std::isnan(raw)) return 0.f;
  if (raw > max_label) return max_label;
  if (raw < min_label) return min_label;
  return raw;
}

Gd::Gd(const GdConfig& config, uint32_t bits, uint32_t classes)
    : config_(config),
      bits_(bits),
      classes_(classes),
      interleave_(interleave_width(classes)),
      mask_(bits >= 64 ? ~0ULL : (1ULL << bits) - 1),
      lane_mask_(0),
      weights_(bits, std::min<uint32_t>(log2u(interleave_width(classes)), bits),
               std::min<uint32_t>(classes, 1u << std::min<uint32_t>(log2u(interleave_width(classes)), bits))),
      states_(classes) {
  if (classes == 0) throw Error(errc::kArgs, "number of classes must be positive");
  lane_mask_ = (1u << weights_.block_shift()) - 1;
}

float Gd::inv_sqrt(float v) const {
#ifdef PRAXI_VW_HAVE_SSE
  if (config_.approx_inv_sqrt) return _mm_cvtss_f32(_mm_rsqrt_ss(_mm_set_ss(v)));
#endif
  return 1.f / std::sqrt(v);
}

void Gd::resolve(const Example& ex, std::vector<Row>& rows, bool create) {
  rows.resize(ex.features.size());
  const uint64_t width = interleave_;
  const uint32_t shift = weights_.block_shift();
  float* zero = const_cast<float*>(weights_.zero_block());
  for (size_t i = 0; i < ex.features.size(); ++i) {
    const Feature& f = ex.features[i];
    const uint64_t block = ((f.index * width) & mask_) >> shift;
    float* p = create ? weights_.find_or_create(block) : weights_.find(block);
    if (!p && source_ && absent_.count(block) == 0) {
      if (source_->load(block, weights_)) {
        p = weights_.find(block);
      } else {
        absent_.insert(block);
      }
    }
    rows[i] = Row{f.value, p ? p : zero};
  }
}

float Gd::predict(const std::vector<Row>& rows, uint32_t cls, float initial) const {
  const size_t off = static_cast<size_t>(lane_of(cls)) * SparseWeights::kSlotFloats;
  float p = initial;
  for (const Row& r : rows) p += r.block[off] * r.x;
  return p;
}

void Gd::predict_all(const std::vector<Row>& rows, float initial, float* out) const {
  const uint32_t k = classes_;
  for (uint32_t c = 0; c < k; ++c) out[c] = initial;
  if (weights_.lanes() == k) {
    for (const Row& r : rows) {
      const float* w = r.block;
      const float x = r.x;
      for (uint32_t c = 0; c < k; ++c) out[c] += w[c * SparseWeights::kSlotFloats] * x;
    }
  } else {
    for (const Row& r : rows)
      for (uint32_t c = 0; c < k; ++c) out[c] += r.block[lane_of(c) * SparseWeights::kSlotFloats] * r.x;
  }
}

void Gd::update(const std::vector<Row>& rows, uint32_t cls, float pred, float label, float weight,
                const SharedStats& sd) {
  if (label == FLT_MAX || !(loss_value(config_.loss, pred, label) > 0.f)) return;
  const size_t off = static_cast<size_t>(lane_of(cls)) * SparseWeights::kSlotFloats;
  const bool adaptive = config_.adaptive;
  const bool normalized = config_.normalized;
  const bool sqrt_rate = config_.power_t == 0.5f;
  const float neg_power_t = -config_.power_t;
  const float neg_norm_power = adaptive ? config_.power_t - 1.f : -1.f;

  float ppu = 1.f;
  if (adaptive || normalized) {
    const float g2 = weight * loss_square_grad(config_.loss, pred, label);
    // VW skips the sensitivity pass when the squared gradient vanishes (stale multiplier and rates).
    if (!(adaptive && g2 == 0.f)) {
      constexpr float kXMin = 1.084202172e-19f;
      constexpr float kX2Min = FLT_MIN;
      float norm_x = 0.f;
      ppu = 0.f;
      for (const Row& r : rows) {
        float* w = r.block + off;
        float x = r.x;
        float x2 = x * x;
        if (x2 < kX2Min) {
          x = x > 0 ? kXMin : -kXMin;
          x2 = kX2Min;
        }
        if (adaptive) w[1] += g2 * x2;
        if (normalized) {
          const float ax = std::fabs(x);
          if (ax > w[2]) {
            if (w[2] > 0.f) {
              const float rescale = w[2] / ax;
              if (sqrt_rate) w[0] *= adaptive ? rescale : rescale * rescale;
              else w[0] *= std::pow(rescale * rescale, -neg_norm_power);
            }
            w[2] = ax;
          }
          norm_x += x2 / (w[2] * w[2]);
        }
        float rate = 1.f;
        if (adaptive) rate = sqrt_rate ? inv_sqrt(w[1]) : std::pow(w[1], neg_power_t);
        if (normalized) {
          if (sqrt_rate) {
            const float inv_norm = 1.f / w[2];
            rate *= adaptive ? inv_norm : inv_norm * inv_norm;
          } else {
            rate *= std::pow(w[2] * w[2], neg_norm_power);
          }
        }
        w[3] = rate;
        ppu += x2 * rate;
      }
      if (normalized) {
        ModelState& st = states_[cls];
        st.normalized_sum_norm_x += static_cast<double>(weight) * norm_x;
        st.total_weight += weight;
        const float tw = static_cast<float>(st.total_weight);
        const float nx = static_cast<float>(st.normalized_sum_norm_x);
        update_multiplier_ = sqrt_rate ? std::sqrt(tw / nx) : std::pow(nx / tw, neg_norm_power);
        ppu *= update_multiplier_;
      }
    }
  } else if (config_.invariant) {
    ppu = 0.f;
    for (const Row& r : rows) ppu += r.x * r.x;
  }

  float scale = config_.eta * weight;
  if (!adaptive) {
    const float t = static_cast<float>(sd.t + weight - sd.weighted_holdout_examples - sd.weighted_unlabeled_examples);
    scale *= std::pow(t, neg_power_t);
  }
  float update = config_.invariant ? loss_invariant_update(config_.loss, pred, label, scale, ppu)
                                   : loss_plain_update(config_.loss, pred, label, scale);
  if (update == 0.f) return;
  if (normalized) update *= update_multiplier_;
  if (adaptive || normalized) {
    for (const Row& r : rows) {
      float* w = r.block + off;
      w[0] += update * (r.x * w[3]);
    }
  } else {
    for (const Row& r : rows) r.block[off] += update * r.x;
  }
}

}  // namespace praxi::vw
