// run_passes over in-memory examples (the addon's path) against the command-line driver and vw-exact:
// same model bytes for one pass, for --passes 3 with holdout, and after an early stop (the snapshot of the
// last improving pass is the result).
#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdlib>

#include "praxi/vw/model.h"
#include "praxi/vw/passes.h"
#include "vectors.h"

namespace praxi::vw {
namespace {

std::vector<Example> parse_all(const Model& m, const std::string& file) {
  std::vector<Example> out;
  for (const std::string& line : test::lines(test::read_file(file))) {
    out.emplace_back();
    if (!m.parse_line(line, out.back())) out.pop_back();
  }
  return out;
}

class Snapshots final : public PassObserver {
 public:
  void on_snapshot(Model& m, uint32_t pass) override {
    snapshot.capture(m);
    passes.push_back(pass);
  }
  void on_example(Model&, const Example&, const Prediction&, const ExampleContext& ctx) override {
    if (ctx.holdout) ++held_out;
  }
  ModelSnapshot snapshot;
  std::vector<uint32_t> passes;
  uint64_t held_out = 0;
};

// Trains like `vw <args> -d data -c -k --passes N` through run_passes and returns the model bytes.
std::vector<uint8_t> train_in_memory(const std::vector<std::string>& args, const std::string& data, uint32_t passes,
                                     PassResult* result = nullptr, Snapshots* obs = nullptr) {
  Model m = Model::create(args);
  const std::vector<Example> examples = parse_all(m, data);
  VectorExampleSource source(examples);
  Snapshots local;
  Snapshots& o = obs ? *obs : local;
  PassOptions options;
  options.passes = passes;
  const PassResult r = run_passes(m, source, options, o);
  if (r.early_terminated) o.snapshot.restore(m);
  if (result) *result = r;
  return m.save();
}

TEST(VwPasses, OnePassEqualsOracle) {
  PRAXI_REQUIRE_VECTORS();
  const std::string dir = test::vectors_dir();
  EXPECT_EQ(train_in_memory({"--oaa", "5", "-b", "18"}, dir + "/data/mc_train.txt", 1),
            test::read_bytes(dir + "/out_std/a_oaa5.vw"));
  EXPECT_EQ(train_in_memory({"--csoaa", "5", "-b", "18"}, dir + "/data/cs_train.txt", 1),
            test::read_bytes(dir + "/out_std/d_csoaa5.vw"));
}

TEST(VwPasses, ThreePassesWithHoldoutEqualOracle) {
  PRAXI_REQUIRE_VECTORS();
  const std::string dir = test::vectors_dir();
  PassResult r;
  Snapshots obs;
  EXPECT_EQ(train_in_memory({"--oaa", "5", "-b", "18"}, dir + "/data/mc_train.txt", 3, &r, &obs),
            test::read_bytes(dir + "/out_std/f_oaa5_passes3.vw"));
  EXPECT_EQ(r.passes_used, 3u);
  EXPECT_TRUE(r.holdout_mode);
  EXPECT_FALSE(r.early_terminated);
  EXPECT_EQ(obs.held_out, 60u);  // every 10th of 200, in each of 3 passes
  ASSERT_TRUE(r.best_holdout_loss.has_value());
}

TEST(VwPasses, EarlyStopKeepsTheLastImprovingPassLikeTheDriver) {
  PRAXI_REQUIRE_VECTORS();
  const std::string dir = test::vectors_dir(), tmp = test::temp_dir();
  PassResult r;
  Snapshots obs;
  const auto in_memory = train_in_memory({"--oaa", "5", "-b", "18"}, dir + "/data/mc_train.txt", 20, &r, &obs);
  EXPECT_TRUE(r.early_terminated);
  EXPECT_LT(r.passes_used, 20u);
  ASSERT_FALSE(obs.passes.empty());
  EXPECT_EQ(obs.passes.back() + 4, r.passes_used);  // 3 passes without improvement after the snapshot
  const std::string model = tmp + "/passes_early.vw";
  ASSERT_EQ(test::run_vw({"--oaa", "5", "-b", "18", "--passes", "20", "-c", "-k", "--cache_file", tmp + "/pe.cache",
                          "-d", dir + "/data/mc_train.txt", "-f", model}),
            0);
  EXPECT_EQ(in_memory, test::read_bytes(model));
  // And the real vw-exact, when the oracle binary is around.
  const std::string vw_exact = test::shared_dir() + "/vw/vw-exact";
  if (::access(vw_exact.c_str(), X_OK) == 0) {
    const std::string cmd = vw_exact + " --oaa 5 -b 18 --passes 20 -c -k --cache_file " + tmp +
                            "/pe2.cache -d " + dir + "/data/mc_train.txt -f " + tmp + "/passes_early_vw.vw 2>/dev/null";
    ASSERT_EQ(std::system(cmd.c_str()), 0);
    EXPECT_EQ(in_memory, test::read_bytes(tmp + "/passes_early_vw.vw"));
  }
}

TEST(VwPasses, SnapshotRestoreGivesTheCapturedBytes) {
  PRAXI_REQUIRE_VECTORS();
  const std::string dir = test::vectors_dir();
  Model m = Model::create({"--oaa", "5", "-b", "18", "-l", "0.7", "--decay_learning_rate", "0.5"});
  const std::vector<Example> examples = parse_all(m, dir + "/data/mc_train.txt");
  VectorExampleSource source(examples);
  PassObserver none;
  run_passes(m, source, PassOptions{}, none);
  ModelSnapshot s;
  s.capture(m);
  const auto before = m.save();
  const float eta = m.gd().config().eta;
  source.rewind();
  PassOptions two;
  two.passes = 2;
  two.holdout_off = true;
  run_passes(m, source, two, none);
  EXPECT_NE(m.save(), before);
  s.restore(m);
  EXPECT_EQ(m.save(), before);
  EXPECT_EQ(m.gd().config().eta, eta);
}

TEST(VwPasses, ExamplesLimitStopsAcrossPasses) {
  Model m = Model::create({"--oaa", "3"});
  std::vector<Example> examples(7);
  for (size_t i = 0; i < examples.size(); ++i) ASSERT_TRUE(m.parse_line(std::to_string(i % 3 + 1) + " | a b", examples[i]));
  VectorExampleSource source(examples);
  PassObserver none;
  PassOptions o;
  o.passes = 5;
  o.examples = 17;
  const PassResult r = run_passes(m, source, o, none);
  EXPECT_EQ(r.examples, 17u);
  EXPECT_EQ(r.passes_used, 3u);
}

}  // namespace
}  // namespace praxi::vw
