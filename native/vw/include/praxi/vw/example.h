#pragma once
// One parsed example: label (for the active label type), tag, and features grouped by namespace in the
// order VW iterates them (namespace groups in first-appearance order, the constant feature last).
#include <cfloat>
#include <cstdint>
#include <string>
#include <vector>

namespace praxi::vw {

enum class LabelType : uint8_t { Simple, Multiclass, CostSensitive, Multilabel };

struct Feature {
  float value;
  uint64_t index;  // hash & parse mask (the constant feature keeps its unmasked 11650396)
};

struct NamespaceSpan {
  unsigned char index;  // first byte of the namespace name, ' ' for the default one, 128 for the constant
  uint32_t begin;
  uint32_t end;
};

struct CostEntry {
  uint32_t class_index;
  float cost;  // FLT_MAX = class listed without a cost (test)
};

struct Example {
  LabelType label_type = LabelType::Simple;
  // Simple: label (FLT_MAX = unlabeled), importance weight, initial (base) prediction.
  float label = FLT_MAX;
  float weight = 1.f;
  float initial = 0.f;
  // Multiclass: 0 means "no label" only together with has_class == false.
  bool has_class = false;
  uint32_t class_label = 0;
  std::vector<CostEntry> costs;
  std::vector<uint32_t> labels;  // multilabel ids in the order written
  bool has_multilabels = false;
  std::string tag;
  std::vector<Feature> features;
  std::vector<NamespaceSpan> namespaces;

  // Keeps capacity so a reused Example parses without allocating.
  void clear() {
    label = FLT_MAX;
    weight = 1.f;
    initial = 0.f;
    has_class = false;
    class_label = 0;
    costs.clear();
    labels.clear();
    has_multilabels = false;
    tag.clear();
    features.clear();
    namespaces.clear();
  }

  bool is_labeled() const {
    switch (label_type) {
      case LabelType::Simple: return label != FLT_MAX;
      case LabelType::Multiclass: return has_class;
      case LabelType::Multilabel: return has_multilabels;
      case LabelType::CostSensitive:
        for (const auto& c : costs)
          if (c.cost != FLT_MAX) return true;
        return false;
    }
    return false;
  }
  size_t num_features() const { return features.size(); }
};

}  // namespace praxi::vw
