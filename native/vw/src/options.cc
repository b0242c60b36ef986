#include "praxi/vw/options.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <sstream>

#include "praxi/vw/error.h"

namespace praxi::vw {
namespace {

[[noreturn]] void bad(const std::string& msg) { throw Error(errc::kArgs, msg); }

uint64_t to_u64(const std::string& opt, const std::string& v, uint64_t lo, uint64_t hi) {
  if (v.empty() || v.find_first_not_of("0123456789") != std::string::npos)
    bad("option " + opt + " expects a non-negative integer, got '" + v + "'");
  errno = 0;
  const unsigned long long x = std::strtoull(v.c_str(), nullptr, 10);
  if (errno || x < lo || x > hi)
    bad("option " + opt + " value " + v + " is out of range [" + std::to_string(lo) + ", " + std::to_string(hi) + "]");
  return x;
}

float to_float(const std::string& opt, const std::string& v) {
  char* end = nullptr;
  const double d = std::strtod(v.c_str(), &end);
  if (v.empty() || *end != '\0' || !std::isfinite(d)) bad("option " + opt + " expects a number, got '" + v + "'");
  return static_cast<float>(d);
}

std::string format_float_option(float f) {
  char buf[64];
  std::snprintf(buf, sizeof(buf), "%.15g", static_cast<double>(f));
  return buf;
}

enum class Arity { Flag, Value };

struct Spec {
  const char* long_name;
  char short_name;
  Arity arity;
};

const Spec kSpecs[] = {
    {"data", 'd', Arity::Value},          {"final_regressor", 'f', Arity::Value},
    {"initial_regressor", 'i', Arity::Value}, {"testonly", 't', Arity::Flag},
    {"predictions", 'p', Arity::Value},   {"raw_predictions", 'r', Arity::Value},
    {"oaa", 0, Arity::Value},             {"csoaa", 0, Arity::Value},
    {"multilabel_oaa", 0, Arity::Value},  {"probabilities", 0, Arity::Flag},
    {"loss_function", 0, Arity::Value},   {"bit_precision", 'b', Arity::Value},
    {"learning_rate", 'l', Arity::Value}, {"power_t", 0, Arity::Value},
    {"initial_t", 0, Arity::Value},       {"decay_learning_rate", 0, Arity::Value},
    {"passes", 0, Arity::Value},          {"cache", 'c', Arity::Flag},
    {"cache_file", 0, Arity::Value},      {"kill_cache", 'k', Arity::Flag},
    {"holdout_off", 0, Arity::Flag},      {"readable_model", 0, Arity::Value},
    {"predict_only_model", 0, Arity::Flag}, {"noconstant", 0, Arity::Flag},
    {"hash", 0, Arity::Value},            {"hash_seed", 0, Arity::Value},
    {"quiet", 0, Arity::Flag},            {"examples", 0, Arity::Value},
    {"indexing", 0, Arity::Value},        {"link", 0, Arity::Value},
    {"sgd", 0, Arity::Flag},              {"save_resume", 0, Arity::Flag},
    {"rsqrt_approx", 0, Arity::Flag},
};

const Spec* find_long(const std::string& name) {
  for (const Spec& s : kSpecs)
    if (name == s.long_name) return &s;
  return nullptr;
}
const Spec* find_short(char c) {
  for (const Spec& s : kSpecs)
    if (s.short_name == c) return &s;
  return nullptr;
}

void set_reduction(LearnOptions& o, ReductionSpec::Kind kind, const std::string& opt, const std::string& v) {
  const uint32_t k = static_cast<uint32_t>(to_u64(opt, v, 1, 1u << 24));
  if (o.kind != ReductionSpec::Kind::Scalar && (o.kind != kind || o.classes != k))
    bad("option " + opt + " " + v + " conflicts with another reduction option");
  o.kind = kind;
  o.classes = k;
}

void apply(Options& out, const Spec& s, const std::string& value) {
  LearnOptions& l = out.learn;
  RunOptions& r = out.run;
  const std::string name = std::string("--") + s.long_name;
  const std::string n = s.long_name;
  if (n == "data") r.data.push_back(value);
  else if (n == "final_regressor") r.final_regressor = value;
  else if (n == "initial_regressor") r.initial_regressor = value;
  else if (n == "testonly") r.test_only = true;
  else if (n == "predictions") r.predictions = value;
  else if (n == "raw_predictions") r.raw_predictions = value;
  else if (n == "oaa") set_reduction(l, ReductionSpec::Kind::Oaa, name, value);
  else if (n == "csoaa") set_reduction(l, ReductionSpec::Kind::Csoaa, name, value);
  else if (n == "multilabel_oaa") set_reduction(l, ReductionSpec::Kind::MultilabelOaa, name, value);
  else if (n == "probabilities") l.probabilities = true;
  else if (n == "loss_function") l.loss = loss_from_name(value);
  else if (n == "bit_precision") l.bits = static_cast<uint32_t>(to_u64(name, value, 1, 32));
  else if (n == "learning_rate") l.learning_rate = to_float(name, value);
  else if (n == "power_t") l.power_t = to_float(name, value);
  else if (n == "initial_t") l.initial_t = to_float(name, value);
  else if (n == "decay_learning_rate") l.decay_learning_rate = to_float(name, value);
  else if (n == "passes") r.passes = static_cast<uint32_t>(to_u64(name, value, 1, 1000000));
  else if (n == "cache") r.cache = true;
  else if (n == "cache_file") r.cache_file = value;
  else if (n == "kill_cache") r.kill_cache = true;
  else if (n == "holdout_off") r.holdout_off = true;
  else if (n == "readable_model") r.readable_model = value;
  else if (n == "predict_only_model") r.predict_only_model = true;
  else if (n == "noconstant") l.noconstant = true;
  else if (n == "hash") {
    if (value == "strings") l.hash = HashMode::Strings;
    else if (value == "all") l.hash = HashMode::All;
    else bad("option --hash expects 'strings' or 'all', got '" + value + "'");
  } else if (n == "hash_seed") l.hash_seed = static_cast<uint32_t>(to_u64(name, value, 0, 0xffffffffULL));
  else if (n == "quiet") r.quiet = true;
  else if (n == "examples") r.examples = to_u64(name, value, 0, ~0ULL);
  else if (n == "indexing") l.indexing = static_cast<int>(to_u64(name, value, 0, 1));
  else if (n == "link") {
    if (value == "identity") l.link = Link::Identity;
    else if (value == "logistic") l.link = Link::Logistic;
    else bad("option --link expects 'identity' or 'logistic', got '" + value + "'");
  } else if (n == "sgd") l.sgd = true;
  else if (n == "save_resume") {  // deprecated no-op in VW 9
  } else if (n == "rsqrt_approx") l.approx_inv_sqrt = true;
}

}  // namespace

std::vector<std::string> split_args(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  std::string tok;
  while (in >> tok) out.push_back(tok);
  return out;
}

Options parse_options(const std::vector<std::string>& args) {
  Options out;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    const Spec* spec = nullptr;
    std::string value;
    bool has_inline = false;
    if (a.size() > 2 && a[0] == '-' && a[1] == '-') {
      std::string name = a.substr(2);
      const size_t eq = name.find('=');
      if (eq != std::string::npos) {
        value = name.substr(eq + 1);
        name.resize(eq);
        has_inline = true;
      }
      spec = find_long(name);
      if (!spec) bad("unsupported option '" + a + "' (argument " + std::to_string(i + 1) + ")");
    } else if (a.size() >= 2 && a[0] == '-' && a[1] != '-') {
      spec = find_short(a[1]);
      if (!spec) bad("unsupported option '" + a + "' (argument " + std::to_string(i + 1) + ")");
      if (a.size() > 2) {
        if (spec->arity == Arity::Flag) bad("flag '-" + std::string(1, a[1]) + "' takes no value: '" + a + "'");
        value = a.substr(2);
        has_inline = true;
      }
    } else {
      // VW takes a bare argument as the data file.
      out.run.data.push_back(a);
      continue;
    }
    if (spec->arity == Arity::Value && !has_inline) {
      if (i + 1 >= args.size()) bad("option '" + a + "' needs a value");
      value = args[++i];
    } else if (spec->arity == Arity::Flag && has_inline) {
      bad("flag '" + a + "' takes no value");
    }
    apply(out, *spec, value);
  }
  return out;
}

void merge_model_options(LearnOptions& into, const LearnOptions& f) {
  if (f.kind != ReductionSpec::Kind::Scalar) {
    if (into.kind != ReductionSpec::Kind::Scalar && (into.kind != f.kind || into.classes != f.classes))
      bad("the model was trained with" + keep_options_string(f) + ", which conflicts with the given reduction options");
    into.kind = f.kind;
    into.classes = f.classes;
  }
  if (f.link && !into.link) into.link = f.link;
  if (f.indexing && !into.indexing) into.indexing = f.indexing;
  if (f.hash && !into.hash) into.hash = f.hash;
  if (f.hash_seed && !into.hash_seed) into.hash_seed = f.hash_seed;
  if (f.noconstant) into.noconstant = true;
  if (f.learning_rate && !into.learning_rate) into.learning_rate = f.learning_rate;
  if (f.power_t && !into.power_t) into.power_t = f.power_t;
  if (f.sgd) into.sgd = true;
}

std::string keep_options_string(const LearnOptions& o) {
  std::map<std::string, std::string> kept;  // sorted by name, like VW's serializer
  switch (o.kind) {
    case ReductionSpec::Kind::Oaa: kept["oaa"] = std::to_string(o.classes); break;
    case ReductionSpec::Kind::Csoaa: kept["csoaa"] = std::to_string(o.classes); break;
    case ReductionSpec::Kind::MultilabelOaa: kept["multilabel_oaa"] = std::to_string(o.classes); break;
    case ReductionSpec::Kind::Scalar: break;
  }
  std::optional<Link> link = o.link;
  if (o.kind == ReductionSpec::Kind::MultilabelOaa && o.probabilities) link = Link::Logistic;
  if (link) kept["link"] = *link == Link::Logistic ? "logistic" : "identity";
  if (o.indexing) kept["indexing"] = std::to_string(*o.indexing);
  if (o.hash) kept["hash"] = *o.hash == HashMode::All ? "all" : "strings";
  if (o.hash_seed) kept["hash_seed"] = std::to_string(*o.hash_seed);
  if (o.noconstant) kept["noconstant"] = "";
  if (o.learning_rate) kept["learning_rate"] = format_float_option(*o.learning_rate);
  if (o.power_t) kept["power_t"] = format_float_option(*o.power_t);
  if (o.sgd) kept["sgd"] = "";
  std::string s;
  for (const auto& [k, v] : kept) {
    s += " --" + k;
    if (!v.empty()) s += " " + v;
  }
  return s;
}

}  // namespace praxi::vw
