#include "praxi/vw/driver.h"

#include <cfloat>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iomanip>
#include <memory>
#include <ostream>
#include <sstream>

#include "praxi/vw/error.h"
#include "praxi/vw/example_cache.h"
#include "praxi/vw/model.h"

namespace praxi::vw {
namespace {

// Scalar -p values: fixed 6 decimals, or no decimals when integral (global_data.cc print_result_by_ref).
void print_scalar(std::ostream& o, float v) {
  char buf[64];
  const bool integral = std::floor(v) == v && std::isfinite(v);
  std::snprintf(buf, sizeof(buf), integral ? "%.0f" : "%.6f", static_cast<double>(v));
  o << buf;
}

void print_tag(std::ostream& o, const Example& ex) {
  if (!ex.tag.empty()) o << ' ' << ex.tag;
}

class Outputs {
 public:
  explicit Outputs(const RunOptions& r) {
    if (!r.predictions.empty()) pred_ = open(r.predictions);
    if (!r.raw_predictions.empty()) raw_ = open(r.raw_predictions);
  }
  void write(const Model& m, const Example& ex, const Prediction& p, bool probabilities) {
    if (pred_) write_pred(*pred_, m, ex, p, probabilities);
    if (raw_) write_raw(*raw_, m, ex, p);
  }
  void close() {
    for (auto* f : {pred_.get(), raw_.get()})
      if (f) {
        f->flush();
        if (!*f) throw Error(errc::kIo, "failed writing a prediction file");
      }
  }

 private:
  static std::unique_ptr<std::ofstream> open(const std::string& path) {
    auto f = std::make_unique<std::ofstream>(path, std::ios::binary | std::ios::trunc);
    if (!*f) throw Error(errc::kIo, "cannot open '" + path + "' for writing");
    return f;
  }
  static void write_pred(std::ostream& o, const Model& m, const Example& ex, const Prediction& p, bool probabilities) {
    switch (m.label_type()) {
      case LabelType::Simple: print_scalar(o, p.scalar); break;
      case LabelType::Multiclass:
        if (probabilities) {
          for (size_t c = 0; c < p.probabilities.size(); ++c) o << (c ? " " : "") << c + 1 << ':' << p.probabilities[c];
        } else {
          o << p.class_label;
        }
        break;
      case LabelType::CostSensitive: o << p.class_label; break;
      case LabelType::Multilabel:
        if (probabilities) {
          for (size_t c = 0; c < p.scores.size(); ++c) o << (c ? " " : "") << c << ':' << p.scores[c];
          o << '\n';
        }
        for (size_t i = 0; i < p.labels.size(); ++i) o << (i ? "," : "") << p.labels[i];
        o << ' ';
        break;
    }
    print_tag(o, ex);
    o << '\n';
  }
  static void write_raw(std::ostream& o, const Model& m, const Example& ex, const Prediction& p) {
    switch (m.label_type()) {
      case LabelType::Simple: print_scalar(o, p.scalar); break;
      case LabelType::Multiclass:
        for (size_t c = 0; c < p.scores.size(); ++c) o << ' ' << c + 1 << ':' << p.scores[c];
        break;
      case LabelType::CostSensitive:
        for (size_t c = 0; c < p.scores.size(); ++c) o << (c ? " " : "") << p.score_classes[c] << ':' << p.scores[c];
        break;
      case LabelType::Multilabel:
        for (size_t c = 0; c < p.scores.size(); ++c) o << (c ? " " : "") << c << ':' << p.scores[c];
        break;
    }
    print_tag(o, ex);
    o << '\n';
  }
  std::unique_ptr<std::ofstream> pred_, raw_;
};

// vw's progress table on stderr; also drives the dump_interval bookkeeping saved in models.
class Progress {
 public:
  Progress(std::ostream& err, bool quiet) : err_(err), quiet_(quiet) {}
  void header(const Model& m, const Options& o) {
    if (quiet_) return;
    err_ << "Num weight bits = " << m.gd().bits() << "\n";
    err_ << "learning rate = " << m.gd().config().eta << "\n";
    err_ << "initial_t = " << m.gd().config().initial_t << "\n";
    err_ << "power_t = " << m.gd().config().power_t << "\n";
    if (o.run.passes > 1) err_ << "decay_learning_rate = " << o.learn.decay_learning_rate << "\n";
    err_ << "average  since         example        example        current        current  current\n";
    err_ << "loss     last          counter         weight          label        predict features\n";
  }
  void after(Model& m, const Example& ex, const Prediction& p, bool holdout_mode) {
    SharedStats& sd = m.stats();
    if (quiet_ || sd.weighted_examples() < sd.dump_interval) return;
    char line[256];
    const double since_w = sd.weighted_labeled_examples - sd.old_weighted_labeled_examples;
    double avg, since;
    if (holdout_mode && sd.weighted_holdout_examples > 0) {
      avg = sd.holdout_sum_loss / sd.weighted_holdout_examples;
      since = sd.weighted_holdout_examples_since_last_dump > 0
                  ? sd.holdout_sum_loss_since_last_dump / sd.weighted_holdout_examples_since_last_dump
                  : 0.0;
    } else {
      avg = sd.weighted_labeled_examples > 0 ? sd.sum_loss / sd.weighted_labeled_examples : 0.0;
      since = since_w > 0 ? sd.sum_loss_since_last_dump / since_w : 0.0;
    }
    std::string label = label_text(m, ex), pred = pred_text(m, p);
    std::snprintf(line, sizeof(line), "%-8.6f %-8.6f %12llu %14.1f %14s %14s %8llu%s\n", avg, since,
                  static_cast<unsigned long long>(sd.example_number), sd.weighted_examples(), label.c_str(),
                  pred.c_str(), static_cast<unsigned long long>(ex.num_features()),
                  holdout_mode && sd.weighted_holdout_examples > 0 ? " h" : "");
    err_ << line;
    sd.sum_loss_since_last_dump = 0;
    sd.holdout_sum_loss_since_last_dump = 0;
    sd.weighted_holdout_examples_since_last_dump = 0;
    sd.old_weighted_labeled_examples = sd.weighted_labeled_examples;
    sd.dump_interval = static_cast<float>(sd.weighted_examples() * 2);
  }
  void summary(const Model& m, const Options& o, uint64_t passes_used, bool holdout_mode) {
    if (quiet_) return;
    const SharedStats& sd = m.stats();
    err_ << "\nfinished run\n";
    if (o.run.passes > 1) {
      err_ << "number of examples per pass = " << (passes_used ? sd.example_number / passes_used : 0) << "\n";
      err_ << "passes used = " << passes_used << "\n";
    } else {
      err_ << "number of examples = " << sd.example_number << "\n";
    }
    char buf[128];
    std::snprintf(buf, sizeof(buf), "weighted example sum = %f\n", sd.weighted_examples());
    err_ << buf;
    std::snprintf(buf, sizeof(buf), "weighted label sum = %f\n", sd.weighted_labels);
    err_ << buf;
    if (holdout_mode && sd.weighted_holdout_examples > 0)
      std::snprintf(buf, sizeof(buf), "average loss = %f h\n", sd.holdout_best_loss);
    else if (sd.weighted_labeled_examples > 0)
      std::snprintf(buf, sizeof(buf), "average loss = %f\n", sd.sum_loss / sd.weighted_labeled_examples);
    else
      std::snprintf(buf, sizeof(buf), "average loss = n.a.\n");
    err_ << buf;
    if (o.learn.probabilities && m.label_type() == LabelType::Multiclass && sd.weighted_labeled_examples > 0) {
      std::snprintf(buf, sizeof(buf), "average multiclass log loss = %f\n", sd.multiclass_log_loss / sd.weighted_labeled_examples);
      err_ << buf;
    }
    err_ << "total feature number = " << sd.total_features << "\n";
  }

 private:
  static std::string label_text(const Model& m, const Example& ex) {
    if (!ex.is_labeled()) return "unknown";
    char b[64];
    switch (m.label_type()) {
      case LabelType::Simple: std::snprintf(b, sizeof(b), "%.4f", static_cast<double>(ex.label)); return b;
      case LabelType::Multiclass: return std::to_string(ex.class_label);
      default: return "known";
    }
  }
  static std::string pred_text(const Model& m, const Prediction& p) {
    char b[64];
    switch (m.label_type()) {
      case LabelType::Simple: std::snprintf(b, sizeof(b), "%.4f", static_cast<double>(p.scalar)); return b;
      case LabelType::Multiclass:
      case LabelType::CostSensitive: return std::to_string(p.class_label);
      case LabelType::Multilabel: {
        std::string s;
        for (size_t i = 0; i < p.labels.size(); ++i) s += (i ? "," : "") + std::to_string(p.labels[i]);
        return s;
      }
    }
    return "";
  }
  std::ostream& err_;
  bool quiet_;
};

int run(const std::vector<std::string>& args, std::ostream& err) {
  const Options opts = parse_options(args);
  const RunOptions& run = opts.run;
  if (run.data.size() > 1) throw Error(errc::kArgs, "only one data file (-d) is supported");
  Model model = run.initial_regressor.empty() ? Model::create(opts.learn)
                                              : Model::load_file(run.initial_regressor, args);
  model.set_test_only(run.test_only);

  std::string cache_path = run.cache_file;
  if (cache_path.empty() && run.cache) {
    if (run.data.empty()) throw Error(errc::kArgs, "-c/--cache needs a data file (-d)");
    cache_path = run.data[0] + ".cache";
  }
  const bool caching = !cache_path.empty();
  if (run.passes > 1 && !caching)
    throw Error(errc::kArgs, "--passes > 1 needs a cache file: add -c (or --cache_file FILE)");
  const bool holdout_mode = run.passes > 1 && !run.holdout_off && !run.test_only;

  if (!run.quiet) {
    if (!run.final_regressor.empty()) err << "final_regressor = " << run.final_regressor << "\n";
    if (!run.predictions.empty()) err << "predictions = " << run.predictions << "\n";
    if (!run.raw_predictions.empty()) err << "raw predictions = " << run.raw_predictions << "\n";
  }

  Outputs outputs(run);
  Progress progress(err, run.quiet);
  CacheReader cache_in;
  bool read_cache = false;
  if (caching && !run.kill_cache) read_cache = cache_in.open(cache_path, model.parser().config());
  std::unique_ptr<CacheWriter> cache_out;
  std::ifstream text;
  if (!read_cache && !run.data.empty()) {
    text.open(run.data[0], std::ios::binary);
    if (!text) throw Error(errc::kIo, "cannot open data file '" + run.data[0] + "'");
    if (caching) cache_out = std::make_unique<CacheWriter>(cache_path, model.parser().config());
    if (!run.quiet) {
      if (caching) err << "creating cache_file = " << cache_path << "\n";
      else err << "using no cache\n";
      err << "Reading datafile = " << run.data[0] << "\n";
    }
  } else if (read_cache && !run.quiet) {
    err << "using cache_file = " << cache_path << "\n";
  }
  progress.header(model, opts);

  Example ex;
  Prediction pred;
  std::string line, warning;
  uint64_t processed = 0;
  const uint64_t limit = run.examples.value_or(~0ULL);
  uint64_t passes_used = 0;
  int no_win = 0;
  bool early_terminated = false;
  auto write_models = [&] {
    if (!run.final_regressor.empty()) model.save_file(run.final_regressor, run.predict_only_model);
    if (!run.readable_model.empty()) {
      std::ofstream f(run.readable_model, std::ios::binary | std::ios::trunc);
      if (!f) throw Error(errc::kIo, "cannot open '" + run.readable_model + "' for writing");
      f << model.readable(run.predict_only_model);
    }
  };
  const bool have_data = read_cache || text.is_open();
  for (uint32_t pass = 0; pass < run.passes && have_data; ++pass) {
    uint64_t in_pass = 0, line_no = 0;
    if (pass > 0) {
      if (cache_out) {
        cache_out->close();
        cache_out.reset();
        if (!cache_in.open(cache_path, model.parser().config()))
          throw Error(errc::kIo, "cannot reopen cache file '" + cache_path + "'");
        read_cache = true;
      } else if (read_cache) {
        cache_in.rewind();
      }
    }
    while (processed < limit) {
      if (read_cache) {
        if (!cache_in.next(ex)) break;
      } else {
        if (!std::getline(text, line)) break;
        ++line_no;
        warning.clear();
        if (!model.parse_line(line, ex, line_no, &warning)) continue;
        if (!warning.empty() && !run.quiet) err << "[warning] line " << line_no << ": " << warning << "\n";
        if (cache_out) cache_out->write(ex);
      }
      ++in_pass;
      ++processed;
      const bool holdout = holdout_mode && in_pass % 10 == 0;
      model.process(ex, holdout, pred);
      outputs.write(model, ex, pred, opts.learn.probabilities);
      progress.after(model, ex, pred, holdout_mode && pass > 0);
    }
    ++passes_used;
    model.end_pass();
    if (holdout_mode) {
      SharedStats& sd = model.stats();
      const double loss = sd.holdout_weight_this_pass > 0 ? sd.holdout_loss_this_pass / sd.holdout_weight_this_pass
                                                          : FLT_MAX * 0.5;
      sd.holdout_loss_this_pass = sd.holdout_weight_this_pass = 0;
      if (loss < sd.holdout_best_loss) {
        sd.holdout_best_loss = loss;
        no_win = 0;
        // Like vw, write the model of every improving pass: after an early stop that file stays.
        if (pass + 1 < run.passes) write_models();
      } else {
        ++no_win;
      }
      if (no_win >= 3) {
        early_terminated = pass + 1 < run.passes;
        break;
      }
    }
    if (processed >= limit) break;
  }
  if (cache_out) cache_out->close();
  outputs.close();
  if (!early_terminated) write_models();
  progress.summary(model, opts, passes_used, holdout_mode);
  return 0;
}

}  // namespace

int run_command_line(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  (void)out;
  try {
    return run(args, err);
  } catch (const Error& e) {
    err << "error " << e.code() << ": " << e.what() << "\n";
    return 1;
  } catch (const std::exception& e) {
    err << "error: " << e.what() << "\n";
    return 1;
  }
}

}  // namespace praxi::vw
