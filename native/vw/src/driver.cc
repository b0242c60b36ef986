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
#include "praxi/vw/passes.h"

namespace praxi::vw {
namespace {

// std::getline with a bound: a line longer than kMaxLineBytes throws VW_PARSE naming it, instead of
// growing `line` without limit. Same results as std::getline otherwise (last line may lack '\n').
bool getline_bounded(std::istream& in, std::string& line, uint64_t line_no) {
  line.clear();
  std::streambuf* sb = in.rdbuf();
  for (bool any = false;;) {
    const int c = sb->sbumpc();
    if (c == std::char_traits<char>::eof()) {
      in.setstate(any ? std::ios::eofbit : std::ios::eofbit | std::ios::failbit);
      return any;
    }
    any = true;
    if (c == '\n') return true;
    if (line.size() >= kMaxLineBytes)
      throw Error(errc::kParse, "line " + std::to_string(line_no) + " is longer than " +
                                    std::to_string(kMaxLineBytes) + " bytes");
    line.push_back(static_cast<char>(c));
  }
}

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
  // One table line; run_passes then advances the dump bookkeeping (ExampleContext::progress_due).
  void line(const Model& m, const Example& ex, const Prediction& p, bool holdout_mode) {
    const SharedStats& sd = m.stats();
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

// The data of a run: the text file (-d), written to the cache file on the way when caching, then the
// cache for every later pass; or the cache alone when it already exists (no -k).
class DataSource final : public ExampleSource {
 public:
  DataSource(const Model& model, const RunOptions& run, const std::string& cache_path, std::ostream& err)
      : model_(model), config_(model.parser().config()), cache_path_(cache_path), err_(err), quiet_(run.quiet) {
    const bool caching = !cache_path.empty();
    if (caching && !run.kill_cache) read_cache_ = cache_in_.open(cache_path, config_);
    if (!read_cache_ && !run.data.empty()) {
      text_.open(run.data[0], std::ios::binary);
      if (!text_) throw Error(errc::kIo, "cannot open data file '" + run.data[0] + "'");
      if (caching) cache_out_ = std::make_unique<CacheWriter>(cache_path, config_);
      if (!quiet_) {
        if (caching) err_ << "creating cache_file = " << cache_path << "\n";
        else err_ << "using no cache\n";
        err_ << "Reading datafile = " << run.data[0] << "\n";
      }
    } else if (read_cache_ && !quiet_) {
      err_ << "using cache_file = " << cache_path << "\n";
    }
  }
  bool has_data() const { return read_cache_ || text_.is_open(); }

  bool next(Example& ex) override {
    if (read_cache_) return cache_in_.next(ex);
    while (getline_bounded(text_, line_, line_no_ + 1)) {
      ++line_no_;
      warning_.clear();
      if (!model_.parse_line(line_, ex, line_no_, &warning_)) continue;
      if (!warning_.empty() && !quiet_) err_ << "[warning] line " << line_no_ << ": " << warning_ << "\n";
      if (cache_out_) cache_out_->write(ex);
      return true;
    }
    return false;
  }
  void rewind() override {
    line_no_ = 0;
    if (cache_out_) {
      cache_out_->close();
      cache_out_.reset();
      if (!cache_in_.open(cache_path_, config_)) throw Error(errc::kIo, "cannot reopen cache file '" + cache_path_ + "'");
      read_cache_ = true;
    } else if (read_cache_) {
      cache_in_.rewind();
    }
  }
  void finish() {
    if (cache_out_) cache_out_->close();
  }

 private:
  const Model& model_;
  ParseConfig config_;
  std::string cache_path_;
  std::ostream& err_;
  bool quiet_;
  CacheReader cache_in_;
  bool read_cache_ = false;
  std::unique_ptr<CacheWriter> cache_out_;
  std::ifstream text_;
  std::string line_, warning_;
  uint64_t line_no_ = 0;
};

// Per example: the -p/-r lines and the progress table. The model files (-f, --readable_model) are written
// at every improving pass and at the end unless the run stopped early (then the last improving pass's
// files stay, like vw's).
class DriverObserver final : public PassObserver {
 public:
  DriverObserver(const RunOptions& run, Outputs& outputs, Progress& progress, bool probabilities)
      : run_(run), outputs_(outputs), progress_(progress), probabilities_(probabilities) {}
  void on_example(Model& m, const Example& ex, const Prediction& pred, const ExampleContext& ctx) override {
    outputs_.write(m, ex, pred, probabilities_);
    if (ctx.progress_due) progress_.line(m, ex, pred, ctx.holdout_mode && ctx.pass > 0);
  }
  void on_snapshot(Model& m, uint32_t) override { write_models(m); }
  void write_models(const Model& m) const {
    if (!run_.final_regressor.empty()) m.save_file(run_.final_regressor, run_.predict_only_model);
    if (!run_.readable_model.empty()) {
      std::ofstream f(run_.readable_model, std::ios::binary | std::ios::trunc);
      if (!f) throw Error(errc::kIo, "cannot open '" + run_.readable_model + "' for writing");
      f << m.readable(run_.predict_only_model);
    }
  }

 private:
  const RunOptions& run_;
  Outputs& outputs_;
  Progress& progress_;
  bool probabilities_;
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
  DataSource source(model, run, cache_path, err);
  progress.header(model, opts);

  DriverObserver observer(run, outputs, progress, opts.learn.probabilities);
  PassOptions pass_options;
  pass_options.passes = run.passes;
  pass_options.holdout_off = run.holdout_off;
  pass_options.examples = run.examples;
  pass_options.quiet = run.quiet;
  PassResult result;
  if (source.has_data()) result = run_passes(model, source, pass_options, observer);
  source.finish();
  outputs.close();
  if (!result.early_terminated) observer.write_models(model);
  progress.summary(model, opts, result.passes_used, holdout_mode);
  return 0;
}

}  // namespace

int run_command_line(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  (void)out;
  try {
    return run(args, err);
  } catch (const Error& e) {
    err << "error " << e.what() << "\n";  // what() is "VW_<CODE>: message"
    return 1;
  } catch (const std::exception& e) {
    err << "error: " << e.what() << "\n";
    return 1;
  }
}

}  // namespace praxi::vw
