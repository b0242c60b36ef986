// Fuzz target: the VW text example parser (TextParser / Model::parse_line) and one learn + predict per
// parsed example. Input layout: byte 0 = label type (bits 0-1), --hash all (bit 2), --noconstant
// (bit 3), learn (bit 4); byte 1 = -b 1..32 (low 5 bits); the rest is split on '\n' into lines.
// Invariants: the only exception is praxi::vw::Error with code VW_PARSE; every feature index fits the
// bit mask (except VW's unmasked constant); namespace spans tile the feature list; learning on a parsed
// example never crashes or trips UBSan (NaN/inf/huge values, out-of-range classes).
#include <string>
#include <string_view>

#include "fuzz_common.h"
#include "praxi/vw/error.h"
#include "praxi/vw/hash.h"
#include "praxi/vw/model.h"
#include "praxi/vw/text_parser.h"

using namespace praxi::vw;

namespace {

std::vector<std::string> model_args(LabelType t, bool hash_all, bool noconstant, unsigned bits) {
  std::vector<std::string> a;
  switch (t) {
    case LabelType::Simple: break;
    case LabelType::Multiclass: a = {"--oaa", "4"}; break;
    case LabelType::CostSensitive: a = {"--csoaa", "4"}; break;
    case LabelType::Multilabel: a = {"--multilabel_oaa", "4"}; break;
  }
  a.push_back("-b");
  a.push_back(std::to_string(bits));
  if (hash_all) a.insert(a.end(), {"--hash", "all"});
  if (noconstant) a.push_back("--noconstant");
  return a;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  const LabelType type = static_cast<LabelType>(data[0] & 3);
  const bool hash_all = (data[0] & 4) != 0;
  const bool noconstant = (data[0] & 8) != 0;
  const bool learn = (data[0] & 16) != 0;
  const unsigned bits = 1 + (data[1] & 31);
  const std::string_view text(reinterpret_cast<const char*>(data) + 2, size - 2);

  ParseConfig cfg;
  cfg.label_type = type;
  cfg.hash = hash_all ? HashMode::All : HashMode::Strings;
  cfg.bits = bits;
  cfg.add_constant = !noconstant;
  const TextParser parser(cfg);
  const uint64_t mask = (1ULL << bits) - 1;
  // Learning allocates weights for every feature seen: keep the table small.
  const unsigned learn_bits = bits > 12 ? 12 : bits;
  Model model = Model::create(model_args(type, hash_all, noconstant, learn_bits));

  Example ex;
  Example ex2;
  Prediction pred;
  uint64_t line_no = 0;
  praxi::fuzz::split(text, '\n', [&](std::string_view line) {
    ++line_no;
    std::string warning;
    bool got = false;
    try {
      got = parser.parse_line(line, ex, line_no, &warning);
    } catch (const Error& e) {
      PRAXI_FUZZ_CHECK(e.code() == errc::kParse);
      return;
    }
    if (!got) return;
    PRAXI_FUZZ_CHECK(ex.label_type == type);
    uint32_t next = 0;
    for (const auto& ns : ex.namespaces) {
      PRAXI_FUZZ_CHECK(ns.begin == next && ns.end >= ns.begin && ns.end <= ex.features.size());
      next = ns.end;
    }
    PRAXI_FUZZ_CHECK(next == ex.features.size());
    for (const auto& f : ex.features) PRAXI_FUZZ_CHECK(f.index <= mask || f.index == kConstantHash);

    // The same line through the model (its own parser config) and the learner.
    try {
      if (!model.parse_line(line, ex2, line_no)) return;
      if (learn) model.learn(ex2, pred);
      else model.predict(ex2, pred);
    } catch (const Error& e) {
      PRAXI_FUZZ_CHECK(e.code() == errc::kParse || e.code() == errc::kArgs);
    }
  });
  return 0;
}
