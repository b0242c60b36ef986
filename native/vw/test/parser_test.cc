#include <gtest/gtest.h>

#include <cfloat>
#include <cmath>

#include "praxi/vw/error.h"
#include "praxi/vw/hash.h"
#include "praxi/vw/model.h"
#include "praxi/vw/text_parser.h"
#include "vectors.h"

namespace praxi::vw {
namespace {

TextParser parser(LabelType t, uint32_t bits = 18) {
  ParseConfig c;
  c.label_type = t;
  c.bits = bits;
  return TextParser(c);
}

uint64_t idx(std::string_view ns, std::string_view feat) {
  const uint64_t nsh = ns.empty() ? 0 : hashstring(ns, 0);
  return hashstring(feat, nsh) & ((1u << 18) - 1);
}

// data/tagtest.txt, confirmed by j_tagtest_audit.
TEST(VwParser, TagGotchas) {
  const TextParser p = parser(LabelType::Simple);
  Example ex;
  ASSERT_TRUE(p.parse_line("1| a b", ex));
  EXPECT_EQ(ex.tag, "1");  // touches the bar -> tag, and NO label
  EXPECT_EQ(ex.label, FLT_MAX);
  ASSERT_EQ(ex.features.size(), 3u);
  EXPECT_EQ(ex.features[0].index, idx("", "a"));
  EXPECT_EQ(ex.features[1].index, idx("", "b"));

  ASSERT_TRUE(p.parse_line("1 |a b", ex));
  EXPECT_EQ(ex.label, 1.f);
  EXPECT_TRUE(ex.tag.empty());
  ASSERT_EQ(ex.features.size(), 2u);  // namespace a, feature b (audit a^b:144016)
  EXPECT_EQ(ex.features[0].index, 144016u);
  EXPECT_EQ(ex.namespaces[0].index, 'a');

  ASSERT_TRUE(p.parse_line("1 t1| a", ex));
  EXPECT_EQ(ex.label, 1.f);
  EXPECT_EQ(ex.tag, "t1");

  ASSERT_TRUE(p.parse_line("1 't2 | a", ex));
  EXPECT_EQ(ex.label, 1.f);
  EXPECT_EQ(ex.tag, "t2");

  ASSERT_TRUE(p.parse_line("2 0.5 t3| a", ex));
  EXPECT_EQ(ex.label, 2.f);
  EXPECT_EQ(ex.weight, 0.5f);
  EXPECT_EQ(ex.tag, "t3");

  ASSERT_TRUE(p.parse_line("1", ex));  // no bar: the last token ends the label section -> tag
  EXPECT_EQ(ex.tag, "1");
  EXPECT_EQ(ex.label, FLT_MAX);
}

TEST(VwParser, TagtestAuditOracle) {
  PRAXI_REQUIRE_VECTORS();
  // Our predictions on tagtest.txt equal vw's printed ones (first column of the audit output).
  const std::string out = test::temp_dir() + "/tagtest.pred";
  ASSERT_EQ(test::run_vw({"-b", "18", "-d", test::vectors_dir() + "/data/tagtest.txt", "-p", out, "--quiet"}), 0);
  std::vector<std::string> want;
  for (const std::string& l : test::lines(test::read_file(test::vectors_dir() + "/out_std/j_tagtest_audit.stdout")))
    if (!l.empty() && l[0] != '\t') want.push_back(l);
  EXPECT_EQ(test::lines(test::read_file(out)), want);
}

TEST(VwParser, LineEndingsBomAndEmptyLines) {
  const TextParser p = parser(LabelType::Multiclass);
  Example ex;
  EXPECT_FALSE(p.parse_line("", ex));
  EXPECT_FALSE(p.parse_line("\n", ex));
  EXPECT_FALSE(p.parse_line("\r\n", ex));
  ASSERT_TRUE(p.parse_line("   ", ex));  // whitespace-only lines are (unlabeled) examples in vw
  EXPECT_FALSE(ex.has_class);
  EXPECT_EQ(ex.features.size(), 1u);  // constant only
  ASSERT_TRUE(p.parse_line("\xEF\xBB\xBF" "3 | x y\r\n", ex));
  EXPECT_EQ(ex.class_label, 3u);
  ASSERT_EQ(ex.features.size(), 3u);
  EXPECT_EQ(ex.features[1].index, idx("", "y"));
}

TEST(VwParser, ValuesNamespacesAndStringValues) {
  const TextParser p = parser(LabelType::Simple);
  Example ex;
  ASSERT_TRUE(p.parse_line("1 |ns:0.5 a:4 b |x c:0 d:-2 j:abc", ex));
  // c:0 dropped; ns value scales; "j:abc" is a string feature value
  ASSERT_EQ(ex.features.size(), 5u);
  EXPECT_EQ(ex.features[0].value, 2.f);
  EXPECT_EQ(ex.features[1].value, 0.5f);
  EXPECT_EQ(ex.features[2].value, -2.f);
  EXPECT_EQ(ex.features[3].value, 1.f);
  EXPECT_EQ(ex.features[3].index, hashstring("abc", hashstring("j", hashstring("x", 0))) & ((1u << 18) - 1));
  // anonymous features: channel hash + running counter
  ASSERT_TRUE(p.parse_line("1 | :2 :3 |ns :4", ex));
  ASSERT_EQ(ex.features.size(), 4u);
  EXPECT_EQ(ex.features[0].index, 0u);
  EXPECT_EQ(ex.features[1].index, 1u);
  EXPECT_EQ(ex.features[2].index, (hashstring("ns", 0) + 2) & ((1u << 18) - 1));
}

TEST(VwParser, FloatReadingMatchesVw) {
  // vw accumulates digits in float and scales by a float power of ten: not correctly rounded.
  const TextParser p = parser(LabelType::Simple);
  Example ex;
  ASSERT_TRUE(p.parse_line("1 | a:1.9842 b:2.9806 c:1e-3 d:123.456 e:+0.5 f:1e39 g:1e-45 h:-", ex));
  ASSERT_EQ(ex.features.size(), 7u);  // g (underflow) and h ("-" = -0) dropped
  EXPECT_EQ(ex.features[0].value, 1.9841997623443604f);
  EXPECT_EQ(ex.features[1].value, 2.9805996417999268f);
  EXPECT_EQ(ex.features[2].value, 0.0009999999310821295f);
  EXPECT_EQ(ex.features[3].value, 123.45599365234375f);
  EXPECT_EQ(ex.features[4].value, 0.5f);
  EXPECT_TRUE(std::isinf(ex.features[5].value));
}

TEST(VwParser, MalformedValueDropsRestOfLine) {
  const TextParser p = parser(LabelType::Simple);
  Example ex;
  std::string warning;
  ASSERT_TRUE(p.parse_line("1 | i:1.2.3 zz |b q", ex, 7, &warning));
  ASSERT_EQ(ex.features.size(), 2u);  // i (value 1.2) + constant
  EXPECT_FLOAT_EQ(ex.features[0].value, 1.2f);
  EXPECT_NE(warning.find("rest of line ignored"), std::string::npos);
}

TEST(VwParser, NamespaceGroupingFollowsFirstByte) {
  const TextParser p = parser(LabelType::Simple);
  Example ex;
  ASSERT_TRUE(p.parse_line("1 |ab x |c y |ax z", ex));
  // 'a' group first (x then z), then 'c', then the constant
  ASSERT_EQ(ex.namespaces.size(), 3u);
  EXPECT_EQ(ex.namespaces[0].index, 'a');
  EXPECT_EQ(ex.features[0].index, idx("ab", "x"));
  EXPECT_EQ(ex.features[1].index, idx("ax", "z"));
  EXPECT_EQ(ex.features[2].index, idx("c", "y"));
  EXPECT_EQ(ex.features[3].index, kConstantHash);
}

TEST(VwParser, LabelTypes) {
  Example ex;
  const TextParser cs = parser(LabelType::CostSensitive);
  ASSERT_TRUE(cs.parse_line("1:0.5 2:1 3 | a", ex));
  ASSERT_EQ(ex.costs.size(), 3u);
  EXPECT_EQ(ex.costs[0].class_index, 1u);
  EXPECT_EQ(ex.costs[0].cost, 0.5f);
  EXPECT_EQ(ex.costs[2].cost, FLT_MAX);
  EXPECT_TRUE(ex.is_labeled());
  ASSERT_TRUE(cs.parse_line("1 2 3 4 5 | a", ex));
  EXPECT_FALSE(ex.is_labeled());  // costless class list = test example

  const TextParser ml = parser(LabelType::Multilabel);
  ASSERT_TRUE(ml.parse_line("0,2,3 | a", ex));
  EXPECT_EQ(ex.labels, (std::vector<uint32_t>{0, 2, 3}));

  const TextParser mc = parser(LabelType::Multiclass);
  ASSERT_TRUE(mc.parse_line("4 2.5 | a", ex));
  EXPECT_EQ(ex.class_label, 4u);
  EXPECT_EQ(ex.weight, 2.5f);
  try {
    mc.parse_line("1.5 | a", ex, 12);
    FAIL() << "expected VW_PARSE";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), "VW_PARSE");
    EXPECT_NE(std::string(e.what()).find("line 12"), std::string::npos);
  }
  EXPECT_THROW(mc.parse_line("1 2 3 | a", ex), Error);
  EXPECT_THROW(cs.parse_line("shared | a", ex), Error);
}

TEST(VwParser, TabInLabelSection) {
  const TextParser p = parser(LabelType::Simple);
  Example ex;
  ASSERT_TRUE(p.parse_line("junk\t2 | a", ex));  // only the part after the first tab is the label
  EXPECT_EQ(ex.label, 2.f);
}

}  // namespace
}  // namespace praxi::vw
