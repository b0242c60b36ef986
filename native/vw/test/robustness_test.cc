// Corrupt, truncated, bit-flipped and foreign model files are refused with VW_MODEL_* errors and never
// crash (run under -DPRAXI_SANITIZE=ON too).
#include <gtest/gtest.h>

#include <cstring>
#include <random>

#include "praxi/vw/error.h"
#include "praxi/vw/model.h"
#include "vectors.h"

namespace praxi::vw {
namespace {

std::vector<uint8_t> sample_model(bool predict_only = false) {
  Model m = Model::create({"--oaa", "5"});
  Example ex;
  Prediction p;
  const char* lines[] = {"1 | a b:2 c", "2 | b d e:0.5", "3 |ns x y", "4 | a:3 z", "5 | q r", "1 | a"};
  for (const char* l : lines) {
    m.parse_line(l, ex);
    m.learn(ex, p);
  }
  return m.save(predict_only);
}

// Returns "" when the bytes load, else the error code.
std::string load_code(const std::vector<uint8_t>& b) {
  try {
    Model m = Model::load(b.data(), b.size());
    Example ex;
    Prediction p;
    m.parse_line("| a b c", ex);
    m.predict(ex, p);
    return "";
  } catch (const Error& e) {
    return e.code();
  }
}

bool is_model_error(const std::string& code) { return code == "VW_MODEL_CORRUPT" || code == "VW_MODEL_VERSION"; }

// initial_t f32, 4 doubles, dump_interval + 2 labels f32, 3 doubles, 2 u64, total_weight, old weighted,
// current_pass u64, gravity, contraction
constexpr size_t kResumeStateBytes = 4 + 4 * 8 + 3 * 4 + 3 * 8 + 2 * 8 + 2 * 8 + 8 + 2 * 8;

size_t body_start(const std::vector<uint8_t>& b, bool resume) {
  // version(4+7) id(4+1) m(1) labels(8) bits lda ngram skip(16) options(4+n) checksum(8) resume flag(1)
  uint32_t optlen;
  std::memcpy(&optlen, b.data() + 11 + 5 + 1 + 8 + 16, 4);
  const size_t after_flag = 11 + 5 + 1 + 8 + 16 + 4 + optlen + 8 + 1;
  return after_flag + (resume ? kResumeStateBytes : 0);
}

TEST(VwRobustness, EveryTruncationIsRefusedOrEndsOnARecord) {
  for (bool predict_only : {false, true}) {
    const auto full = sample_model(predict_only);
    const size_t body = body_start(full, !predict_only);
    const size_t rec = predict_only ? 8 : 16;
    ASSERT_EQ((full.size() - body) % rec, 0u);
    for (size_t n = 0; n < full.size(); ++n) {
      std::vector<uint8_t> cut(full.begin(), full.begin() + static_cast<long>(n));
      const std::string code = load_code(cut);
      if (n >= body && (n - body) % rec == 0) {
        // The VW format has no trailer: a cut between two weight records is indistinguishable from a
        // smaller model.
        EXPECT_EQ(code, "") << "length " << n;
      } else {
        EXPECT_TRUE(is_model_error(code)) << "length " << n << " gave '" << code << "'";
      }
    }
  }
}

TEST(VwRobustness, BitFlipsInTheHeaderAreRefusedAndNoneCrash) {
  const auto full = sample_model();
  const size_t checksum_end = body_start(full, true) - kResumeStateBytes - 1;
  size_t refused = 0, loaded = 0;
  for (size_t byte = 0; byte < full.size(); ++byte) {
    for (int bit = 0; bit < 8; ++bit) {
      auto b = full;
      b[byte] ^= static_cast<uint8_t>(1u << bit);
      const std::string code = load_code(b);
      if (byte >= 11 && byte < checksum_end) {
        EXPECT_TRUE(is_model_error(code)) << "flip at byte " << byte << " bit " << bit;
      }
      if (code.empty()) ++loaded;
      else {
        EXPECT_TRUE(is_model_error(code)) << code;
        ++refused;
      }
    }
  }
  EXPECT_GT(refused, 400u);
  EXPECT_GT(loaded, 0u);  // flips inside weight values are undetectable in the VW format
}

TEST(VwRobustness, RealModelBitFlipsAndTruncations) {
  PRAXI_REQUIRE_VECTORS();
  const auto full = test::read_bytes(test::vectors_dir() + "/out_std/a_oaa5.vw");
  ASSERT_GT(full.size(), 1000u);
  const size_t body = body_start(full, true);
  for (size_t n = 0; n < full.size(); ++n) {
    const std::string code = load_code({full.begin(), full.begin() + static_cast<long>(n)});
    if (n >= body && (n - body) % 16 == 0) EXPECT_EQ(code, "") << n;
    else EXPECT_TRUE(is_model_error(code)) << "length " << n;
  }
  std::mt19937 rng(1234);
  for (int i = 0; i < 3000; ++i) {
    auto b = full;
    const size_t pos = rng() % b.size();
    b[pos] ^= static_cast<uint8_t>(1u << (rng() % 8));
    const std::string code = load_code(b);
    EXPECT_TRUE(code.empty() || is_model_error(code));
  }
}

TEST(VwRobustness, ForeignFilesAreRefused) {
  const std::vector<std::vector<uint8_t>> foreign = {
      {},
      {'h', 'e', 'l', 'l', 'o'},
      {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R'},
      {0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3},
      {0xff, 0xff, 0xff, 0x7f, 1, 2, 3},  // huge length claim
  };
  for (const auto& f : foreign) EXPECT_EQ(load_code(f), "VW_MODEL_CORRUPT");
  // A readable (text) model is not a binary model.
  const std::string text = Model::create({"--oaa", "3"}).readable();
  EXPECT_EQ(load_code(std::vector<uint8_t>(text.begin(), text.end())), "VW_MODEL_CORRUPT");
  // Another VW major version.
  auto b = sample_model();
  b[4] = '8';
  EXPECT_EQ(load_code(b), "VW_MODEL_VERSION");
  std::mt19937 rng(7);
  for (int i = 0; i < 500; ++i) {
    std::vector<uint8_t> junk(rng() % 300);
    for (auto& x : junk) x = static_cast<uint8_t>(rng());
    const std::string code = load_code(junk);
    EXPECT_TRUE(is_model_error(code)) << code;
  }
}

TEST(VwRobustness, ErrorsNameTheOffset) {
  auto b = sample_model();
  b.resize(b.size() - 3);
  try {
    Model::load(b);
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), "VW_MODEL_CORRUPT");
    EXPECT_NE(std::string(e.what()).find("offset"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace praxi::vw
