#include <gtest/gtest.h>

#include <cmath>
#include <numeric>
#include <sstream>

#include "praxi/vw/driver.h"
#include "praxi/vw/error.h"
#include "praxi/vw/model.h"
#include "vectors.h"

namespace praxi::vw {
namespace {

TEST(VwApi, BuilderTextEqualsParsedLine) {
  Model m = Model::create({"--oaa", "80", "-b", "26"});
  Example a, b;
  // Praxi-style tags, including one with a space and one with several ':'.
  const std::string tags = "usr/bin:3 my tag:2 a:b:4 000:32 emacs-nox.:7";
  ASSERT_TRUE(m.parse_line("7 | " + tags, a));
  ExampleBuilder(m).class_label(7).text(tags).build(b);
  ASSERT_EQ(a.features.size(), b.features.size());
  for (size_t i = 0; i < a.features.size(); ++i) {
    EXPECT_EQ(a.features[i].index, b.features[i].index) << i;
    EXPECT_EQ(a.features[i].value, b.features[i].value) << i;
  }
  EXPECT_EQ(b.class_label, 7u);
}

TEST(VwApi, BuilderFeatureHashesNameAsIs) {
  Model m = Model::create({"--oaa", "3"});
  Example a, b;
  ASSERT_TRUE(m.parse_line("| dpkg:27 x", a));
  ExampleBuilder(m).feature("dpkg", 27).feature("x").feature("zero", 0.f).build(b);
  ASSERT_EQ(a.features.size(), b.features.size());
  for (size_t i = 0; i < a.features.size(); ++i) EXPECT_EQ(a.features[i].index, b.features[i].index);
}

TEST(VwApi, LearnPredictProbabilities) {
  Model m = Model::create({"--oaa", "3", "--probabilities", "--loss_function", "logistic", "-l", "1.5"});
  const char* data[] = {"1 | apache httpd conf", "2 | nginx conf sites", "3 | mysql server lib"};
  Example ex;
  Prediction p;
  for (int pass = 0; pass < 20; ++pass)
    for (const char* l : data) {
      m.parse_line(l, ex);
      m.learn(ex, p);
    }
  m.parse_line("| nginx sites", ex);
  m.predict(ex, p);
  ASSERT_EQ(p.probabilities.size(), 3u);
  EXPECT_NEAR(std::accumulate(p.probabilities.begin(), p.probabilities.end(), 0.0), 1.0, 1e-5);
  EXPECT_EQ(p.class_label, 2u);
  EXPECT_GT(p.probabilities[1], 0.6f);
  // Loading does not restore --probabilities (vw does not store it): pass it again.
  Model back = Model::load(m.save(), {"--probabilities", "--loss_function", "logistic"});
  Prediction q;
  back.predict(ex, q);
  EXPECT_EQ(q.probabilities, p.probabilities);
}

TEST(VwApi, SparseMemoryFollowsFeaturesUsed) {
  // vw would allocate 2^26 * 4 floats (1 GiB) for -b 26; we keep only touched blocks.
  Model m = Model::create({"--oaa", "80", "-b", "26"});
  Example ex;
  Prediction p;
  for (int i = 0; i < 200; ++i) {
    std::string line = std::to_string(1 + i % 80) + " |";
    for (int f = 0; f < 50; ++f) line += " tag" + std::to_string((i * 7 + f) % 500) + ":" + std::to_string(1 + f % 5);
    m.parse_line(line, ex);
    m.learn(ex, p);
  }
  EXPECT_LE(m.gd().weights().num_blocks(), 501u);
  EXPECT_LT(m.gd().weights().memory_bytes(), 8u << 20);
  // Prediction on unseen features allocates nothing.
  const size_t before = m.gd().weights().num_blocks();
  m.parse_line("| never seen before", ex);
  m.predict(ex, p);
  EXPECT_EQ(m.gd().weights().num_blocks(), before);
}

TEST(VwApi, TestOnlyModelRefusesLearn) {
  Model m = Model::create({"--oaa", "2"});
  m.set_test_only(true);
  Example ex;
  Prediction p;
  m.parse_line("1 | a", ex);
  try {
    m.learn(ex, p);
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), "VW_STATE");
  }
}

TEST(VwApi, ArgumentErrors) {
  auto code_of = [](const std::vector<std::string>& a) {
    try {
      Model::create(a);
      return std::string();
    } catch (const Error& e) {
      return e.code();
    }
  };
  EXPECT_EQ(code_of({"--oaa"}), "VW_ARGS");
  EXPECT_EQ(code_of({"--oaa", "x"}), "VW_ARGS");
  EXPECT_EQ(code_of({"--bogus"}), "VW_ARGS");
  EXPECT_EQ(code_of({"-b", "40"}), "VW_ARGS");
  EXPECT_EQ(code_of({"--loss_function", "poisson"}), "VW_ARGS");
  EXPECT_EQ(code_of({"--oaa", "3", "--csoaa", "3"}), "VW_ARGS");
  EXPECT_EQ(code_of({"--oaa=5", "-b20"}), "");
  std::ostringstream out, err;
  EXPECT_EQ(run_command_line({"--passes", "3", "-d", "/nonexistent"}, out, err), 1);
  EXPECT_NE(err.str().find("VW_ARGS"), std::string::npos);
}

TEST(VwApi, PassesUseCacheAndHoldout) {
  PRAXI_REQUIRE_VECTORS();
  const std::string dir = test::vectors_dir(), tmp = test::temp_dir();
  // First run creates the cache; the second (no -k) reads it and must give identical results.
  const std::vector<std::string> base = {"--oaa", "5", "--passes", "3", "-c", "--cache_file", tmp + "/p.cache",
                                         "-d", dir + "/data/mc_train.txt", "--quiet"};
  auto a = base, b = base;
  a.insert(a.end(), {"-k", "-p", tmp + "/p1.pred", "-f", tmp + "/p1.vw"});
  b.insert(b.end(), {"-p", tmp + "/p2.pred", "-f", tmp + "/p2.vw"});
  ASSERT_EQ(test::run_vw(a), 0);
  ASSERT_TRUE(test::exists(tmp + "/p.cache"));
  ASSERT_EQ(test::run_vw(b), 0);
  EXPECT_EQ(test::read_file(tmp + "/p1.pred"), test::read_file(tmp + "/p2.pred"));
  EXPECT_EQ(test::read_bytes(tmp + "/p1.vw"), test::read_bytes(tmp + "/p2.vw"));
  EXPECT_EQ(test::read_file(tmp + "/p1.pred"), test::read_file(dir + "/out_std/f_oaa5_passes3.pred"));
}

}  // namespace
}  // namespace praxi::vw
