#include "praxi/vw/model.h"

#include <cmath>

#include "praxi/vw/error.h"

namespace praxi::vw {
namespace {

LabelType label_type_for(ReductionSpec::Kind kind) {
  switch (kind) {
    case ReductionSpec::Kind::Scalar: return LabelType::Simple;
    case ReductionSpec::Kind::Oaa: return LabelType::Multiclass;
    case ReductionSpec::Kind::Csoaa: return LabelType::CostSensitive;
    case ReductionSpec::Kind::MultilabelOaa: return LabelType::Multilabel;
  }
  return LabelType::Simple;
}

ParseConfig parse_config_for(const LearnOptions& o) {
  ParseConfig c;
  c.label_type = label_type_for(o.kind);
  c.hash = o.hash.value_or(HashMode::Strings);
  c.hash_seed = o.hash_seed.value_or(0);
  c.bits = o.bits.value_or(18);
  c.add_constant = !o.noconstant;
  return c;
}

GdConfig gd_config_for(const LearnOptions& o) {
  GdConfig g;
  g.loss = o.loss.value_or(LossKind::Squared);
  g.power_t = o.power_t.value_or(0.5f);
  g.approx_inv_sqrt = o.approx_inv_sqrt;
  if (o.sgd) {
    // --sgd: none of adaptive/normalized/invariant; VW then defaults eta to 10 and initial_t to 1,
    // and scales eta by initial_t^power_t.
    g.adaptive = g.normalized = g.invariant = false;
    g.initial_t = o.initial_t.value_or(1.f);
    g.eta = o.learning_rate.value_or(10.f) * std::pow(g.initial_t, g.power_t);
  } else {
    g.initial_t = o.initial_t.value_or(0.f);
    g.eta = o.learning_rate.value_or(0.5f);
  }
  return g;
}

}  // namespace

Model::Model(const LearnOptions& options)
    : options_(options), sd_(std::make_unique<SharedStats>()), parser_(parse_config_for(options)) {
  if (options_.kind == ReductionSpec::Kind::Scalar) options_.classes = 1;
  if (options_.probabilities && options_.kind != ReductionSpec::Kind::Oaa &&
      options_.kind != ReductionSpec::Kind::MultilabelOaa)
    throw Error(errc::kArgs, "--probabilities needs --oaa or --multilabel_oaa");
  const GdConfig g = gd_config_for(options_);
  gd_ = std::make_unique<Gd>(g, parser_.config().bits, options_.classes);
  sd_->t = g.initial_t;
  if (g.loss == LossKind::Logistic) {
    sd_->min_label = -50.f;
    sd_->max_label = 50.f;
  }
  ReductionSpec spec;
  spec.kind = options_.kind;
  spec.classes = options_.classes;
  spec.probabilities = options_.probabilities;
  spec.indexing = options_.indexing ? *options_.indexing : -1;
  spec.link = options_.link.value_or(Link::Identity);
  if (spec.kind == ReductionSpec::Kind::MultilabelOaa && spec.probabilities) spec.link = Link::Logistic;
  if (spec.kind == ReductionSpec::Kind::Oaa && spec.probabilities) spec.link = Link::Identity;
  reduction_ = make_reduction(spec, *gd_, *sd_);
}

Model::Model(Model&&) noexcept = default;
Model& Model::operator=(Model&&) noexcept = default;
Model::~Model() = default;

Model Model::create(const std::vector<std::string>& args) { return Model(parse_options(args).learn); }
Model Model::create(const LearnOptions& options) { return Model(options); }

void Model::set_test_only(bool on) {
  if (!on && gd_->on_demand()) throw Error(errc::kState, "a model opened for prediction only (open_file) cannot learn");
  test_only_ = on;
  sd_->widen_labels = !on;
}

bool Model::parse_line(std::string_view line, Example& ex, uint64_t line_number, std::string* warning) const {
  return parser_.parse_line(line, ex, line_number, warning);
}

void Model::learn(const Example& ex, Prediction& out) {
  if (test_only_) throw Error(errc::kState, "learn() called on a test-only model");
  process(ex, false, out);
}

void Model::predict(const Example& ex, Prediction& out) { reduction_->process(ex, false, out); }

void Model::process(const Example& ex, bool holdout, Prediction& out) {
  if (gd_->on_demand()) throw Error(errc::kState, "a model opened for prediction only (open_file) cannot be trained");
  const bool learn = !test_only_ && !holdout;
  reduction_->process(ex, learn, out);
  const bool labeled = ex.is_labeled();
  sd_->record(holdout, labeled, out.loss, ex.weight, ex.num_features());
  if (labeled) {
    if (holdout) {
      sd_->holdout_multiclass_log_loss += out.log_loss;
    } else {
      if (label_type() == LabelType::Simple) sd_->weighted_labels += static_cast<double>(ex.label) * ex.weight;
      sd_->multiclass_log_loss += out.log_loss;
    }
  }
}

void Model::end_pass() {
  gd_->config().eta *= options_.decay_learning_rate;
  ++sd_->current_pass;
}

ExampleBuilder::ExampleBuilder(const Model& model) : parser_(model.parser()) {
  ex_.label_type = parser_.config().label_type;
}
ExampleBuilder::ExampleBuilder(const TextParser& parser) : parser_(parser) {
  ex_.label_type = parser_.config().label_type;
}

ExampleBuilder& ExampleBuilder::simple_label(float label, float weight, float initial) {
  ex_.label = label;
  ex_.weight = weight;
  ex_.initial = initial;
  return *this;
}
ExampleBuilder& ExampleBuilder::class_label(uint32_t label, float weight) {
  ex_.class_label = label;
  ex_.has_class = true;
  ex_.weight = weight;
  return *this;
}
ExampleBuilder& ExampleBuilder::costs(const std::vector<CostEntry>& c) {
  ex_.costs = c;
  return *this;
}
ExampleBuilder& ExampleBuilder::multilabels(const std::vector<uint32_t>& labels) {
  ex_.labels = labels;
  ex_.has_multilabels = true;
  return *this;
}
ExampleBuilder& ExampleBuilder::tag(std::string_view t) {
  ex_.tag.assign(t.data(), t.size());
  return *this;
}
ExampleBuilder& ExampleBuilder::text(std::string_view feature_text) {
  line_.assign("| ");
  line_.append(feature_text.data(), feature_text.size());
  std::string w;
  parser_.parse_features(line_, ex_, &w);
  if (!w.empty()) warning_ = w;
  return *this;
}
ExampleBuilder& ExampleBuilder::feature(std::string_view name, float value) {
  if (value == 0.f || std::isnan(value)) return *this;
  const ParseConfig& c = parser_.config();
  const uint64_t channel = namespace_hash(c.hash, std::string_view(), c.hash_seed);
  const uint64_t mask = (1ULL << c.bits) - 1;
  const uint32_t b = static_cast<uint32_t>(ex_.features.size());
  ex_.features.push_back({value, hash_name(c.hash, name, channel) & mask});
  if (!ex_.namespaces.empty() && ex_.namespaces.back().index == kDefaultNamespace && ex_.namespaces.back().end == b)
    ex_.namespaces.back().end = b + 1;
  else
    ex_.namespaces.push_back({kDefaultNamespace, b, b + 1});
  return *this;
}
void ExampleBuilder::build(Example& out) {
  parser_.finish(ex_);
  out = std::move(ex_);
  ex_ = Example();
  ex_.label_type = parser_.config().label_type;
  warning_.clear();
}

}  // namespace praxi::vw
