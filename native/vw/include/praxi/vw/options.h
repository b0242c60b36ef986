#pragma once
// The supported subset of VW's command line, parsed into one plain struct. Model-defining options are
// split from run options so a Model can be rebuilt from the options string stored in a model file.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "praxi/vw/hash.h"
#include "praxi/vw/loss.h"
#include "praxi/vw/reductions.h"

namespace praxi::vw {

struct LearnOptions {
  ReductionSpec::Kind kind = ReductionSpec::Kind::Scalar;
  uint32_t classes = 1;
  bool probabilities = false;
  std::optional<Link> link;
  std::optional<int> indexing;
  std::optional<uint32_t> bits;
  std::optional<HashMode> hash;
  std::optional<uint32_t> hash_seed;
  bool noconstant = false;
  std::optional<LossKind> loss;
  std::optional<float> learning_rate;
  std::optional<float> power_t;
  std::optional<float> initial_t;
  float decay_learning_rate = 1.f;
  bool sgd = false;
  bool approx_inv_sqrt = false;  // --rsqrt_approx: mimic the default (SIMD) vw build
};

struct RunOptions {
  std::vector<std::string> data;
  std::string final_regressor;
  std::string initial_regressor;
  std::string predictions;
  std::string raw_predictions;
  std::string readable_model;
  std::string cache_file;
  bool cache = false;
  bool kill_cache = false;
  bool test_only = false;
  uint32_t passes = 1;
  bool holdout_off = false;
  bool predict_only_model = false;
  bool quiet = false;
  std::optional<uint64_t> examples;
};

struct Options {
  LearnOptions learn;
  RunOptions run;
};

// Parses VW-style arguments (`--oaa 5`, `--oaa=5`, `-b 18`, `-b18`). Throws Error("VW_ARGS") naming the
// offending argument for anything unsupported or malformed.
Options parse_options(const std::vector<std::string>& args);
// Splits an options string such as " --oaa 5 --noconstant" into arguments.
std::vector<std::string> split_args(const std::string& s);
// Adds the options a model file stored to `into`, as VW appends them to the command line; an explicit
// conflicting value (e.g. --oaa 3 vs stored --oaa 5) throws Error("VW_ARGS").
void merge_model_options(LearnOptions& into, const LearnOptions& from_file);
// The "keep" options VW stores in a model file, serialized like VW does (sorted by name): " --oaa 5".
std::string keep_options_string(const LearnOptions& o);

}  // namespace praxi::vw
