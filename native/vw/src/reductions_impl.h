#pragma once
#include <vector>

#include "praxi/vw/reductions.h"

namespace praxi::vw {

class ScalarReduction final : public Reduction {
 public:
  ScalarReduction(Gd& gd, SharedStats& sd, Link link);
  LabelType label_type() const override { return LabelType::Simple; }
  void process(const Example& ex, bool learn, Prediction& out) override;

 private:
  Gd& gd_;
  SharedStats& sd_;
  Link link_;
  std::vector<Gd::Row> rows_;
};

class OaaReduction final : public Reduction {
 public:
  OaaReduction(Gd& gd, SharedStats& sd, uint32_t k, bool probabilities, int indexing);
  LabelType label_type() const override { return LabelType::Multiclass; }
  void process(const Example& ex, bool learn, Prediction& out) override;

 private:
  Gd& gd_;
  SharedStats& sd_;
  uint32_t k_;
  bool probabilities_;
  int indexing_;  // -1 auto (acts 1-based until a 0 label is seen)
  std::vector<Gd::Row> rows_;
};

class CsoaaReduction final : public Reduction {
 public:
  CsoaaReduction(Gd& gd, SharedStats& sd, uint32_t k, int indexing);
  LabelType label_type() const override { return LabelType::CostSensitive; }
  void process(const Example& ex, bool learn, Prediction& out) override;

 private:
  Gd& gd_;
  SharedStats& sd_;
  uint32_t k_;
  int indexing_;
  std::vector<Gd::Row> rows_;
};

class MultilabelOaaReduction final : public Reduction {
 public:
  MultilabelOaaReduction(Gd& gd, SharedStats& sd, uint32_t k, Link link, bool probabilities);
  LabelType label_type() const override { return LabelType::Multilabel; }
  void process(const Example& ex, bool learn, Prediction& out) override;

 private:
  Gd& gd_;
  SharedStats& sd_;
  uint32_t k_;
  Link link_;
  bool probabilities_;  // output is the per-class scores only; the predicted label set stays empty
  std::vector<Gd::Row> rows_;
};

}  // namespace praxi::vw
