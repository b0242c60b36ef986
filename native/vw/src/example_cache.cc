#include "praxi/vw/example_cache.h"

#include <cstring>

#include "praxi/vw/error.h"

namespace praxi::vw {
namespace {

constexpr char kMagic[8] = {'P', 'R', 'A', 'X', 'I', 'V', 'W', 'C'};
constexpr uint32_t kFormat = 1;
constexpr uint32_t kMaxRecord = 1u << 30;

std::string header_bytes(const ParseConfig& c) {
  std::string h(kMagic, sizeof(kMagic));
  const uint32_t fields[] = {kFormat, static_cast<uint32_t>(c.label_type), c.bits, static_cast<uint32_t>(c.hash),
                             c.hash_seed, c.add_constant ? 1u : 0u};
  h.append(reinterpret_cast<const char*>(fields), sizeof(fields));
  return h;
}

template <typename T>
void put(std::string& b, T v) {
  b.append(reinterpret_cast<const char*>(&v), sizeof(T));
}

struct In {
  const char* p;
  const char* e;
  template <typename T>
  T get() {
    if (static_cast<size_t>(e - p) < sizeof(T)) throw Error(errc::kIo, "damaged cache record (truncated)");
    T v;
    std::memcpy(&v, p, sizeof(T));
    p += sizeof(T);
    return v;
  }
  uint32_t count(size_t elem) {
    const uint32_t n = get<uint32_t>();
    if (elem && n > static_cast<size_t>(e - p) / elem) throw Error(errc::kIo, "damaged cache record (bad count)");
    return n;
  }
};

}  // namespace

CacheWriter::CacheWriter(const std::string& path, const ParseConfig& config) : path_(path) {
  f_ = std::fopen(path.c_str(), "wb");
  if (!f_) throw Error(errc::kIo, "cannot create cache file '" + path + "'");
  const std::string h = header_bytes(config);
  std::fwrite(h.data(), 1, h.size(), f_);
}

CacheWriter::~CacheWriter() {
  if (f_) std::fclose(f_);
}

void CacheWriter::write(const Example& ex) {
  buf_.clear();
  put<float>(buf_, ex.label);
  put<float>(buf_, ex.weight);
  put<float>(buf_, ex.initial);
  put<uint8_t>(buf_, ex.has_class ? 1 : 0);
  put<uint32_t>(buf_, ex.class_label);
  put<uint32_t>(buf_, static_cast<uint32_t>(ex.costs.size()));
  for (const CostEntry& c : ex.costs) {
    put<uint32_t>(buf_, c.class_index);
    put<float>(buf_, c.cost);
  }
  put<uint8_t>(buf_, ex.has_multilabels ? 1 : 0);
  put<uint32_t>(buf_, static_cast<uint32_t>(ex.labels.size()));
  for (uint32_t l : ex.labels) put<uint32_t>(buf_, l);
  put<uint32_t>(buf_, static_cast<uint32_t>(ex.tag.size()));
  buf_.append(ex.tag);
  put<uint32_t>(buf_, static_cast<uint32_t>(ex.namespaces.size()));
  for (const NamespaceSpan& s : ex.namespaces) {
    put<uint8_t>(buf_, s.index);
    put<uint32_t>(buf_, s.end - s.begin);
  }
  for (const Feature& f : ex.features) {
    put<uint64_t>(buf_, f.index);
    put<float>(buf_, f.value);
  }
  const uint32_t len = static_cast<uint32_t>(buf_.size());
  if (std::fwrite(&len, sizeof(len), 1, f_) != 1 || std::fwrite(buf_.data(), 1, buf_.size(), f_) != buf_.size())
    throw Error(errc::kIo, "failed writing cache file '" + path_ + "'");
}

void CacheWriter::close() {
  if (f_ && std::fclose(f_) != 0) {
    f_ = nullptr;
    throw Error(errc::kIo, "failed closing cache file '" + path_ + "'");
  }
  f_ = nullptr;
}

bool CacheReader::open(const std::string& path, const ParseConfig& config) {
  path_ = path;
  f_ = std::fopen(path.c_str(), "rb");
  if (!f_) return false;
  const std::string want = header_bytes(config);
  std::string got(want.size(), '\0');
  if (std::fread(&got[0], 1, got.size(), f_) != got.size() || got != want) {
    std::fclose(f_);
    f_ = nullptr;
    return false;
  }
  data_start_ = std::ftell(f_);
  label_type_ = config.label_type;
  return true;
}

CacheReader::~CacheReader() {
  if (f_) std::fclose(f_);
}

void CacheReader::rewind() {
  if (f_) std::fseek(f_, data_start_, SEEK_SET);
}

bool CacheReader::next(Example& ex) {
  uint32_t len = 0;
  const size_t got = std::fread(&len, 1, sizeof(len), f_);
  if (got == 0) return false;
  if (got != sizeof(len) || len > kMaxRecord) throw Error(errc::kIo, "damaged cache file '" + path_ + "' (bad record length)");
  buf_.resize(len);
  if (std::fread(buf_.data(), 1, len, f_) != len) throw Error(errc::kIo, "damaged cache file '" + path_ + "' (truncated)");
  In in{buf_.data(), buf_.data() + len};
  ex.clear();
  ex.label_type = label_type_;
  ex.label = in.get<float>();
  ex.weight = in.get<float>();
  ex.initial = in.get<float>();
  ex.has_class = in.get<uint8_t>() != 0;
  ex.class_label = in.get<uint32_t>();
  const uint32_t nc = in.count(8);
  for (uint32_t i = 0; i < nc; ++i) {
    CostEntry c;
    c.class_index = in.get<uint32_t>();
    c.cost = in.get<float>();
    ex.costs.push_back(c);
  }
  ex.has_multilabels = in.get<uint8_t>() != 0;
  const uint32_t nl = in.count(4);
  for (uint32_t i = 0; i < nl; ++i) ex.labels.push_back(in.get<uint32_t>());
  const uint32_t tl = in.count(1);
  ex.tag.assign(in.p, tl);
  in.p += tl;
  const uint32_t nns = in.count(5);
  uint32_t total = 0;
  for (uint32_t i = 0; i < nns; ++i) {
    const uint8_t idx = in.get<uint8_t>();
    const uint32_t cnt = in.get<uint32_t>();
    if (cnt > static_cast<size_t>(in.e - in.p) / 12) throw Error(errc::kIo, "damaged cache record (bad count)");
    ex.namespaces.push_back({idx, total, total + cnt});
    total += cnt;
  }
  for (uint32_t i = 0; i < total; ++i) {
    Feature f;
    f.index = in.get<uint64_t>();
    f.value = in.get<float>();
    ex.features.push_back(f);
  }
  return true;
}

}  // namespace praxi::vw
