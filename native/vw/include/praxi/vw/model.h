#pragma once
// The programmatic API the addon wraps: a VW-compatible model that loads/saves VW 9 model files,
// learns and predicts from Examples, text lines or (name, value) pairs.
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "praxi/vw/example.h"
#include "praxi/vw/gd.h"
#include "praxi/vw/options.h"
#include "praxi/vw/reductions.h"
#include "praxi/vw/shared_stats.h"
#include "praxi/vw/text_parser.h"

namespace praxi::vw {

inline constexpr const char* kVwVersion = "9.11.2";

// What Model::with_classes did to the weights (src/relayout.cc).
struct RelayoutStats {
  uint32_t old_interleave = 0;  // nextpow2(classes) before and after: the class stride of a feature
  uint32_t new_interleave = 0;
  uint64_t slots = 0;           // non-zero weight slots carried over
  uint64_t merged = 0;          // of those, slots that landed on an already filled one (hash collision)
};

class Model {
 public:
  // A fresh model from VW-style arguments (only the learning options matter: --oaa 80 -b 26 ...).
  static Model create(const std::vector<std::string>& args);
  static Model create(const LearnOptions& options);
  // Loads a VW 9 model (binary). `args` are extra arguments applied like VW's command line
  // (e.g. {"--probabilities", "--loss_function", "logistic"}, which VW does not store in the file).
  static Model load(const uint8_t* data, size_t size, const std::vector<std::string>& args = {});
  static Model load(const std::vector<uint8_t>& bytes, const std::vector<std::string>& args = {}) {
    return load(bytes.data(), bytes.size(), args);
  }
  static Model load_file(const std::string& path, const std::vector<std::string>& args = {});
  // Opens a model file for prediction only: reads the header now and each weight block the first time
  // an example needs it (the file must be VW's sorted layout, which load() also accepts). The file
  // stays open; `identity` receives what it was when opened, for the caller's integrity check.
  struct FileIdentity {
    uint64_t dev, ino, size;
    int64_t mtime_ns, ctime_ns;
  };
  static Model open_file(const std::string& path, const std::vector<std::string>& args = {},
                         FileIdentity* identity = nullptr);

  Model(Model&&) noexcept;
  Model& operator=(Model&&) noexcept;
  ~Model();

  // VW 9 binary model; predict_only = --predict_only_model (weights only, no resume state).
  std::vector<uint8_t> save(bool predict_only = false) const;
  void save_file(const std::string& path, bool predict_only = false) const;
  // --readable_model text.
  std::string readable(bool predict_only = false) const;

  const LearnOptions& options() const { return options_; }
  LabelType label_type() const { return parser_.config().label_type; }
  uint32_t num_classes() const { return options_.classes; }
  // The options string stored in model files (" --oaa 5").
  std::string options_string() const { return keep_options_string(options_); }

  // The same model with room for `classes` classes (>= num_classes(); oaa, csoaa, multilabel_oaa):
  // every weight of class i of feature hash h moves to where vw indexes (h, i) with the new count,
  // (h * nextpow2(classes) + i) & (2^bits - 1); the new classes start at zero, the resume state and
  // the existing classes' model states are kept. When the stride grows, one hash bit less fits in
  // -b bits: slots that then coincide are merged as vw would have shared them (weights and adaptive
  // sums added, normalizer = the larger), counted in `stats->merged`. Throws VW_ARGS for a regression
  // model, fewer classes, or a class stride wider than 2^bits.
  Model with_classes(uint32_t classes, RelayoutStats* stats = nullptr) const;

  // -t semantics: never learn, and do not widen the label range.
  void set_test_only(bool on);
  bool test_only() const { return test_only_; }

  // Text line -> Example with this model's label type and hashing. False for an empty line.
  bool parse_line(std::string_view line, Example& ex, uint64_t line_number = 0, std::string* warning = nullptr) const;
  const TextParser& parser() const { return parser_; }

  // Learns from one example (predict first, then update: progressive validation) and records the run
  // statistics like vw. `out` receives the prediction made before the update.
  void learn(const Example& ex, Prediction& out);
  // Predicts without learning and without touching statistics.
  void predict(const Example& ex, Prediction& out);
  // What the driver calls per example: learn unless test-only/holdout, record statistics.
  void process(const Example& ex, bool holdout, Prediction& out);
  // End of a pass over the data: eta *= decay_learning_rate, current_pass++.
  void end_pass();

  SharedStats& stats() { return *sd_; }
  const SharedStats& stats() const { return *sd_; }
  Gd& gd() { return *gd_; }
  const Gd& gd() const { return *gd_; }
  const std::string& id() const { return id_; }
  void set_id(std::string id) { id_ = std::move(id); }

 private:
  explicit Model(const LearnOptions& options);
  LearnOptions options_;
  std::unique_ptr<Gd> gd_;
  std::unique_ptr<SharedStats> sd_;
  std::unique_ptr<Reduction> reduction_;
  TextParser parser_;
  std::string id_;
  bool test_only_ = false;
  friend class ModelReader;
};

// Builds examples without writing a text line. `text()` parses VW feature text exactly as it would
// appear after "| " in a data line (Praxi passes "tag:count" tokens; a tag may contain spaces or ':' and
// VW then sees several tokens or a namespace change -- so pass all tokens of an example in ONE call,
// joined by spaces, to get exactly what VW sees for "| tag1:c1 tag2:c2 ...").
// `feature()` hashes one (name, value) in the default namespace with no tokenization at all.
class ExampleBuilder {
 public:
  explicit ExampleBuilder(const Model& model);
  explicit ExampleBuilder(const TextParser& parser);
  ExampleBuilder& simple_label(float label, float weight = 1.f, float initial = 0.f);
  ExampleBuilder& class_label(uint32_t label, float weight = 1.f);
  ExampleBuilder& costs(const std::vector<CostEntry>& costs);
  ExampleBuilder& multilabels(const std::vector<uint32_t>& labels);
  ExampleBuilder& tag(std::string_view tag);
  ExampleBuilder& text(std::string_view feature_text);
  ExampleBuilder& feature(std::string_view name, float value = 1.f);
  // Finishes (constant feature, namespace grouping) into `out`; the builder is reset.
  void build(Example& out);
  // Warning from text() if VW would have dropped part of the text.
  const std::string& warning() const { return warning_; }

 private:
  const TextParser& parser_;
  Example ex_;
  std::string line_;
  std::string warning_;
};

}  // namespace praxi::vw
