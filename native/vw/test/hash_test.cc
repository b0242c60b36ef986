#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "praxi/vw/hash.h"
#include "praxi/vw/model.h"
#include "praxi/vw/text_parser.h"
#include "vectors.h"

namespace praxi::vw {
namespace {

TEST(VwHash, Murmur3KnownVectors) {
  EXPECT_EQ(murmur3_32("", 0, 0), 0u);
  EXPECT_EQ(murmur3_32("", 0, 1), 0x514E28B7u);
  EXPECT_EQ(murmur3_32("", 0, 0xffffffffu), 0x81F16F39u);
  EXPECT_EQ(murmur3_32(std::string_view("\0\0\0\0", 4), 0), 0x2362F9DEu);
  EXPECT_EQ(murmur3_32("aaaa", 0x9747b28c), 0x5A97808Au);
  EXPECT_EQ(murmur3_32("Hello, world!", 0x9747b28c), 0x24884CBAu);
  EXPECT_EQ(murmur3_32("The quick brown fox jumps over the lazy dog", 0x9747b28c), 0x2FA826CDu);
}

TEST(VwHash, HashstringDigitRuleAndTrimming) {
  EXPECT_EQ(hashstring("123", 0), 123u);
  EXPECT_EQ(hashstring("123", 1000), 1123u);
  EXPECT_EQ(hashstring("  42\t", 7), 49u);  // trimmed, then digits
  EXPECT_EQ(hashstring("", 77), 77u);       // empty -> seed
  EXPECT_EQ(hashstring("   ", 77), 77u);
  EXPECT_EQ(hashstring("1.2", 0), murmur3_32("1.2", 0));
  EXPECT_EQ(hashstring(" abc ", 5), murmur3_32("abc", 5));
  // --hash all: always murmur, no digit rule
  EXPECT_EQ(hashall("123", 0), murmur3_32("123", 0));
}

TEST(VwHash, ConstantsAndInterleave) {
  EXPECT_EQ(kConstantHash, 11650396u);
  EXPECT_EQ(kConstantHash & ((1u << 18) - 1), 116060u);
  EXPECT_EQ(interleave_width(1), 1u);
  EXPECT_EQ(interleave_width(3), 4u);   // nextpow2(3*4) >> 2
  EXPECT_EQ(interleave_width(5), 8u);   // nextpow2(20) >> 2
  EXPECT_EQ(interleave_width(80), 128u);
}

TEST(VwHash, NamespaceSeeds) {
  EXPECT_EQ(namespace_hash(HashMode::Strings, "", 0), 0u);
  EXPECT_EQ(namespace_hash(HashMode::Strings, "", 9), murmur3_32("", 0, 9));
  EXPECT_EQ(namespace_hash(HashMode::Strings, "ns1", 0), murmur3_32("ns1", 0));
}

// Every `ns^feat:index:value:...` entry of an oracle audit output must be re-derived by our hashing.
struct AuditCase {
  const char* file;
  uint32_t bits;
  uint32_t classes;
  bool hash_all;
};

size_t check_audit(const std::string& path, const AuditCase& c) {
  std::ifstream in(path);
  std::string line;
  const uint32_t width = c.classes > 1 ? interleave_width(c.classes) : 1;
  const uint64_t mask = (1ULL << c.bits) - 1;
  const HashMode mode = c.hash_all ? HashMode::All : HashMode::Strings;
  size_t checked = 0;
  int cls = -1;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] != '\t') continue;
    cls = (cls + 1) % static_cast<int>(c.classes);
    std::istringstream fields(line);
    std::string ent;
    while (std::getline(fields, ent, '\t')) {
      if (ent.empty()) continue;
      // name may itself contain ':' (string feature values): split the last 3 ':' fields off
      size_t p3 = ent.rfind(':');
      size_t p2 = ent.rfind(':', p3 - 1);
      size_t p1 = ent.rfind(':', p2 - 1);
      const std::string name = ent.substr(0, p1);
      const uint64_t idx = std::stoull(ent.substr(p1 + 1, p2 - p1 - 1));
      uint64_t h;
      if (name == "Constant") {
        h = kConstantHash;
      } else {
        const size_t caret = name.find('^');
        const std::string ns = caret == std::string::npos ? "" : name.substr(0, caret);
        const std::string feat = caret == std::string::npos ? name : name.substr(caret + 1);
        const uint64_t nsh = ns.empty() ? 0 : hash_name(mode, ns, 0);
        h = hash_name(mode, feat, nsh) & mask;
      }
      EXPECT_EQ((h * width + static_cast<uint64_t>(cls)) & mask, idx) << path << ": " << ent;
      ++checked;
    }
  }
  return checked;
}

TEST(VwHash, MatchesEveryOracleAuditIndex) {
  PRAXI_REQUIRE_VECTORS();
  const AuditCase cases[] = {
      {"g_audit_oaa5_single", 18, 5, false},         {"g_audit_reg_single", 18, 1, false},
      {"g_audit_reg_single_b24_hashall", 24, 1, true}, {"g_audit_oaa5_first3", 18, 5, false},
      {"i_oaa3_b18", 18, 3, false},                   {"a_oaa5_test_audit", 18, 5, false},
  };
  for (const char* flavour : {"out_std", "out_simd"}) {
    for (const AuditCase& c : cases) {
      const std::string path = test::vectors_dir() + "/" + flavour + "/" + c.file + ".stdout";
      EXPECT_GT(check_audit(path, c), 3u) << path;
    }
  }
}

TEST(VwHash, ParserProducesAuditIndices) {
  // i_oaa3_b18: mysql:143452 (= 35863 * 4), Constant 202096 for class 0 of --oaa 3.
  Model m = Model::create({"--oaa", "3"});
  Example ex;
  ASSERT_TRUE(m.parse_line("3 | mysql:4 server:2 lib:1", ex));
  ASSERT_EQ(ex.features.size(), 4u);
  EXPECT_EQ((ex.features[0].index * 4) & ((1u << 18) - 1), 143452u);
  EXPECT_EQ((ex.features[3].index * 4) & ((1u << 18) - 1), 202096u);
  // g_audit_reg_single: namespaced features, namespace value scaling, digits feature.
  Model r = Model::create(std::vector<std::string>{});
  ASSERT_TRUE(r.parse_line("1.5 2.0 'tag1|ns1 a:0.5 b 123 |ns2:2 c:3 |  d e:-1", ex));
  const uint64_t want[] = {100403, 20752, 11365, 119163, 70771, 17255, 116060};
  const float vals[] = {0.5f, 1, 1, 6, 1, -1, 1};
  ASSERT_EQ(ex.features.size(), 7u);
  for (size_t i = 0; i < 7; ++i) {
    EXPECT_EQ(ex.features[i].index & ((1u << 18) - 1), want[i]) << i;
    EXPECT_EQ(ex.features[i].value, vals[i]) << i;
  }
  EXPECT_EQ(ex.tag, "tag1");
  EXPECT_EQ(ex.label, 1.5f);
  EXPECT_EQ(ex.weight, 2.0f);
}

}  // namespace
}  // namespace praxi::vw
