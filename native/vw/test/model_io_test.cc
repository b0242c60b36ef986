#include <gtest/gtest.h>

#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>

#include "praxi/vw/error.h"
#include "praxi/vw/hash.h"
#include "praxi/vw/model.h"
#include "vectors.h"

namespace praxi::vw {
namespace {

// An independent reader of the VW 9 header (the layout of vw.md, step by step) used to check files.
struct Header {
  std::string version, id, options;
  float min_label = 0, max_label = 0;
  uint32_t bits = 0, checksum = 0, computed = 0;
  size_t body_offset = 0;
};

Header read_header(const std::vector<uint8_t>& b) {
  Header h;
  size_t p = 0;
  uint32_t hash = 0;
  bool hashing = false;
  auto take = [&](size_t n) {
    const uint8_t* q = b.data() + p;
    if (hashing) hash = murmur3_32(q, n, hash);
    p += n;
    return q;
  };
  auto u32 = [&] {
    uint32_t v;
    std::memcpy(&v, take(4), 4);
    return v;
  };
  auto str = [&] {
    const uint32_t n = u32();
    const uint8_t* q = take(n);
    return std::string(reinterpret_cast<const char*>(q), n - 1);
  };
  h.version = str();
  hashing = true;
  h.id = str();
  EXPECT_EQ(*take(1), 'm');
  std::memcpy(&h.min_label, take(4), 4);
  std::memcpy(&h.max_label, take(4), 4);
  h.bits = u32();
  EXPECT_EQ(u32(), 0u);  // lda
  EXPECT_EQ(u32(), 0u);  // ngram
  EXPECT_EQ(u32(), 0u);  // skip
  h.options = str();
  h.computed = hash;
  hashing = false;
  EXPECT_EQ(u32(), 4u);
  h.checksum = u32();
  h.body_offset = p;
  return h;
}

TEST(VwModelIo, HeaderLayoutEqualsVwForSameRun) {
  PRAXI_REQUIRE_VECTORS();
  const std::string dir = test::vectors_dir();
  struct Case {
    std::vector<std::string> args;
    const char* vw_model;
  } cases[] = {
      {{"--oaa", "5", "-b", "18", "-d", dir + "/data/mc_train.txt"}, "a_oaa5.vw"},
      {{"--csoaa", "5", "-b", "18", "-d", dir + "/data/cs_train.txt"}, "d_csoaa5.vw"},
      {{"--multilabel_oaa", "5", "-b", "18", "-d", dir + "/data/ml_train.txt"}, "c_mloaa5.vw"},
      {{"-b", "18", "-d", dir + "/data/reg_train.txt"}, "e_reg.vw"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.vw_model);
    const std::string ours = test::temp_dir() + "/io_" + c.vw_model;
    auto args = c.args;
    args.insert(args.end(), {"-f", ours});
    ASSERT_EQ(test::run_vw(args), 0);
    const auto a = test::read_bytes(ours), b = test::read_bytes(dir + "/out_std/" + c.vw_model);
    const Header ha = read_header(a), hb = read_header(b);
    EXPECT_EQ(ha.version, "9.11.2");
    EXPECT_EQ(ha.version, hb.version);
    EXPECT_EQ(ha.id, hb.id);
    EXPECT_EQ(ha.options, hb.options);
    EXPECT_EQ(ha.bits, hb.bits);
    EXPECT_EQ(ha.min_label, hb.min_label);
    EXPECT_EQ(ha.max_label, hb.max_label);
    EXPECT_EQ(ha.checksum, ha.computed);  // chained murmur over the header chunks
    EXPECT_EQ(ha.checksum, hb.checksum);
    EXPECT_EQ(ha.body_offset, hb.body_offset);
    EXPECT_EQ(a, b);  // and in fact the whole file
  }
}

TEST(VwModelIo, OptionsStringLikeVw) {
  // Observed with vw-exact: keep options only, sorted by name, floats printed like a double.
  EXPECT_EQ(Model::create({"--oaa", "5"}).options_string(), " --oaa 5");
  EXPECT_EQ(Model::create({"--oaa", "5", "--noconstant"}).options_string(), " --noconstant --oaa 5");
  EXPECT_EQ(Model::create({"--oaa", "5", "--hash", "all"}).options_string(), " --hash all --oaa 5");
  EXPECT_EQ(Model::create({"--oaa", "5", "--indexing", "1"}).options_string(), " --indexing 1 --oaa 5");
  EXPECT_EQ(Model::create({"--multilabel_oaa", "5", "--probabilities"}).options_string(),
            " --link logistic --multilabel_oaa 5");
  EXPECT_EQ(Model::create({"--sgd", "--loss_function", "hinge"}).options_string(), " --sgd");
  EXPECT_EQ(Model::create({"--oaa", "5", "-l", "1.5", "--power_t", "0.3", "--initial_t", "2"}).options_string(),
            " --learning_rate 1.5 --oaa 5 --power_t 0.300000011920929");
  EXPECT_EQ(Model::create({"--csoaa", "5", "--hash_seed", "3"}).options_string(), " --csoaa 5 --hash_seed 3");
  EXPECT_EQ(Model::create({"--oaa", "80", "--probabilities", "--loss_function", "logistic"}).options_string(),
            " --oaa 80");
}

TEST(VwModelIo, RoundTripKeepsBytesAndPredictions) {
  Model m = Model::create({"--oaa", "4", "-b", "20"});
  Example ex;
  Prediction p;
  const char* lines[] = {"1 | a b:2 c", "2 | b d e:0.5", "3 |ns x y", "4 | a:3 z", "2 | q r", "1 | a"};
  for (int pass = 0; pass < 3; ++pass)
    for (const char* l : lines) {
      ASSERT_TRUE(m.parse_line(l, ex));
      m.learn(ex, p);
    }
  for (bool predict_only : {false, true}) {
    const auto bytes = m.save(predict_only);
    Model back = Model::load(bytes);
    // Loading resets vw's performance counters (example counts, losses), so compare the weights and
    // the learning state rather than the whole resume block.
    EXPECT_EQ(back.save(true), m.save(true));
    EXPECT_EQ(back.readable(true), m.readable(true));
    if (!predict_only) {
      EXPECT_EQ(back.stats().t, m.stats().t);
      EXPECT_EQ(back.gd().states()[0].normalized_sum_norm_x, m.gd().states()[0].normalized_sum_norm_x);
      EXPECT_EQ(back.gd().states()[0].total_weight, m.gd().states()[0].total_weight);
    }
    for (const char* l : lines) {
      Prediction a, b;
      m.parse_line(l, ex);
      m.predict(ex, a);
      back.predict(ex, b);
      EXPECT_EQ(a.scores, b.scores);
      EXPECT_EQ(a.class_label, b.class_label);
    }
  }
}

// open_file reads weight blocks on demand: same predictions as a full load, for full and predict-only
// files, unseen features included; learning and saving are refused.
TEST(VwModelIo, OpenFileOnDemandPredictsLikeLoad) {
  Model m = Model::create({"--oaa", "5", "-b", "18"});
  Example ex;
  Prediction p;
  const char* lines[] = {"1 | a b:2 c", "2 | b d e:0.5", "3 |ns x y", "4 | a:3 z", "5 | q r", "1 | a"};
  for (int pass = 0; pass < 3; ++pass)
    for (const char* l : lines) {
      ASSERT_TRUE(m.parse_line(l, ex));
      m.learn(ex, p);
    }
  const std::string path = ::testing::TempDir() + "praxi_open_file_test.vw";
  for (bool predict_only : {false, true}) {
    m.save_file(path, predict_only);
    Model full = Model::load_file(path);
    Model::FileIdentity id{};
    Model lazy = Model::open_file(path, {}, &id);
    EXPECT_GT(id.size, 0u);
    EXPECT_EQ(lazy.num_classes(), 5u);
    for (const char* l : {"| a b:2 c", "|ns x y", "| never seen", "| a:3 z q r", "| b d e:0.5"}) {
      Prediction a, b;
      ASSERT_TRUE(full.parse_line(l, ex));
      full.predict(ex, a);
      lazy.predict(ex, b);
      EXPECT_EQ(a.scores, b.scores) << l;
      EXPECT_EQ(a.class_label, b.class_label) << l;
    }
    EXPECT_THROW(lazy.save(), Error);
    EXPECT_THROW(lazy.set_test_only(false), Error);
  }
  std::remove(path.c_str());
}

// open_file reads a small first window of the header; a header longer than that (a 100 KB model id)
// must still open, and a file cut inside it must still be refused.
TEST(VwModelIo, OpenFileReadsHeadersLongerThanItsFirstWindow) {
  Model m = Model::create({"--oaa", "3", "-b", "16"});
  Example ex;
  Prediction p;
  for (const char* l : {"1 | a b", "2 | c d", "3 | e f"}) {
    ASSERT_TRUE(m.parse_line(l, ex));
    m.learn(ex, p);
  }
  const std::vector<uint8_t> bytes = m.save();
  const Header h = read_header(bytes);
  auto lenstr = [](std::vector<uint8_t>& out, const std::string& s) {
    const uint32_t n = static_cast<uint32_t>(s.size() + 1);
    out.insert(out.end(), reinterpret_cast<const uint8_t*>(&n), reinterpret_cast<const uint8_t*>(&n) + 4);
    out.insert(out.end(), s.begin(), s.end());
    out.push_back(0);
  };
  std::vector<uint8_t> longer;
  lenstr(longer, h.version);
  lenstr(longer, std::string(100000, 'x'));
  const size_t after_id = 4 + h.version.size() + 1 + 4 + h.id.size() + 1;
  longer.insert(longer.end(), bytes.begin() + static_cast<long>(after_id), bytes.end());
  const Header lh = read_header(longer);
  std::memcpy(longer.data() + lh.body_offset - 4, &lh.computed, 4);
  const std::string path = ::testing::TempDir() + "praxi_open_file_long_header.vw";
  auto write = [&](size_t n) {
    std::ofstream(path, std::ios::binary).write(reinterpret_cast<const char*>(longer.data()), static_cast<std::streamsize>(n));
  };
  write(longer.size());
  Model lazy = Model::open_file(path, {});
  for (const char* l : {"| a b", "| c d", "| e f"}) {
    Prediction a, b;
    ASSERT_TRUE(m.parse_line(l, ex));
    m.predict(ex, a);
    lazy.predict(ex, b);
    EXPECT_EQ(a.scores, b.scores) << l;
  }
  write(80000);
  EXPECT_THROW(Model::open_file(path, {}), Error);
  std::remove(path.c_str());
}

TEST(VwModelIo, ReadableChecksumCoversHeaderText) {
  const std::string r = Model::create({"--oaa", "5"}).readable();
  // Chunks: "Id \n", labels, bits, lda, "0 ngram:", "\n", "0 skip:", "\n", options line.
  uint32_t h = 0;
  for (const char* c : {"Id \n", "Min label:0\n", "Max label:0\n", "bits:18\n", "lda:0\n", "0 ngram:", "\n", "0 skip:",
                        "\n", "options: --oaa 5\n"})
    h = murmur3_32(c, std::strlen(c), h);
  EXPECT_NE(r.find("Checksum: " + std::to_string(h) + "\n"), std::string::npos) << r;
}

int run_shell(const std::string& cmd) { return std::system(cmd.c_str()); }

TEST(VwModelIo, RealVwLoadsOurModelsAndAgrees) {
  PRAXI_REQUIRE_VECTORS();
  const std::string vw = test::shared_dir() + "/vw/vw-exact";
  if (!test::exists(vw)) GTEST_SKIP() << "vw binary not found at " << vw;
  const std::string dir = test::vectors_dir(), tmp = test::temp_dir();
  struct Case {
    std::vector<std::string> train;
    const char* test_data;
    std::vector<std::string> test_flags;
    const char* name;
  } cases[] = {
      {{"--oaa", "5", "-d", dir + "/data/mc_train.txt"}, "mc_test.txt", {}, "oaa"},
      {{"--oaa", "5", "--probabilities", "--loss_function", "logistic", "-d", dir + "/data/mc_train.txt"},
       "mc_test.txt", {"--probabilities", "--loss_function", "logistic"}, "oaaprob"},
      {{"--csoaa", "5", "-d", dir + "/data/cs_train.txt"}, "cs_test.txt", {}, "csoaa"},
      {{"-d", dir + "/data/reg_train.txt", "--predict_only_model"}, "reg_train.txt", {}, "reg"},
      {{"--oaa", "5", "-b", "26", "-l", "1.5", "--passes", "4", "-c", "-k", "--cache_file", tmp + "/rv.cache", "-d",
        dir + "/data/mc_train.txt"},
       "mc_test.txt", {}, "oaa_b26"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    const std::string model = tmp + "/ours_" + c.name + ".vw";
    const std::string ours_pred = tmp + "/ours_" + c.name + ".pred";
    const std::string vw_pred = tmp + "/vw_" + c.name + ".pred";
    auto train = c.train;
    train.insert(train.end(), {"-f", model, "--quiet"});
    ASSERT_EQ(test::run_vw(train), 0);
    std::vector<std::string> t = {"-t", "-i", model, "-d", dir + "/data/" + c.test_data, "-p", ours_pred, "--quiet"};
    t.insert(t.end(), c.test_flags.begin(), c.test_flags.end());
    ASSERT_EQ(test::run_vw(t), 0);
    std::string cmd = vw + " -t -i " + model + " -d " + dir + "/data/" + c.test_data + " -p " + vw_pred + " --quiet";
    for (const auto& f : c.test_flags) cmd += " " + f;
    ASSERT_EQ(run_shell(cmd + " 2>/dev/null"), 0) << cmd;
    EXPECT_EQ(test::read_file(ours_pred), test::read_file(vw_pred));
  }
}

}  // namespace
}  // namespace praxi::vw

namespace praxi::vw {
namespace {

TEST(VwModelIo, EarlyTerminationKeepsTheBestPassModelLikeVw) {
  PRAXI_REQUIRE_VECTORS();
  const std::string vw = test::shared_dir() + "/vw/vw-exact";
  if (!test::exists(vw)) GTEST_SKIP() << "vw binary not found at " << vw;
  // Praxi-like data on which the holdout loss stops improving, so both stop early (vw keeps the model
  // of the last improving pass).
  const std::string tmp = test::temp_dir(), data = tmp + "/early.txt";
  {
    std::ofstream f(data);
    uint32_t s = 1;
    auto r = [&] { return (s = s * 1103515245u + 12345u) >> 8; };
    for (int i = 0; i < 300; ++i) {
      const uint32_t k = 1 + r() % 10;
      f << k << " |";
      for (int j = 0; j < 30; ++j) f << ' ' << (r() % 10 < 6 ? "pkg" + std::to_string(k) + "/f" + std::to_string(r() % 40) : "t" + std::to_string(r() % 2000)) << ':' << 1 + r() % 9;
      f << '\n';
    }
  }
  const std::string flags = " --oaa 10 -b 24 --passes 10 --loss_function logistic --probabilities -l 1.5 -c -k --quiet -d " + data;
  ASSERT_EQ(std::system((vw + flags + " --cache_file " + tmp + "/e1.cache -f " + tmp + "/e_vw.vw 2>/dev/null").c_str()), 0);
  ASSERT_EQ(test::run_vw(split_args(flags + " --cache_file " + tmp + "/e2.cache -f " + tmp + "/e_ours.vw")), 0);
  EXPECT_EQ(test::read_bytes(tmp + "/e_ours.vw"), test::read_bytes(tmp + "/e_vw.vw"));
}

}  // namespace
}  // namespace praxi::vw
