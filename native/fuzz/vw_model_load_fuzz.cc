// Fuzz target: the VW model loader (Model::load from bytes). Invariants: a corrupt, truncated or foreign
// file throws praxi::vw::Error with a VW_MODEL_* (or VW_ARGS for stored options the reader refuses)
// code and nothing else, never over-reads, never allocates without bound; a model that loads predicts
// one example, and its saved bytes load again and save to the same bytes (round trip).
// The header checksum would stop almost every mutation of the header, so an input whose load fails
// on it is tried a second time with the checksum recomputed (the way the reader chains murmur3 over
// each header field), which lets the fuzzer reach the options, state and weight readers.
#include <string>
#include <vector>

#include "fuzz_common.h"
#include <cstring>
#include <optional>

#include "praxi/vw/error.h"
#include "praxi/vw/hash.h"
#include "praxi/vw/model.h"

using namespace praxi::vw;

namespace {

bool allowed(const std::string& code) {
  return code == errc::kModelCorrupt || code == errc::kModelVersion || code == errc::kArgs;
}

void use(Model& m) {
  Example ex;
  Prediction p;
  const char* line = "| a b:2 c ns_x^y 17:0.5";
  m.parse_line(line, ex);
  m.predict(ex, p);
  m.set_test_only(true);
  m.process(ex, false, p);
}

// A copy of `in` with the header checksum the reader would compute, or nothing when the header is
// too short or malformed to find it.
std::optional<std::vector<uint8_t>> with_fixed_checksum(const uint8_t* in, size_t n) {
  size_t pos = 0;
  uint32_t h = 0;
  bool hashing = false;
  auto take = [&](size_t k) -> const uint8_t* {
    if (n - pos < k) return nullptr;
    const uint8_t* q = in + pos;
    if (hashing && k > 0) h = murmur3_32(q, k, h);
    pos += k;
    return q;
  };
  auto u32 = [&](uint32_t& v) {
    const uint8_t* q = take(4);
    if (q) std::memcpy(&v, q, 4);
    return q != nullptr;
  };
  auto lenstr = [&]() {
    uint32_t len = 0;
    return u32(len) && take(len) != nullptr;
  };
  uint32_t v = 0;
  if (!lenstr()) return std::nullopt;  // version: not hashed
  hashing = true;
  if (!lenstr() || !take(1) || !take(4) || !take(4) || !u32(v) || !u32(v)) return std::nullopt;
  uint32_t ngrams = 0, skips = 0;
  if (!u32(ngrams) || ngrams > (n - pos) / 3 || !take(size_t{ngrams} * 3)) return std::nullopt;
  if (!u32(skips) || skips > (n - pos) / 3 || !take(size_t{skips} * 3)) return std::nullopt;
  if (!lenstr()) return std::nullopt;
  hashing = false;
  if (n - pos < 8) return std::nullopt;
  std::vector<uint8_t> out(in, in + n);
  std::memcpy(out.data() + pos + 4, &h, 4);
  if (std::memcmp(out.data(), in, n) == 0) return std::nullopt;  // already right
  return out;
}

void load_and_check(const uint8_t* data, size_t size, bool& checksum_failed) {
  try {
    Model m = Model::load(data, size);
    const std::vector<uint8_t> saved = m.save();
    use(m);
    Model again = Model::load(saved);
    PRAXI_FUZZ_CHECK(again.save() == saved);
    use(again);
  } catch (const Error& e) {
    if (!allowed(e.code())) {
      std::fprintf(stderr, "unexpected error: %s\n", e.what());
      praxi::fuzz::fail("unexpected error code from Model::load");
    }
    // Match the reader's own message at the start: a model's options string is quoted in other
    // errors and can contain any text (the fuzzer found one spelling "checksum mismatch").
    const std::string what = e.what();
    const std::string prefix = std::string(errc::kModelCorrupt) + ": header checksum mismatch";
    checksum_failed = e.code() == errc::kModelCorrupt && what.compare(0, prefix.size(), prefix) == 0;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const uint8_t kEmpty = 0;
  if (!data) data = &kEmpty;
  bool checksum_failed = false;
  load_and_check(data, size, checksum_failed);
  if (checksum_failed) {
    if (auto fixed = with_fixed_checksum(data, size)) {
      bool again = false;
      load_and_check(fixed->data(), fixed->size(), again);
      PRAXI_FUZZ_CHECK(!again);  // the fix-up computes what the reader computes
    }
  }
  return 0;
}
