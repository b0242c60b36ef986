// Fuzz target: Columbus (praxi::columbus::Tagger add/finish) on arbitrary bytes.
// Input layout: byte 0 picks the threshold (1..4) and whether a filter list is used; the rest is split
// on '\n' into change strings. Invariants: a valid UTF-8 change never throws; an invalid one throws
// Error("INVALID_UTF8") naming that entry and nothing else; finish() never throws, its tags are valid
// UTF-8, non-empty, unique, with counts >= the threshold and a consistent flat layout.
#include <set>
#include <string>
#include <string_view>

#include "fuzz_common.h"
#include "praxi/columbus/columbus.h"

namespace col = praxi::columbus;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const unsigned mode = data[0];
  const std::string_view rest(reinterpret_cast<const char*>(data) + 1, size - 1);
  col::Options options;
  options.threshold = 1 + (mode & 3);
  static const col::FilterList filter = col::FilterList::parse("usr\nlib\nshare\nbin\nx86_64\n");
  if (mode & 4) options.filter = &filter;

  col::Tagger tagger;
  std::size_t index = 0;
  std::size_t accepted = 0;
  praxi::fuzz::split(rest, '\n', [&](std::string_view change) {
    const bool valid = praxi::fuzz::valid_utf8(change);
    try {
      tagger.add(change);
      PRAXI_FUZZ_CHECK(valid);
      ++accepted;
    } catch (const col::Error& e) {
      PRAXI_FUZZ_CHECK(!valid);
      PRAXI_FUZZ_CHECK(e.code() == "INVALID_UTF8");
    }
    ++index;
  });
  PRAXI_FUZZ_CHECK(tagger.changes_seen() == accepted || tagger.changes_seen() == index);
  const col::TagSet tags = tagger.finish(options);
  PRAXI_FUZZ_CHECK(tags.ends.size() == tags.counts.size());
  std::uint32_t prev_end = 0;
  std::set<std::string_view> seen;
  for (std::size_t i = 0; i < tags.size(); ++i) {
    PRAXI_FUZZ_CHECK(tags.ends[i] >= prev_end && tags.ends[i] <= tags.text.size());
    prev_end = tags.ends[i];
    const std::string_view t = tags.tag(i);
    PRAXI_FUZZ_CHECK(!t.empty());
    PRAXI_FUZZ_CHECK(praxi::fuzz::valid_utf8(t));
    PRAXI_FUZZ_CHECK(tags.counts[i] >= options.threshold);
    PRAXI_FUZZ_CHECK(seen.insert(t).second);
    if (options.filter) PRAXI_FUZZ_CHECK(!options.filter->contains(t));
  }
  PRAXI_FUZZ_CHECK(prev_end == tags.text.size());
  return 0;
}
