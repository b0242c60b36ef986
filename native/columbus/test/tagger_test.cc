#include <gtest/gtest.h>

#include <algorithm>

#include "praxi/columbus/columbus.h"

using praxi::columbus::Error;
using praxi::columbus::FilterList;
using praxi::columbus::Options;
using praxi::columbus::Tagger;
using praxi::columbus::TagSet;

namespace {

std::vector<std::string> run(const std::vector<std::string>& changes, std::uint32_t threshold = 2, const FilterList* f = nullptr) {
  Options o;
  o.threshold = threshold;
  o.filter = f;
  const TagSet t = praxi::columbus::tag(changes, o);
  std::vector<std::string> out;
  for (std::size_t i = 0; i < t.size(); ++i) out.push_back(std::string(t.tag(i)) + ":" + std::to_string(t.counts[i]));
  return out;
}

}  // namespace

TEST(Tagger, WorkedExampleFromSpec) {
  EXPECT_EQ(run({"/opt/nginx/nginx.conf", "/opt/nginx/nginx.pid", "/var/log/nginx/access.log"}),
            std::vector<std::string>({"nginx.:2"}));
}

TEST(Tagger, ThresholdZeroKeepsEveryPrefixInCreationOrder) {
  EXPECT_EQ(run({"/abcd"}, 0), std::vector<std::string>({"abcd:1", "abc:1"}));
}

TEST(Tagger, CountsDuplicatesAndLinksThroughExistingPrefixes) {
  // "abce" is new but "abc" exists: abc gains a second child and its count goes up.
  EXPECT_EQ(run({"/abcd", "/abcd", "/abce"}, 1), std::vector<std::string>({"abc:3"}));
}

TEST(Tagger, RepeatedTokenCountsWholeChain) {
  EXPECT_EQ(run({"/abcdef/abcdef", "/abcdeg"}, 0),
            std::vector<std::string>({"abcdef:2", "abcde:3", "abcd:3", "abc:3", "abcdeg:1"}));
}

TEST(Tagger, SkipWordsAreCheckedBeforeColonRemoval) {
  // "us:r" is not a skip word as split; after removing ':' it is "usr" and counted.
  EXPECT_EQ(run({"/us:r/usr"}, 0), std::vector<std::string>({"usr:1"}));
}

TEST(Tagger, CodePointsNotBytes) {
  EXPECT_EQ(run({"/\xF0\x9F\x98\x80\xF0\x9F\x98\x81\xF0\x9F\x98\x82"}, 0),
            std::vector<std::string>({"\xF0\x9F\x98\x80\xF0\x9F\x98\x81\xF0\x9F\x98\x82:1"}));
  EXPECT_EQ(run({"/\xC3\xA9t"}, 0), std::vector<std::string>());
}

TEST(Tagger, FilterRemovesExactMatchesOnly) {
  const FilterList f = FilterList::parse("nginx.\r\nother\n");
  EXPECT_EQ(f.size(), 2u);
  EXPECT_EQ(run({"/opt/nginx/nginx.conf", "/opt/nginx/nginx.pid"}, 2, &f), std::vector<std::string>());
  EXPECT_EQ(run({"/opt/nginx/nginx.conf", "/opt/nginx/nginx.pid"}, 1, &f),
            std::vector<std::string>({"nginx:4", "ngin:4", "ngi:4", "nginx.con:1", "nginx.co:1", "nginx.c:1", "nginx.pi:1",
                                      "nginx.p:1"}));
}

TEST(Tagger, InvalidUtf8NamesTheEntry) {
  Tagger t;
  t.add("/fine/path");
  try {
    t.add(std::string("/bad/\xC3\x28", 7));
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), "INVALID_UTF8");
    EXPECT_EQ(e.entry(), 1u);
    EXPECT_NE(std::string(e.what()).find("byte offset 5"), std::string::npos);
  }
  EXPECT_EQ(t.changes_seen(), 1u);
}

TEST(Tagger, ManyDistinctTokensGrowTheTable) {
  std::vector<std::string> changes;
  for (int i = 0; i < 50000; ++i) changes.push_back("/opt/pkg" + std::to_string(i) + "/file" + std::to_string(i % 7));
  const auto tags = run(changes, 2);
  ASSERT_GE(tags.size(), 2u);
  EXPECT_EQ(tags.front(), "pkg:50000");
  EXPECT_NE(std::find(tags.begin(), tags.end(), "file:50000"), tags.end());
}

// Regression (docs/reliability.md): tag text grows with the square of a component's length; one
// 100 kB component used to make finish() build ~5 GB of text. Now a clear CHANGESET_TOO_LARGE.
TEST(Tagger, HugeComponentIsRefusedNotAllocated) {
  praxi::columbus::Tagger tagger;
  tagger.add("/usr/share/" + std::string(100000, 'x') + "/end");
  praxi::columbus::Options options;
  options.threshold = 1;
  try {
    tagger.finish(options);
    FAIL() << "expected CHANGESET_TOO_LARGE";
  } catch (const praxi::columbus::Error& e) {
    EXPECT_EQ(e.code(), "CHANGESET_TOO_LARGE");
  }
  // A long but real-world component (NAME_MAX 255 bytes) is fine.
  praxi::columbus::Tagger ok;
  ok.add("/usr/share/" + std::string(255, 'y'));
  EXPECT_GT(ok.finish(options).size(), 250u);
}

TEST(Tagger, CountsEqualTokensStartingWithEachPrefix) {
  // Counts are summed from the longest keys down in finish(); whatever the order tokens arrive in
  // (a prefix seen as a token before, between and after its extensions), a tag's count is the
  // number of tokens that begin with it.
  const std::vector<std::string> tokens = {"abc", "abcdef", "abcd", "abc", "abx", "abcdeg", "abcd", "zz\xc3\xa9z", "zz\xc3\xa9"};
  std::vector<std::string> changes;
  for (std::size_t i = 0; i < tokens.size(); ++i) changes.push_back("/" + tokens[i] + "/" + tokens[(i * 5) % tokens.size()]);
  const TagSet t = praxi::columbus::tag(changes, Options{0, nullptr});
  ASSERT_GT(t.size(), 0u);
  for (std::size_t i = 0; i < t.size(); ++i) {
    const std::string tag(t.tag(i));
    std::uint32_t expected = 0;
    for (const std::string& c : changes) {
      for (std::size_t a = 1, b; a <= c.size(); a = b + 1) {
        b = std::min(c.find('/', a), c.size());
        if (c.compare(a, tag.size(), tag) == 0 && b - a >= tag.size()) ++expected;
      }
    }
    EXPECT_EQ(t.counts[i], expected) << tag;
  }
}
