// VW 9 model files: binary read/write and --readable_model text (vw.md "Model file layout").
// Reading is defensive: every length is checked against the bytes left, so a corrupt, truncated or
// foreign file raises Error(VW_MODEL_*) and never over-reads or allocates unbounded memory.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <fstream>
#include <iterator>
#include <optional>
#include <sstream>

#include "praxi/vw/error.h"
#include "praxi/vw/hash.h"
#include "praxi/vw/model.h"

namespace praxi::vw {
namespace {

// Where a model file's weight records are: fixed-size (index, floats) records in increasing index
// order from `offset` to the end of the file.
struct WeightLayout {
  size_t offset;
  size_t idx_bytes;
  uint32_t nfloats;
  bool adaptive;
  uint64_t limit;  // 2^bits
  size_t record() const { return idx_bytes + nfloats * 4; }
};

// One stored record's floats into a weight slot [weight, adaptive, normalizer, scratch].
void store_slot(float* slot, const float* vals, uint32_t nfloats, bool adaptive) {
  slot[0] = vals[0];
  if (nfloats == 3) {
    slot[1] = vals[1];
    slot[2] = vals[2];
  } else if (nfloats == 2) {
    (adaptive ? slot[1] : slot[2]) = vals[1];
  }
}

// Appends chunks; after the version every chunk of the header feeds VW's chained murmur checksum.
// Output goes to a string (bytes/readable) or straight to a file, so saving a large model never holds
// a second copy of it in memory.
class Sink {
 public:
  explicit Sink(std::string& out) : out_(&out) {}
  explicit Sink(std::ostream& os) : os_(&os) {}
  void chunk(const void* p, size_t n) {
    if (out_) out_->append(static_cast<const char*>(p), n);
    else os_->write(static_cast<const char*>(p), static_cast<std::streamsize>(n));
    if (hashing_ && n > 0) hash_ = murmur3_32(p, n, hash_);
  }
  void text(const std::string& s) { chunk(s.data(), s.size()); }
  template <typename T>
  void pod(T v) {
    chunk(&v, sizeof(T));  // little-endian host assumed (x86/arm64), as VW does
  }
  void lenstr(const std::string& s) {  // u32 length incl. NUL + bytes + NUL
    pod<uint32_t>(static_cast<uint32_t>(s.size() + 1));
    std::string z = s;
    z.push_back('\0');
    chunk(z.data(), z.size());
  }
  void start_hash() { hashing_ = true; }
  void stop_hash() { hashing_ = false; }
  uint32_t hash() const { return hash_; }

 private:
  std::string* out_ = nullptr;
  std::ostream* os_ = nullptr;
  bool hashing_ = false;
  uint32_t hash_ = 0;
};

std::string fmt(double v) {
  std::ostringstream o;
  o << v;
  return o.str();
}

// Calls fn(weight_index, values, count) for every weight slot VW would store, in index order: the
// weight, then (resume) the adaptive accumulator and the normalizer VW keeps, skipping all-zero slots.
template <typename Fn>
void for_each_stored_weight(const Gd& gd, bool resume, Fn&& fn) {
  const SparseWeights& w = gd.weights();
  const uint32_t stored = resume ? gd.stored_floats() : 1;
  w.for_each_sorted([&](uint64_t block, const float* p) {
    for (uint32_t lane = 0; lane < w.lanes(); ++lane) {
      const float* slot = p + lane * SparseWeights::kSlotFloats;
      float vals[3];
      uint32_t n = 0;
      vals[n++] = slot[0];
      if (stored >= 2) vals[n++] = gd.config().adaptive ? slot[1] : slot[2];
      if (stored >= 3) vals[n++] = slot[2];
      bool any = false;
      for (uint32_t i = 0; i < n; ++i) any = any || vals[i] != 0.f;
      if (any) fn(w.weight_index(block, lane), vals, n);
    }
  });
}

void write_weights_binary(Sink& s, const Gd& gd, bool resume) {
  const bool wide = gd.bits() >= 31;
  for_each_stored_weight(gd, resume, [&](uint64_t idx, const float* vals, uint32_t n) {
    if (wide) s.pod<uint64_t>(idx);
    else s.pod<uint32_t>(static_cast<uint32_t>(idx));
    s.chunk(vals, n * sizeof(float));
  });
}

void write_weights_text(std::string& out, const Gd& gd, bool resume) {
  for_each_stored_weight(gd, resume, [&](uint64_t idx, const float* vals, uint32_t n) {
    out += std::to_string(idx);
    out += ':';
    for (uint32_t i = 0; i < n; ++i) {
      if (i) out += ' ';
      out += fmt(vals[i]);
    }
    out += '\n';
  });
}

}  // namespace

namespace {
void write_model(Sink& s, const Model& model, const Gd& gd, const SharedStats& sd_ref, const std::string& id,
                 bool predict_only);
}  // namespace

std::vector<uint8_t> Model::save(bool predict_only) const {
  if (gd_->on_demand()) throw Error(errc::kState, "a model opened for prediction only (open_file) cannot be saved");
  std::string out;
  Sink s(out);
  write_model(s, *this, *gd_, *sd_, id_, predict_only);
  return std::vector<uint8_t>(out.begin(), out.end());
}

void Model::save_file(const std::string& path, bool predict_only) const {
  std::ofstream f(path, std::ios::binary | std::ios::trunc);
  if (!f) throw Error(errc::kIo, "cannot open '" + path + "' for writing");
  Sink s(f);
  write_model(s, *this, *gd_, *sd_, id_, predict_only);
  f.flush();
  if (!f) throw Error(errc::kIo, "failed writing model to '" + path + "'");
}

namespace {
void write_model(Sink& s, const Model& model, const Gd& gd, const SharedStats& sd_ref, const std::string& id,
                 bool predict_only) {
  const Gd* gd_ = &gd;
  const SharedStats* sd_ = &sd_ref;
  const std::string& id_ = id;
  s.lenstr(kVwVersion);
  s.start_hash();
  s.lenstr(id_);
  s.chunk("m", 1);
  s.pod<float>(sd_->min_label);
  s.pod<float>(sd_->max_label);
  s.pod<uint32_t>(gd_->bits());
  s.pod<uint32_t>(0);  // lda
  s.pod<uint32_t>(0);  // ngram count
  s.pod<uint32_t>(0);  // skip count
  s.lenstr(model.options_string());
  const uint32_t checksum = s.hash();
  s.stop_hash();
  s.pod<uint32_t>(4);
  s.pod<uint32_t>(checksum);
  const bool resume = !predict_only;
  s.pod<uint8_t>(resume ? 1 : 0);
  if (resume) {
    const SharedStats& sd = *sd_;
    const ModelState& m0 = gd_->states()[0];
    s.pod<float>(gd_->config().initial_t);
    s.pod<double>(m0.normalized_sum_norm_x);
    s.pod<double>(sd.t);
    s.pod<double>(sd.sum_loss);
    s.pod<double>(sd.sum_loss_since_last_dump);
    s.pod<float>(sd.dump_interval);
    s.pod<float>(sd.min_label);
    s.pod<float>(sd.max_label);
    s.pod<double>(sd.weighted_labeled_examples);
    s.pod<double>(sd.weighted_labels);
    s.pod<double>(sd.weighted_unlabeled_examples);
    s.pod<uint64_t>(sd.example_number);
    s.pod<uint64_t>(sd.total_features);
    s.pod<double>(m0.total_weight);
    s.pod<double>(sd.old_weighted_labeled_examples);
    s.pod<uint64_t>(sd.current_pass);
    s.pod<double>(sd.gravity);
    s.pod<double>(sd.contraction);
  }
  write_weights_binary(s, *gd_, resume);
}
}  // namespace

std::string Model::readable(bool predict_only) const {
  if (gd_->on_demand()) throw Error(errc::kState, "a model opened for prediction only (open_file) cannot be saved");
  std::string out;
  Sink s(out);
  s.text(std::string("Version ") + kVwVersion + "\n");
  s.start_hash();
  s.text("Id " + id_ + "\n");
  s.text("Min label:" + fmt(sd_->min_label) + "\n");
  s.text("Max label:" + fmt(sd_->max_label) + "\n");
  s.text("bits:" + std::to_string(gd_->bits()) + "\n");
  s.text("lda:0\n");
  s.text("0 ngram:");
  s.text("\n");
  s.text("0 skip:");
  s.text("\n");
  s.text("options:" + options_string() + "\n");
  const uint32_t checksum = s.hash();
  s.stop_hash();
  s.text("Checksum: " + std::to_string(checksum) + "\n");
  const bool resume = !predict_only;
  s.text(std::string(":") + (resume ? "1" : "0") + "\n");
  if (resume) {
    const SharedStats& sd = *sd_;
    const ModelState& m0 = gd_->states()[0];
    out += "initial_t " + fmt(gd_->config().initial_t) + "\n";
    out += "norm normalizer " + fmt(m0.normalized_sum_norm_x) + "\n";
    out += "t " + fmt(sd.t) + "\n";
    out += "sum_loss " + fmt(sd.sum_loss) + "\n";
    out += "sum_loss_since_last_dump " + fmt(sd.sum_loss_since_last_dump) + "\n";
    out += "dump_interval " + fmt(sd.dump_interval) + "\n";
    out += "min_label " + fmt(sd.min_label) + "\n";
    out += "max_label " + fmt(sd.max_label) + "\n";
    out += "weighted_labeled_examples " + fmt(sd.weighted_labeled_examples) + "\n";
    out += "weighted_labels " + fmt(sd.weighted_labels) + "\n";
    out += "weighted_unlabeled_examples " + fmt(sd.weighted_unlabeled_examples) + "\n";
    out += "example_number " + std::to_string(sd.example_number) + "\n";
    out += "total_features " + std::to_string(sd.total_features) + "\n";
    out += "total_weight " + fmt(m0.total_weight) + "\n";
    out += "sd::oec.weighted_labeled_examples " + fmt(sd.old_weighted_labeled_examples) + "\n";
    out += "current_pass " + std::to_string(sd.current_pass) + "\n";
    out += "l1_state " + fmt(sd.gravity) + "\n";
    out += "l2_state " + fmt(sd.contraction) + "\n";
  }
  write_weights_text(out, *gd_, resume);
  return out;
}

// ---------------------------------------------------------------------------------------------------
// Reading

class ModelReader {
 public:
  ModelReader(const uint8_t* data, size_t size) : p_(data), n_(size) {}
  // Streams from a file through a small window, so loading never holds the whole file in memory.
  ModelReader(std::istream& in, size_t size) : n_(size), in_(&in) {}

  // With `layout`, stops after the header and describes where the weight records are instead.
  Model read(const std::vector<std::string>& args, WeightLayout* layout = nullptr) {
    // 1. version (not part of the checksum)
    const std::string version = lenstr("version string", 64, true);
    check_version(version);
    hashing_ = true;
    // 2. id, 'm', labels, bits, lda, ngram, skip, options
    const std::string id = lenstr("model id", 1u << 20, false);
    const uint8_t m = u8("model marker");
    if (m != 'm') corrupt("expected the 'm' marker byte at offset " + std::to_string(pos_ - 1));
    const float min_label = f32("min label");
    const float max_label = f32("max label");
    const uint32_t bits = u32("bit count");
    if (bits < 1 || bits > 32)
      corrupt("bit count " + std::to_string(bits) + " at offset " + std::to_string(pos_ - 4) + " is outside 1..32");
    const uint32_t lda = u32("lda");
    const uint32_t ngrams = u32("ngram count");
    if (ngrams > remaining() / 3) corrupt("ngram count " + std::to_string(ngrams) + " exceeds the file size");
    skip(static_cast<size_t>(ngrams) * 3, "ngram list");
    const uint32_t skips = u32("skip count");
    if (skips > remaining() / 3) corrupt("skip count " + std::to_string(skips) + " exceeds the file size");
    skip(static_cast<size_t>(skips) * 3, "skip list");
    const std::string file_options = lenstr("options string", 1u << 20, false);
    const uint32_t computed = hash_;
    hashing_ = false;
    const uint32_t cklen = u32("checksum length");
    if (cklen != 4) corrupt("checksum length " + std::to_string(cklen) + " at offset " + std::to_string(pos_ - 4) + ", expected 4");
    const uint32_t stored = u32("checksum");
    if (stored != computed)
      corrupt("header checksum mismatch (stored " + std::to_string(stored) + ", computed " + std::to_string(computed) + ")");
    if (lda != 0) unsupported("lda models are not supported");
    if (ngrams || skips) unsupported("ngram/skip models are not supported");

    // 3. options: command line first, then the file's (as VW appends them)
    Options cmd = parse_options(args);
    LearnOptions from_file;
    try {
      from_file = parse_options(split_args(file_options)).learn;
    } catch (const Error& e) {
      unsupported("model options '" + file_options + "' are not supported: " + e.what());
    }
    LearnOptions lo = cmd.learn;
    merge_model_options(lo, from_file);
    lo.bits = bits;  // the file's bit count wins, like VW
    Model model(lo);
    model.id_ = id;
    model.sd_->min_label = min_label;
    model.sd_->max_label = max_label;

    // 4. gd save_load
    const uint8_t resume = u8("save_resume flag");
    if (resume > 1) corrupt("save_resume flag at offset " + std::to_string(pos_ - 1) + " is " + std::to_string(resume) + ", expected 0 or 1");
    Gd& gd = *model.gd_;
    SharedStats& sd = *model.sd_;
    if (resume) {
      gd.config().initial_t = f32("initial_t");
      gd.states()[0].normalized_sum_norm_x = f64("normalized_sum_norm_x");
      sd.t = f64("t");
      sd.sum_loss = f64("sum_loss");
      sd.sum_loss_since_last_dump = f64("sum_loss_since_last_dump");
      sd.dump_interval = f32("dump_interval");
      sd.min_label = f32("min_label");
      sd.max_label = f32("max_label");
      sd.weighted_labeled_examples = f64("weighted_labeled_examples");
      sd.weighted_labels = f64("weighted_labels");
      sd.weighted_unlabeled_examples = f64("weighted_unlabeled_examples");
      sd.example_number = u64("example_number");
      sd.total_features = u64("total_features");
      gd.states()[0].total_weight = f64("total_weight");
      sd.old_weighted_labeled_examples = f64("old_weighted_labeled_examples");
      sd.current_pass = u64("current_pass");
      sd.gravity = f64("gravity");
      sd.contraction = f64("contraction");
      // VW resets the performance counters on load (no --preserve_performance_counters).
      sd.reset_performance_counters();
    }
    const uint32_t nfloats = resume ? gd.stored_floats() : 1;
    const size_t idx_bytes = bits >= 31 ? 8 : 4;
    const size_t rec = idx_bytes + nfloats * 4;
    const uint64_t limit = 1ULL << bits;
    SparseWeights& w = gd.weights();
    if (layout) {
      *layout = WeightLayout{pos_, idx_bytes, nfloats, gd.config().adaptive, limit};
      return model;
    }
    uint64_t last_block = ~0ULL;
    float* last_ptr = nullptr;
    while (remaining() > 0) {
      if (remaining() < rec)
        corrupt("truncated weight record at offset " + std::to_string(pos_) + ": " + std::to_string(remaining()) +
                " bytes left, a record needs " + std::to_string(rec));
      const size_t at = pos_;
      const uint64_t idx = idx_bytes == 8 ? u64("weight index") : u32("weight index");
      if (idx >= limit)
        corrupt("weight index " + std::to_string(idx) + " at offset " + std::to_string(at) + " exceeds 2^" + std::to_string(bits));
      float vals[3] = {0, 0, 0};
      for (uint32_t i = 0; i < nfloats; ++i) {
        vals[i] = f32("weight value");
        if (!std::isfinite(vals[i])) corrupt("non-finite weight value at offset " + std::to_string(pos_ - 4));
      }
      uint64_t block;
      uint32_t lane;
      if (!w.split(idx, block, lane)) continue;  // a lane no class of this model uses
      if (block != last_block || !last_ptr) {
        last_ptr = w.find_or_create(block);
        last_block = block;
      }
      store_slot(last_ptr + lane * SparseWeights::kSlotFloats, vals, nfloats, gd.config().adaptive);
    }
    return model;
  }

 private:
  [[noreturn]] void corrupt(const std::string& msg) { throw Error(errc::kModelCorrupt, msg); }
  [[noreturn]] void unsupported(const std::string& msg) { throw Error(errc::kModelVersion, msg); }
  size_t remaining() const { return n_ - pos_; }
  const uint8_t* take(size_t k, const char* what) {
    if (remaining() < k)
      corrupt(std::string("truncated model: expected ") + std::to_string(k) + " bytes for the " + what +
              " at offset " + std::to_string(pos_) + ", only " + std::to_string(remaining()) + " left");
    const uint8_t* q;
    if (in_) {
      if (pos_ < win_start_ || pos_ + k > win_start_ + window_.size()) {
        const size_t len = std::min(remaining(), std::max<size_t>(k, kWindow));
        window_.resize(len);
        in_->clear();
        in_->seekg(static_cast<std::streamoff>(pos_));
        in_->read(reinterpret_cast<char*>(window_.data()), static_cast<std::streamsize>(len));
        if (static_cast<size_t>(in_->gcount()) != len) corrupt("read error at offset " + std::to_string(pos_));
        win_start_ = pos_;
      }
      q = window_.data() + (pos_ - win_start_);
    } else {
      q = p_ + pos_;
    }
    if (hashing_ && k > 0) hash_ = murmur3_32(q, k, hash_);
    pos_ += k;
    return q;
  }
  void skip(size_t k, const char* what) { take(k, what); }
  template <typename T>
  T pod(const char* what) {
    T v;
    std::memcpy(&v, take(sizeof(T), what), sizeof(T));
    return v;
  }
  uint8_t u8(const char* w) { return pod<uint8_t>(w); }
  uint32_t u32(const char* w) { return pod<uint32_t>(w); }
  uint64_t u64(const char* w) { return pod<uint64_t>(w); }
  float f32(const char* w) { return pod<float>(w); }
  double f64(const char* w) { return pod<double>(w); }
  std::string lenstr(const char* what, uint32_t max_len, bool foreign_if_bad) {
    const size_t at = pos_;
    const uint32_t len = u32(what);
    if (len == 0 || len > max_len || len > remaining()) {
      if (foreign_if_bad) corrupt("not a Vowpal Wabbit model file (bad version string length " + std::to_string(len) + " at offset 0)");
      corrupt(std::string("bad length ") + std::to_string(len) + " for the " + what + " at offset " + std::to_string(at));
    }
    const uint8_t* q = take(len, what);
    if (q[len - 1] != '\0') {
      if (foreign_if_bad) corrupt("not a Vowpal Wabbit model file (version string is not NUL-terminated)");
      corrupt(std::string("the ") + what + " at offset " + std::to_string(at) + " is not NUL-terminated");
    }
    return std::string(reinterpret_cast<const char*>(q), len - 1);
  }
  void check_version(const std::string& v) {
    int major = -1, minor = -1, patch = -1;
    char tail = 0;
    if (std::sscanf(v.c_str(), "%d.%d.%d%c", &major, &minor, &patch, &tail) != 3 || major < 0 || minor < 0 || patch < 0)
      corrupt("not a Vowpal Wabbit model file (version string '" + v + "' is not N.N.N)");
    if (major != 9)
      unsupported("model file version " + v + " is not supported (this reader handles VW 9.x models)");
  }

  static constexpr size_t kWindow = 1 << 20;
  const uint8_t* p_ = nullptr;
  size_t n_;
  std::istream* in_ = nullptr;
  std::vector<uint8_t> window_;
  size_t win_start_ = 0;
  size_t pos_ = 0;
  bool hashing_ = false;
  uint32_t hash_ = 0;
};

Model Model::load(const uint8_t* data, size_t size, const std::vector<std::string>& args) {
  ModelReader r(data, size);
  return r.read(args);
}

namespace {

// Reads weight blocks from an open model file: a binary search over the fixed-size records for the
// block's first index, then one read of at most a block's worth of records. Every record read is
// checked like a full load checks it (index order and range, finite values).
class FileBlockSource final : public BlockSource {
 public:
  FileBlockSource(int fd, const WeightLayout& layout, uint64_t count, uint32_t block_shift)
      : fd_(fd), layout_(layout), count_(count), shift_(block_shift) {}
  ~FileBlockSource() override { ::close(fd_); }

  bool load(uint64_t block, SparseWeights& w) override {
    const uint64_t first = block << shift_;
    const uint64_t end = (block + 1) << shift_;
    uint64_t lo = 0, hi = count_;
    while (lo < hi) {
      const uint64_t mid = lo + (hi - lo) / 2;
      if (index_at(mid) < first) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    const size_t rec = layout_.record();
    const uint64_t n = std::min<uint64_t>(count_ - lo, uint64_t{1} << shift_);
    if (n == 0) return false;
    buf_.resize(static_cast<size_t>(n) * rec);
    read_at(layout_.offset + lo * rec, buf_.data(), buf_.size());
    float* block_ptr = nullptr;
    uint64_t prev = 0;
    for (uint64_t i = 0; i < n; ++i) {
      const uint8_t* r = buf_.data() + i * rec;
      const uint64_t idx = decode_index(r);
      if (idx >= end) break;
      if (idx >= layout_.limit || (i > 0 && idx <= prev))
        corrupt("weight record " + std::to_string(lo + i) + " is out of order or range (index " + std::to_string(idx) + ")");
      prev = idx;
      float vals[3] = {0, 0, 0};
      std::memcpy(vals, r + layout_.idx_bytes, layout_.nfloats * 4);
      for (uint32_t k = 0; k < layout_.nfloats; ++k)
        if (!std::isfinite(vals[k])) corrupt("non-finite weight value in record " + std::to_string(lo + i));
      uint64_t b;
      uint32_t lane;
      if (!w.split(idx, b, lane)) continue;
      if (!block_ptr) block_ptr = w.find_or_create(block);
      store_slot(block_ptr + lane * SparseWeights::kSlotFloats, vals, layout_.nfloats, layout_.adaptive);
    }
    return block_ptr != nullptr;
  }

 private:
  [[noreturn]] static void corrupt(const std::string& msg) { throw Error(errc::kModelCorrupt, msg); }
  uint64_t decode_index(const uint8_t* r) const {
    if (layout_.idx_bytes == 8) {
      uint64_t v;
      std::memcpy(&v, r, 8);
      return v;
    }
    uint32_t v;
    std::memcpy(&v, r, 4);
    return v;
  }
  uint64_t index_at(uint64_t i) {
    uint8_t b[8] = {0, 0, 0, 0, 0, 0, 0, 0};
    read_at(layout_.offset + i * layout_.record(), b, layout_.idx_bytes);
    return decode_index(b);
  }
  void read_at(uint64_t off, uint8_t* dst, size_t len) {
    size_t done = 0;
    while (done < len) {
      const ssize_t k = ::pread(fd_, dst + done, len - done, static_cast<off_t>(off + done));
      if (k < 0 && errno == EINTR) continue;
      if (k <= 0) throw Error(errc::kIo, std::string("cannot read the model file: ") + (k < 0 ? std::strerror(errno) : "it shrank"));
      done += static_cast<size_t>(k);
    }
  }

  int fd_;
  WeightLayout layout_;
  uint64_t count_;
  uint32_t shift_;
  std::vector<uint8_t> buf_;
};

}  // namespace

Model Model::open_file(const std::string& path, const std::vector<std::string>& args, FileIdentity* identity) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw Error(errc::kIo, "cannot open model file '" + path + "': " + std::strerror(errno));
  struct CloseOnThrow {
    int fd;
    bool armed = true;
    ~CloseOnThrow() {
      if (armed) ::close(fd);
    }
  } guard{fd};
  struct stat st{};
  if (::fstat(fd, &st) != 0) throw Error(errc::kIo, "cannot stat model file '" + path + "': " + std::strerror(errno));
  const uint64_t size = static_cast<uint64_t>(st.st_size);
  if (identity) {
    *identity = FileIdentity{static_cast<uint64_t>(st.st_dev), static_cast<uint64_t>(st.st_ino), size,
                             static_cast<int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec,
                             static_cast<int64_t>(st.st_ctim.tv_sec) * 1000000000 + st.st_ctim.tv_nsec};
  }
  // The header (version, id, options: each at most 1 MiB) is read whole; the weights stay on disk.
  // It is almost always a few hundred bytes, and fresh memory costs a page fault per 4 KiB (3 MiB:
  // most of a cold open), so the first 64 KiB are tried first and the whole allowance only when the
  // header does not fit in them (then that read decides, errors included).
  const size_t allowance = static_cast<size_t>(std::min<uint64_t>(size, 3u << 20));
  std::vector<uint8_t> head;
  const auto read_head = [&](size_t n) {
    head.resize(n);
    size_t got = 0;
    while (got < n) {
      const ssize_t k = ::pread(fd, head.data() + got, n - got, static_cast<off_t>(got));
      if (k < 0 && errno == EINTR) continue;
      if (k <= 0) throw Error(errc::kIo, "cannot read model file '" + path + "'");
      got += static_cast<size_t>(k);
    }
  };
  WeightLayout layout{};
  const auto parse_head = [&]() {
    ModelReader r(head.data(), head.size());
    return r.read(args, &layout);
  };
  read_head(std::min<size_t>(allowance, 64u << 10));
  std::optional<Model> parsed;
  if (head.size() == allowance) {
    parsed.emplace(parse_head());
  } else {
    try {
      parsed.emplace(parse_head());
    } catch (const Error&) {
      read_head(allowance);
      layout = WeightLayout{};
      parsed.emplace(parse_head());
    }
  }
  Model model = std::move(*parsed);
  const uint64_t bytes = size - layout.offset;
  if (bytes % layout.record() != 0)
    throw Error(errc::kModelCorrupt, "truncated weight record at the end of '" + path + "' (" + std::to_string(bytes % layout.record()) +
                                         " bytes left over, a record needs " + std::to_string(layout.record()) + ")");
  Gd& gd = *model.gd_;
  gd.set_block_source(std::make_unique<FileBlockSource>(fd, layout, bytes / layout.record(), gd.weights().block_shift()));
  guard.armed = false;
  model.set_test_only(true);
  return model;
}

Model Model::load_file(const std::string& path, const std::vector<std::string>& args) {
  std::ifstream f(path, std::ios::binary);
  if (!f) throw Error(errc::kIo, "cannot open model file '" + path + "'");
  f.seekg(0, std::ios::end);
  const std::streamoff size = f.tellg();
  if (size < 0) throw Error(errc::kIo, "cannot determine the size of model file '" + path + "'");
  f.seekg(0);
  ModelReader r(f, static_cast<size_t>(size));
  return r.read(args);
}

}  // namespace praxi::vw
