// Fuzz target: the changeset YAML fast path (praxi::changeset::parse_yaml_fast).
// Invariants: never crashes or reads outside the input (the input is an exactly sized heap buffer under
// ASan); when it answers `ok`, every string it returns is valid UTF-8 (escapes and folding may put
// line breaks and NULs in it), the change list is non-empty, parsing is deterministic, and a change
// sink gets the same answer and exactly the changes the list holds. The corpus
// holds PyYAML's shapes (seed-corpus.py: escapes, folded scalars, flow collections, markers).
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_common.h"
#include "praxi/changeset/fast_parse.h"

using praxi::changeset::Changeset;
using praxi::changeset::FastParse;

namespace {

void check_string(const std::string& s) { PRAXI_FUZZ_CHECK(praxi::fuzz::valid_utf8(s)); }

struct Collect final : praxi::changeset::ChangeSink {
  std::vector<std::string> changes;
  void change(std::string_view c) override { changes.emplace_back(c); }
};

bool same(const Changeset& a, const Changeset& b) {
  return a.changes == b.changes && a.label == b.label && a.labels == b.labels && a.id == b.id &&
         a.open_time == b.open_time && a.close_time == b.close_time;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(data ? reinterpret_cast<const char*>(data) : "", size);
  Changeset out;
  const FastParse result = praxi::changeset::parse_yaml_fast(text, out);
  Collect sink;
  Changeset streamed;
  PRAXI_FUZZ_CHECK(praxi::changeset::parse_yaml_fast(text, streamed, sink) == result);
  if (result != FastParse::ok) return 0;
  PRAXI_FUZZ_CHECK(sink.changes == out.changes && streamed.changes.empty());
  streamed.changes = sink.changes;
  PRAXI_FUZZ_CHECK(same(out, streamed));
  PRAXI_FUZZ_CHECK(!out.changes.empty());
  for (const auto& c : out.changes) check_string(c);  // '' is a legal (empty) entry
  if (out.label) check_string(*out.label);
  if (out.id) check_string(*out.id);
  if (out.labels) {
    PRAXI_FUZZ_CHECK(!out.labels->empty());
    for (const auto& l : *out.labels) check_string(l);
  }
  Changeset again;
  PRAXI_FUZZ_CHECK(praxi::changeset::parse_yaml_fast(text, again) == FastParse::ok);
  PRAXI_FUZZ_CHECK(same(out, again));
  return 0;
}
