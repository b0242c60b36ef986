// Every model vw wrote (out_std = vw-exact, out_simd = default vw build) loads here and predicts what vw
// printed: the same text against out_std, the same class decisions against out_simd.
#include <gtest/gtest.h>

#include <dirent.h>

#include <algorithm>

#include "praxi/vw/error.h"
#include "praxi/vw/model.h"
#include "vectors.h"

namespace praxi::vw {
namespace {

std::vector<std::string> models_in(const std::string& dir) {
  std::vector<std::string> out;
  if (DIR* d = ::opendir(dir.c_str())) {
    while (dirent* e = ::readdir(d)) {
      const std::string n = e->d_name;
      if (n.size() > 3 && n.substr(n.size() - 3) == ".vw") out.push_back(dir + "/" + n);
    }
    ::closedir(d);
  }
  std::sort(out.begin(), out.end());
  return out;
}

TEST(VwOracleModels, EveryModelLoads) {
  PRAXI_REQUIRE_VECTORS();
  size_t n = 0;
  for (const char* flavour : {"out_std", "out_simd"}) {
    for (const std::string& path : models_in(test::vectors_dir() + "/" + flavour)) {
      SCOPED_TRACE(path);
      Model m = Model::load_file(path);
      EXPECT_GT(m.gd().weights().num_blocks(), 0u);
      ++n;
    }
  }
  EXPECT_GE(n, 20u);
}

struct PredictCase {
  const char* model;
  const char* data;
  std::vector<std::string> flags;
  const char* pred;  // expected -p file (same basename in out_std / out_simd)
  const char* raw;   // expected -r file or nullptr
};

const std::vector<PredictCase>& cases() {
  static const std::vector<PredictCase> c = {
      {"a_oaa5.vw", "mc_test.txt", {}, "a_oaa5.test.pred", "a_oaa5.test.raw"},
      {"a_oaa5.predonly.vw", "mc_test.txt", {}, "a_oaa5.test.pred", nullptr},
      {"b_oaa5prob.vw", "mc_test.txt", {}, "b_oaa5prob.test.pred", nullptr},
      {"b_oaa5prob.vw", "mc_test.txt", {"--probabilities", "--loss_function", "logistic"}, "b_oaa5prob.test_flags.pred",
       nullptr},
      {"d_csoaa5.vw", "cs_test.txt", {}, "d_csoaa5.test.pred", nullptr},
  };
  return c;
}

std::vector<std::string> predict_with(const std::string& flavour, const PredictCase& c, std::string* raw_text) {
  const std::string dir = test::vectors_dir();
  const std::string pred = test::temp_dir() + "/oracle_" + flavour + "_" + c.pred;
  const std::string raw = pred + ".raw";
  std::vector<std::string> args = {"-t", "-i", dir + "/" + flavour + "/" + c.model, "-d", dir + "/data/" + c.data,
                                   "-p", pred, "--quiet"};
  if (c.raw) args.insert(args.end(), {"-r", raw});
  args.insert(args.end(), c.flags.begin(), c.flags.end());
  std::string err;
  EXPECT_EQ(test::run_vw(args, &err), 0) << err;
  if (raw_text && c.raw) *raw_text = test::read_file(raw);
  return test::lines(test::read_file(pred));
}

TEST(VwOracleModels, PredictionsEqualVwExactText) {
  PRAXI_REQUIRE_VECTORS();
  for (const PredictCase& c : cases()) {
    SCOPED_TRACE(std::string(c.model) + " -> " + c.pred);
    std::string raw;
    const auto got = predict_with("out_std", c, &raw);
    EXPECT_EQ(got, test::lines(test::read_file(test::vectors_dir() + "/out_std/" + c.pred)));
    if (c.raw) {
      EXPECT_EQ(raw, test::read_file(test::vectors_dir() + "/out_std/" + c.raw));
    }
  }
}

// The class a -p line names (argmax for probability lines).
std::string decision(const std::string& line) {
  if (line.find(':') == std::string::npos) return test::split_ws(line).empty() ? "" : test::split_ws(line)[0];
  std::string best;
  double bestp = -1;
  for (const std::string& t : test::split_ws(line)) {
    const size_t c = t.find(':');
    if (c == std::string::npos) continue;
    const double p = std::stod(t.substr(c + 1));
    if (p > bestp) {
      bestp = p;
      best = t.substr(0, c);
    }
  }
  return best;
}

TEST(VwOracleModels, ClassDecisionsEqualDefaultVwBuild) {
  PRAXI_REQUIRE_VECTORS();
  for (const PredictCase& c : cases()) {
    SCOPED_TRACE(std::string("out_simd/") + c.model + " -> " + c.pred);
    const auto got = predict_with("out_simd", c, nullptr);
    const auto want = test::lines(test::read_file(test::vectors_dir() + "/out_simd/" + c.pred));
    ASSERT_EQ(got.size(), want.size());
    for (size_t i = 0; i < got.size(); ++i) EXPECT_EQ(decision(got[i]), decision(want[i])) << "line " << i + 1;
  }
}

TEST(VwOracleModels, ResumedTrainingContinuesLikeVw) {
  PRAXI_REQUIRE_VECTORS();
  // a_oaa5_resume: -i a_oaa5.vw, keep training on mc_test (only class 0's gd state is in the file).
  const std::string dir = test::vectors_dir();
  const std::string pred = test::temp_dir() + "/resume.pred";
  const std::string model = test::temp_dir() + "/resumed.vw";
  const std::string readable = test::temp_dir() + "/resumed.readable.txt";
  ASSERT_EQ(test::run_vw({"-i", dir + "/out_std/a_oaa5.vw", "-d", dir + "/data/mc_test.txt", "-f", model, "-p", pred,
                          "--readable_model", readable}),
            0);
  EXPECT_EQ(test::read_file(pred), test::read_file(dir + "/out_std/a_oaa5_resume.pred"));
  EXPECT_EQ(test::read_bytes(model), test::read_bytes(dir + "/out_std/a_oaa5_resumed.vw"));
  EXPECT_EQ(test::read_file(readable), test::read_file(dir + "/out_std/a_oaa5_resumed.readable.txt"));
}

}  // namespace
}  // namespace praxi::vw
