#include "praxi/vw/loss.h"

#include <cmath>

#include "praxi/vw/error.h"

namespace praxi::vw {

LossKind loss_from_name(std::string_view name) {
  if (name == "squared") return LossKind::Squared;
  if (name == "logistic") return LossKind::Logistic;
  if (name == "hinge") return LossKind::Hinge;
  throw Error(errc::kArgs, "unsupported --loss_function '" + std::string(name) +
                               "' (expected squared, logistic or hinge)");
}

const char* loss_name(LossKind kind) {
  switch (kind) {
    case LossKind::Squared: return "squared";
    case LossKind::Logistic: return "logistic";
    case LossKind::Hinge: return "hinge";
  }
  return "squared";
}

namespace {

// W(e^x) - x for the Lambert W function: a starting guess refined by one Fritsch-Shafer-Crowley
// iteration (absolute error < 1e-4), evaluated in double like VW.
float lambert_w_exp_minus_x(float xf) {
  const double x = xf;
  const double w = x >= 1. ? 0.86 * x + 0.01 : std::exp(0.8 * x - 0.65);
  const double r = x >= 1. ? x - std::log(w) - w : 0.2 * x + 0.65 - w;
  const double t = 1. + w;
  const double u = 2. * t * (t + 2. * r / 3.);
  return static_cast<float>(w * (1. + r / t * (u - r) / (u - 2. * r)) - x);
}

}  // namespace

float loss_value(LossKind kind, float p, float y) {
  switch (kind) {
    case LossKind::Squared: return (p - y) * (p - y);
    case LossKind::Logistic: return std::log(1.f + std::exp(-y * p));
    case LossKind::Hinge: return std::fmax(0.f, 1.f - y * p);
  }
  return 0.f;
}

float loss_square_grad(LossKind kind, float p, float y) {
  float d = 0.f;
  switch (kind) {
    case LossKind::Squared: d = 2.f * (p - y); break;
    case LossKind::Logistic: d = -y / (1.f + std::exp(y * p)); break;
    case LossKind::Hinge: d = (y * p >= 1.f) ? 0.f : -y; break;
  }
  return d * d;
}

float loss_invariant_update(LossKind kind, float p, float y, float s, float ppu) {
  switch (kind) {
    case LossKind::Squared:
      if (s * ppu < 1e-6f) return 2.f * (y - p) * s;
      return (y - p) * (1.f - std::exp(-2.f * s * ppu)) / ppu;
    case LossKind::Logistic: {
      const float d = std::exp(y * p);
      if (s * ppu < 1e-6f) return y * s / (1.f + d);
      const float x = s * ppu + y * p + d;
      const float w = lambert_w_exp_minus_x(x);
      return -(y * w + p) / ppu;
    }
    case LossKind::Hinge: {
      if (y * p >= 1.f) return 0.f;
      const float err = 1.f - y * p;
      return y * (s * ppu < err ? s : err / ppu);
    }
  }
  return 0.f;
}

float loss_plain_update(LossKind kind, float p, float y, float s) {
  switch (kind) {
    case LossKind::Squared: return 2.f * (y - p) * s;
    case LossKind::Logistic: return y * s / (1.f + std::exp(y * p));
    case LossKind::Hinge: return (y * p >= 1.f) ? 0.f : y * s;
  }
  return 0.f;
}

}  // namespace praxi::vw
