#pragma once
// The reductions on top of gd, each a small typed unit: it declares the label type it takes, and turns
// one Example into a Prediction, learning through the shared Gd and SharedStats it was given.
#include <cstdint>
#include <memory>
#include <vector>

#include "praxi/vw/example.h"
#include "praxi/vw/gd.h"
#include "praxi/vw/shared_stats.h"

namespace praxi::vw {

enum class Link : uint8_t { Identity, Logistic };

struct Prediction {
  float scalar = 0.f;            // regression: linked prediction
  uint32_t class_label = 0;      // oaa / csoaa: predicted class as printed
  std::vector<float> scores;     // oaa: clamped class scores; csoaa: raw partial predictions;
                                 // multilabel: linked scores
  std::vector<uint32_t> score_classes;  // class id printed before each score (csoaa: the label's list)
  std::vector<float> probabilities;     // oaa --probabilities (sum to 1)
  std::vector<uint32_t> labels;         // multilabel predicted ids
  float loss = 0.f;              // this example's loss as VW accounts it (0 when unlabeled)
  double log_loss = 0.0;         // oaa --probabilities multiclass log loss
};

class Reduction {
 public:
  virtual ~Reduction() = default;
  virtual LabelType label_type() const = 0;
  // learn == false: predict only (-t, holdout examples, unlabeled examples).
  virtual void process(const Example& ex, bool learn, Prediction& out) = 0;
};

struct ReductionSpec {
  enum class Kind : uint8_t { Scalar, Oaa, Csoaa, MultilabelOaa } kind = Kind::Scalar;
  uint32_t classes = 1;
  bool probabilities = false;
  Link link = Link::Identity;
  int indexing = -1;  // -1 auto, 0 or 1 forced
};

std::unique_ptr<Reduction> make_reduction(const ReductionSpec& spec, Gd& gd, SharedStats& sd);

}  // namespace praxi::vw
