// Unit tests of the changeset fast path. Equality with the `yaml` npm package is checked on the
// TypeScript side (test/changesets/fast.test.ts); here: the grammar, every fallback trigger, and
// memory safety (exact-size heap copies so ASan sees any overread; a mutation fuzz loop).
#include "praxi/changeset/fast_parse.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

namespace cs = praxi::changeset;
using cs::FastParse;

namespace {

// Collects what the reader hands a sink, to compare with the list it fills without one.
struct Collect final : cs::ChangeSink {
  std::vector<std::string> changes;
  void change(std::string_view c) override { changes.emplace_back(c); }
};

// Parses from an exact-size heap copy: reading one byte past the end is an ASan error. Every case
// is read both ways, into out.changes and through a sink: same answer, same changes, same rest.
FastParse parse(const std::string& text, cs::Changeset& out) {
  std::unique_ptr<char[]> buf(new char[text.size() == 0 ? 1 : text.size()]);
  std::memcpy(buf.get(), text.data(), text.size());
  const std::string_view view(buf.get(), text.size());
  const FastParse result = cs::parse_yaml_fast(view, out);
  Collect sink;
  cs::Changeset streamed;
  EXPECT_EQ(cs::parse_yaml_fast(view, streamed, sink), result) << text;
  if (result == FastParse::ok) {
    EXPECT_EQ(sink.changes, out.changes) << text;
    EXPECT_TRUE(streamed.changes.empty());
    EXPECT_EQ(streamed.label, out.label);
    EXPECT_EQ(streamed.labels, out.labels);
    EXPECT_EQ(streamed.id, out.id);
    EXPECT_EQ(streamed.open_time, out.open_time);
    EXPECT_EQ(streamed.close_time, out.close_time);
  }
  return result;
}

bool falls_back(const std::string& text) {
  cs::Changeset out;
  return parse(text, out) == FastParse::fallback;
}

cs::Changeset ok(const std::string& text) {
  cs::Changeset out;
  EXPECT_EQ(parse(text, out), FastParse::ok) << text;
  return out;
}

using Strings = std::vector<std::string>;

}  // namespace

TEST(FastParse, PraxiShape) {
  auto c = ok(
      "changes:\n- '000 /var/lib/apt/extended_states.IJKc5E'\n- 644 /usr/share/doc/emacs-nox/changelog.gz\n"
      "close_time: 1504183734.5927892\nlabel: emacs-nox\nopen_time: 1504183697.509579\n");
  EXPECT_EQ(c.changes, (Strings{"000 /var/lib/apt/extended_states.IJKc5E", "644 /usr/share/doc/emacs-nox/changelog.gz"}));
  EXPECT_EQ(c.label, "emacs-nox");
  EXPECT_FALSE(c.labels.has_value());
  ASSERT_TRUE(c.open_time.has_value());
  EXPECT_DOUBLE_EQ(*c.open_time, 1504183697.509579);
  EXPECT_DOUBLE_EQ(*c.close_time, 1504183734.5927892);
}

TEST(FastParse, KeysInAnyOrderAndLabelsList) {
  auto c = ok("labels:\n- 'a'\n- b==1.0\nid: '25860'\nchanges:\n  - x\n  - y\n");
  EXPECT_EQ(c.changes, (Strings{"x", "y"}));
  EXPECT_EQ(*c.labels, (Strings{"a", "b==1.0"}));
  EXPECT_EQ(c.id, "25860");
  EXPECT_FALSE(c.label.has_value());
}

TEST(FastParse, QuotingAndScalarsKeptAsText) {
  auto c = ok("changes:\n- 'it''s'\n- ''\n- \"dq 'x' #y\"\n- 1.50\n- true\n- ~\n- null\n- 000:32\n- 2001-01-01\n"
              "- a'b\"c\n- /a#b\n- a:b\n- x  \n- 'y'  \n- é/😀\n- ''''\n");
  EXPECT_EQ(c.changes, (Strings{"it's", "", "dq 'x' #y", "1.50", "true", "~", "null", "000:32", "2001-01-01",
                                "a'b\"c", "/a#b", "a:b", "x", "y", "é/😀", "'"}));
}

TEST(FastParse, LineEndingsBomAndBlankLines) {
  auto c = ok("\xEF\xBB\xBF" "changes:\r\n- a\r\n\r\n- 'b'\r\nlabel: x\r\n");
  EXPECT_EQ(c.changes, (Strings{"a", "b"}));
  EXPECT_EQ(c.label, "x");
  auto d = ok("changes:\n- last-without-newline");
  EXPECT_EQ(d.changes, (Strings{"last-without-newline"}));
  auto e = ok("changes:\n-   extra-spaces\n");
  EXPECT_EQ(e.changes, (Strings{"extra-spaces"}));
}

TEST(FastParse, IntegerTimes) {
  auto c = ok("changes:\n- a\nopen_time: 1600000060\nclose_time: 1600000090.000\n");
  EXPECT_EQ(*c.open_time, 1600000060.0);
  EXPECT_EQ(*c.close_time, 1600000090.0);
}

TEST(FastParse, FallbackTriggers) {
  const char* cases[] = {
      "",                                         // empty
      "\n\n",                                     // blank
      "# comment\nchanges:\n- a\n",               // comment line
      "changes:\n- a # comment\n",                // trailing comment
      "changes:\n- 'a' # comment\n",              // comment after quoted
      "%YAML 1.2\n---\nchanges:\n- a\n",          // directive
      "changes:\n- [a]\n",                        // nested flow
      "changes:\n- &x a\n- *x\n",                 // anchor / alias
      "changes:\n- !!str a\n",                    // tag
      "changes: !!seq\n- a\n",                    // tag on the list
      "changes:\n- \"a\n",                        // unterminated
      "changes:\n- |\n  a\n",                     // literal block scalar
      "changes:\n- >\n  a\n",                     // folded block scalar
      "changes:\n- a: b\n",                       // mapping item
      "changes:\n- a:\n",                         // mapping item, null value
      "changes:\n- - a\n",                        // nested sequence
      "changes:\n- @a\n",
      "changes:\n- `a\n",
      "changes:\n- %a\n",
      "changes:\n- ,a\n",
      "changes:\n-\n",                            // empty item
      "changes:\n- \n",                           // empty item with space
      "changes:\n-\ta\n",                         // tab
      "changes:\n- a\tb\n",                       // tab inside
      "changes:\n- a\n - b\n",                    // indentation change
      "changes:\n  - a\n- b\n",
      "changes:\n",                               // null changes
      "changes:\nlabel: x\n",                     // null changes before a key
      "changes: a\n",                             // scalar changes
      "label: x\n",                               // no changes
      "changes:\n- a\nchanges:\n- b\n",           // duplicate key
      "changes:\n- a\nother: 1\n",                // unknown key
      "'changes':\n- a\n",                        // quoted key
      "changes :\n- a\n",                         // space before colon
      "changes:\n- a\nlabel:\n- x\n",             // label as list
      "changes:\n- a\nlabel: 'x' y\n",
      "changes:\n- a\nopen_time: '1.5'\n",        // quoted time
      "changes:\n- a\nopen_time: 1e5\n",
      "changes:\n- a\nopen_time: -1\n",
      "changes:\n- a\nopen_time: 1234567890123456\n",  // beyond 15 digits
      "changes:\n- a\nopen_time: .5\n",
      "changes:\n- a\r- b\n",                     // lone CR
      "changes:\n- a\n\xEF\xBB\xBF- b\n",         // BOM inside
      "changes:\n- a\x01\n",                      // control character
      "changes:\n- a\x7f\n",                      // DEL
      "changes:\n- a\xC2\x9F\n",                  // C1 control
      "changes:\n- \xFF\n",                       // invalid UTF-8
      "changes:\n- \xC0\xAF\n",                   // overlong
      "changes:\n- \xED\xA0\x80\n",               // surrogate
      "changes:\n- \xF4\x90\x80\x80\n",           // > U+10FFFF
      "changes:\n- \xE2\x82",                     // truncated at end
      "changes:\n- \xEF\xBF\xBF\n",               // U+FFFF
      "? changes\n: - a\n",                       // complex key
      "changes:\n- \"a\\qb\"\n",                  // unknown escape
      "changes:\n- \"\\uD800\"\n",                 // escaped surrogate (no UTF-8 form)
      "changes:\n- \"\\U00110000\"\n",             // past U+10FFFF
      "changes:\n- \"\\x4\"\n",                    // short hex escape
      "changes:\n- 'a\nb'\n",                     // continuation at column 0
      "changes:\n- a\n  # b\n",                   // comment line inside a plain scalar
      "changes:\n- a\n  - b\n",                   // continuation that looks like an item
      "changes: []\n",                           // empty flow list
      "changes: [a, [b]]\n",                     // nested flow list
      "changes: [a, b: c]\n",                    // flow pair
      "changes: [a #c\n]\n",                     // comment in flow
      "changes: [a\n]\n",                        // flow line at column 0
      "{changes: [a], other: 1}\n",              // unknown key in a flow mapping
      "--- changes:\n- a\n",                     // block mapping after `--- `
      "---\nchanges:\n- a\n---\nchanges:\n- b\n",   // two documents
      "changes:\n- a\n...\nx\n",                  // content after the document end
      "changes:\n- a\nlabel: \"x\n",              // unterminated quote
      "changes:\n- a\xEF\xBB\xBF\n",                // U+FEFF inside
      "changes: &a\n- x\n",                       // anchor on the list
  };
  for (const char* text : cases) EXPECT_TRUE(falls_back(text)) << "should fall back: " << text;
  std::string nul("changes:\n- a\0b\n", 15);
  EXPECT_TRUE(falls_back(nul));
}

// What PyYAML writes for strings that need it (yaml.dump / safe_dump, default and common options).
TEST(FastParse, DoubleQuotedEscapes) {
  auto c = ok(
      "changes:\n- \"644 /var/www/static/test/\\u2297.txt\"\n- \"\\xE9t\\xE9 \\U0001F600\"\n"
      "- \"\\0\\a\\b\\t\\n\\v\\f\\r\\e\\ \\\"\\/\\\\\"\n- \"\\N\\_\\L\\P\"\n");
  ASSERT_EQ(c.changes.size(), 4u);
  EXPECT_EQ(c.changes[0], "644 /var/www/static/test/\xE2\x8A\x97.txt");
  EXPECT_EQ(c.changes[1], "\xC3\xA9t\xC3\xA9 \xF0\x9F\x98\x80");
  EXPECT_EQ(c.changes[2], std::string("\0\a\b\t\n\v\f\r\x1b \"/\\", 13));
  EXPECT_EQ(c.changes[3], "\xC2\x85\xC2\xA0\xE2\x80\xA8\xE2\x80\xA9");
}

TEST(FastParse, FoldedScalars) {
  // PyYAML's width-80 wrapping: plain and single-quoted break at a space (folded back to one space,
  // a blank line to a line feed); double-quoted ends a line with `\` and escapes a leading space.
  auto c = ok(
      "changes:\n- aaa bbb\n  ccc\n- 'x''y\n\n  z   \n    w'\n- \"\\xE9t\\xE9\\\n  \\ \\xE9t\\xE9 \\\n  \\ end\"\n"
      "label: long\n  label\n");
  EXPECT_EQ(c.changes, (Strings{"aaa bbb ccc", "x'y\nz w", "\xC3\xA9t\xC3\xA9 \xC3\xA9t\xC3\xA9  end"}));
  EXPECT_EQ(c.label, "long label");
}

TEST(FastParse, FlowStylesAndDocumentMarkers) {
  auto a = ok("---\nchanges: [a, 'b c', \"\\u2297\",\n    d e\n      f]\nlabel: x\n...\n");
  EXPECT_EQ(a.changes, (Strings{"a", "b c", "\xE2\x8A\x97", "d e f"}));
  EXPECT_EQ(a.label, "x");
  auto b = ok("--- {changes: [a, b], close_time: 1600000090.5,\n  label: x, open_time: 1600000060}\n");
  EXPECT_EQ(b.changes, (Strings{"a", "b"}));
  EXPECT_EQ(*b.close_time, 1600000090.5);
  EXPECT_EQ(*b.open_time, 1600000060.0);
  auto c = ok("labels: [x, y]\nchanges:\n    - a\n    - b\n");
  EXPECT_EQ(*c.labels, (Strings{"x", "y"}));
  EXPECT_EQ(c.changes, (Strings{"a", "b"}));
}

TEST(FastParse, NullValuesAreAbsent) {
  auto c = ok("changes:\n- a\nlabel: null\nid: ~\nlabels:\nopen_time: NULL\n");
  EXPECT_FALSE(c.label.has_value());
  EXPECT_FALSE(c.id.has_value());
  EXPECT_FALSE(c.labels.has_value());
  EXPECT_FALSE(c.open_time.has_value());
}

TEST(FastParse, FallbackLeavesNoCrashOnEveryPrefix) {
  const std::string doc =
      "changes:\n- '000 /a''b'\n- \"x y\\u2297\\\n  \\ z\"\n- plain/path.c\n  folded\nlabels: [l1,\n  'l2']\nid: 7\n"
      "open_time: 1600000060.000\nclose_time: 1600000090\n";
  ok(doc);
  for (std::size_t n = 0; n <= doc.size(); ++n) {
    cs::Changeset out;
    (void)parse(doc.substr(0, n), out);  // must not crash or read past n bytes
  }
}

TEST(FastParse, MutationFuzzNeverCrashesAndOkResultsAreSane) {
  const std::string seed =
      "changes:\n- '000 /a''b'\n- \"x y\"\n- plain/path.c\nlabels:\n  - l1\n  - 'l2'\nlabel: x\n"
      "open_time: 1600000060.000\n";
  const char alphabet[] = "-:#'\" \n\r\t!&*|>[]{},?%@`~abc0.\xC3\xA9\xFF\x00";
  std::uint64_t state = 0x9E3779B97F4A7C15ULL;
  auto next = [&state]() {
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return state;
  };
  for (int iter = 0; iter < 20000; ++iter) {
    std::string text = seed;
    const int edits = 1 + static_cast<int>(next() % 4);
    for (int e = 0; e < edits; ++e) {
      const std::size_t pos = next() % (text.size() + 1);
      const char c = alphabet[next() % (sizeof alphabet - 1)];
      switch (next() % 3) {
        case 0: if (pos < text.size()) text[pos] = c; break;
        case 1: text.insert(pos, 1, c); break;
        default: if (pos < text.size()) text.erase(pos, 1); break;
      }
    }
    cs::Changeset out;
    if (parse(text, out) == FastParse::ok) {
      // No escape in the seed or the alphabet can make a tab (a raw one is refused).
      for (const auto& s : out.changes) EXPECT_EQ(s.find('\t'), std::string::npos) << text;
      EXPECT_FALSE(out.changes.empty()) << text;
    }
  }
}

TEST(FastParse, LargeDocument) {
  std::string text = "changes:\n";
  for (int i = 0; i < 200000; ++i) text += "- '000 /usr/share/doc/pkg" + std::to_string(i) + "/changelog.Debian.gz'\n";
  text += "label: big\n";
  auto c = ok(text);
  ASSERT_EQ(c.changes.size(), 200000u);
  EXPECT_EQ(c.changes[123], "000 /usr/share/doc/pkg123/changelog.Debian.gz");
}

// Every sample changeset is in the common shape: the fast path must take all of them and find
// as many entries as there are item lines.
TEST(FastParse, SharedSampleData) {
  namespace fs = std::filesystem;
  const fs::path root = fs::path(PRAXI_SHARED_DIR) / "data";
  if (!fs::exists(root)) GTEST_SKIP() << "no shared data at " << root;
  int files = 0;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (!entry.is_regular_file() || entry.path().extension() != ".yaml") continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    const std::string text = ss.str();
    std::size_t items = 0;
    for (std::size_t pos = 0; (pos = text.find("\n- ", pos)) != std::string::npos; ++pos) ++items;
    cs::Changeset out;
    ASSERT_EQ(parse(text, out), FastParse::ok) << entry.path();
    EXPECT_EQ(out.changes.size() + (out.labels ? out.labels->size() : 0), items) << entry.path();
    EXPECT_TRUE(out.label.has_value() || out.labels.has_value()) << entry.path();
    ++files;
  }
  EXPECT_GT(files, 0);
}
