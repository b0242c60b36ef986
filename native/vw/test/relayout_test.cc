// Model::with_classes: the grown model holds every weight where vw indexes it for the new class count.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "praxi/vw/error.h"
#include "praxi/vw/hash.h"
#include "praxi/vw/model.h"

namespace praxi::vw {
namespace {

// Slot `k` (0 weight, 1 adaptive sum, 2 normalizer) of vw's weight index `index`, 0 when never written.
float slot_at(const Model& m, uint64_t index, int k = 0) {
  const SparseWeights& w = m.gd().weights();
  uint64_t block;
  uint32_t lane;
  if (!w.split(index, block, lane)) return 0.f;
  const float* p = w.find(block);
  return p ? p[lane * SparseWeights::kSlotFloats + k] : 0.f;
}

uint64_t index_of(const Model& m, uint64_t hash, uint32_t cls) {
  const uint64_t mask = (1ULL << m.gd().bits()) - 1;
  return (hash * interleave_width(m.num_classes()) + cls) & mask;
}

Model trained(const std::vector<std::string>& args, const std::vector<std::string>& lines, int passes = 3) {
  Model m = Model::create(args);
  Example ex;
  Prediction p;
  for (int pass = 0; pass < passes; ++pass)
    for (const std::string& l : lines) {
      m.parse_line(l, ex);
      m.learn(ex, p);
    }
  return m;
}

const std::vector<std::string> kOaa3 = {"1 | apache httpd conf:2", "2 | nginx conf:3 sites", "3 | mysql server lib:4",
                                        "1 | apache2 mods:2 httpd", "2 | nginx-common www", "3 | mariadb lib:2 server"};

// Every feature hash of `lines` (and the constant) as the parser produces it.
std::vector<uint64_t> hashes_of(const Model& m, const std::vector<std::string>& lines) {
  std::vector<uint64_t> out;
  Example ex;
  for (const std::string& l : lines) {
    m.parse_line(l, ex);
    for (const Feature& f : ex.features) out.push_back(f.index);
  }
  return out;
}

TEST(VwRelayout, StrideGrowsWeightsMoveToVwsIndex) {
  const Model small = trained({"--oaa", "3", "-b", "18"}, kOaa3);
  RelayoutStats st;
  const Model big = small.with_classes(5, &st);  // stride 4 -> 8
  EXPECT_EQ(st.old_interleave, 4u);
  EXPECT_EQ(st.new_interleave, 8u);
  EXPECT_EQ(st.merged, 0u);
  EXPECT_GT(st.slots, 0u);
  EXPECT_EQ(big.num_classes(), 5u);
  EXPECT_EQ(big.options_string(), " --oaa 5");
  for (uint64_t h : hashes_of(small, kOaa3)) {
    for (uint32_t c = 0; c < 3; ++c)
      for (int k = 0; k < 3; ++k)
        EXPECT_EQ(slot_at(big, index_of(big, h, c), k), slot_at(small, index_of(small, h, c), k)) << h << " " << c;
    for (uint32_t c = 3; c < 5; ++c) EXPECT_EQ(slot_at(big, index_of(big, h, c)), 0.f);
  }
  // The old classes score as before; the new ones score 0 (raw oaa scores).
  Example ex;
  Prediction a, b;
  Model s = Model::load(small.save()), g = Model::load(big.save());
  for (const std::string& l : kOaa3) {
    s.parse_line(l, ex);
    s.predict(ex, a);
    g.predict(ex, b);
    ASSERT_EQ(b.scores.size(), 5u);
    for (uint32_t c = 0; c < 3; ++c) EXPECT_EQ(a.scores[c], b.scores[c]) << l;
    EXPECT_EQ(a.class_label, b.class_label);
  }
}

TEST(VwRelayout, KeepsResumeStateAndFileShape) {
  const Model small = trained({"--oaa", "3", "-b", "18"}, kOaa3);
  const Model big = small.with_classes(4);  // same stride: only the options string changes
  const std::vector<uint8_t> a = small.save(), b = big.save();
  const Model back = Model::load(b);
  EXPECT_EQ(back.num_classes(), 4u);
  EXPECT_EQ(back.stats().t, small.stats().t);
  EXPECT_EQ(back.gd().states()[0].normalized_sum_norm_x, small.gd().states()[0].normalized_sum_norm_x);
  EXPECT_EQ(back.gd().states()[0].total_weight, small.gd().states()[0].total_weight);
  // Same weights at the same indices: the files differ by the options string (" --oaa 4") and checksum.
  EXPECT_EQ(a.size(), b.size());
  const std::string ra = small.readable(), rb = big.readable();
  EXPECT_EQ(ra.substr(ra.find("\n:1\n")), rb.substr(rb.find("\n:1\n")));
}

TEST(VwRelayout, GrownModelLearnsTheNewClasses) {
  Model big = trained({"--oaa", "3", "-b", "18"}, kOaa3).with_classes(6);
  Example ex;
  Prediction p;
  for (int pass = 0; pass < 5; ++pass)
    for (const char* l : {"5 | php cli:3 opcache", "6 | redis server:2 cli", "1 | apache httpd conf:2"}) {
      big.parse_line(l, ex);
      big.learn(ex, p);
    }
  big.parse_line("| php opcache cli:3", ex);
  big.predict(ex, p);
  EXPECT_EQ(p.class_label, 5u);
  big.parse_line("| mysql server lib:4", ex);
  big.predict(ex, p);
  EXPECT_EQ(p.class_label, 3u);
}

TEST(VwRelayout, CsoaaCostsOfOldClassesUnchanged) {
  const std::vector<std::string> lines = {"1:0 2:1 3:1 | apache httpd", "1:1 2:0 3:1 | nginx sites",
                                          "1:1 2:1 3:0 | mysql lib", "1:0 2:0 3:1 | apache nginx"};
  const Model small = trained({"--csoaa", "3", "-b", "20"}, lines);
  const Model big = small.with_classes(9);  // stride 4 -> 16
  Example ex;
  Prediction a, b;
  for (const char* t : {"| apache", "| nginx sites", "| mysql lib apache"}) {
    small.parse_line(t, ex);
    Model s = Model::load(small.save()), g = Model::load(big.save());
    s.predict(ex, a);
    g.predict(ex, b);
    ASSERT_EQ(b.scores.size(), 9u);
    for (uint32_t c = 0; c < 3; ++c) EXPECT_EQ(a.scores[c], b.scores[c]) << t;
  }
}

TEST(VwRelayout, CollisionsMergeLikeSharedWeights) {
  // -b 4 and oaa 2 (stride 2): 8 feature buckets; with 3 classes (stride 4) only 4 remain.
  const Model small = trained({"--oaa", "2", "-b", "4"}, {"1 | a b c d e f", "2 | g h i j k l", "1 | a m n"});
  RelayoutStats st;
  const Model big = small.with_classes(3, &st);
  EXPECT_GT(st.merged, 0u);
  for (uint64_t bucket = 0; bucket < 4; ++bucket)
    for (uint32_t c = 0; c < 2; ++c) {
      const uint64_t lo = bucket * 2 + c, hi = (bucket + 4) * 2 + c;  // the two old slots of new slot (bucket, c)
      const uint64_t to = bucket * 4 + c;
      EXPECT_FLOAT_EQ(slot_at(big, to, 0), slot_at(small, lo, 0) + slot_at(small, hi, 0));
      EXPECT_FLOAT_EQ(slot_at(big, to, 1), slot_at(small, lo, 1) + slot_at(small, hi, 1));
      EXPECT_EQ(slot_at(big, to, 2), std::max(slot_at(small, lo, 2), slot_at(small, hi, 2)));
    }
}

TEST(VwRelayout, Refusals) {
  const Model m = trained({"--oaa", "3", "-b", "18"}, kOaa3, 1);
  try {
    (void)m.with_classes(2);
    FAIL() << "shrinking must throw";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), errc::kArgs);
    EXPECT_NE(std::string(e.what()).find("from 3 to 2"), std::string::npos);
  }
  EXPECT_THROW((void)Model::create({"-b", "18"}).with_classes(2), Error);
  EXPECT_THROW((void)Model::create({"--oaa", "2", "-b", "2"}).with_classes(5), Error);  // stride 8 > 2^2
  EXPECT_EQ(m.with_classes(3).save(), m.save());  // the same count is a plain copy
}

}  // namespace
}  // namespace praxi::vw
