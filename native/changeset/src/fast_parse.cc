// The fast path for Praxi changeset files: a reader for the YAML that PyYAML's yaml.dump/safe_dump
// writes for a changeset mapping, with any of its common options (block or flow collections,
// default_flow_style, width, indent, allow_unicode, explicit_start/end, sort_keys). It answers
// `fallback` at the first thing outside that subset: a slow correct answer beats a fast wrong one.
//
// Accepted documents (after an optional UTF-8 BOM; lines end in LF or CRLF):
//   doc      := blank* ("---" (EOL | " " flowmap))? (blockmap | flowmap) blank* ("..." EOL blank*)?
//   blockmap := (KEY ":" (" "+ value | EOL blockseq) EOL)+      (keys at column 0)
//   blockseq := (" "* "-" " "+ scalar EOL)+                      (one indentation for all items)
//   value    := scalar | flowseq
//   flowseq  := "[" scalar ("," scalar)* ","? "]"                (spread over lines as PyYAML wraps)
//   flowmap  := "{" KEY ":" value ("," KEY ":" value)* ","? "}"
//   scalar   := plain | 'single' | "double", each possibly folded over lines (scalars.cc)
// Keys: changes, label, labels, id, open_time, close_time; each at most once. Comments, anchors,
// tags, block scalars, directives, nested collections, unknown keys: fallback.
#include "praxi/changeset/fast_parse.h"

#include <charconv>
#include <cstdint>
#include <cstring>

#include "scalars.h"

namespace praxi::changeset {
namespace {

using detail::is_break;
using detail::Text;

// True when every character is one the grammar can take at face value: valid UTF-8; printable
// ASCII, LF, CR directly before LF; non-ASCII except C1 controls other than NEL, U+FEFF and the
// non-characters U+FFFE/U+FFFF. Tabs are refused too (their role in
// YAML indentation and separation is subtle).
bool characters_ok(const unsigned char* p, std::size_t n) {
  constexpr std::uint64_t kHigh = 0x8080808080808080ULL;
  constexpr std::uint64_t kOnes = 0x0101010101010101ULL;
  std::size_t i = 0;
  while (i < n) {
    // Eight ASCII bytes at a time: no high bit, nothing below 0x20, no 0x7f.
    while (i + 8 <= n) {
      std::uint64_t w;
      std::memcpy(&w, p + i, 8);
      const std::uint64_t below_space = (w - kOnes * 0x20) & ~w & kHigh;
      const std::uint64_t x = w ^ (kOnes * 0x7f);
      const std::uint64_t del = (x - kOnes) & ~x & kHigh;
      if (((w & kHigh) | below_space | del) != 0) break;
      i += 8;
    }
    if (i >= n) break;
    const unsigned c = p[i];
    if (c < 0x80) {
      if ((c >= 0x20 && c != 0x7f) || c == '\n') {
        ++i;
      } else if (c == '\r' && i + 1 < n && p[i + 1] == '\n') {
        i += 2;
      } else {
        return false;
      }
      continue;
    }
    std::size_t need;
    std::uint32_t cp;
    std::uint32_t min;
    if (c >= 0xc2 && c <= 0xdf) {
      need = 1, cp = c & 0x1f, min = 0x80;
    } else if (c >= 0xe0 && c <= 0xef) {
      need = 2, cp = c & 0x0f, min = 0x800;
    } else if (c >= 0xf0 && c <= 0xf4) {
      need = 3, cp = c & 0x07, min = 0x10000;
    } else {
      return false;
    }
    if (n - i <= need) return false;  // truncated sequence
    for (std::size_t k = 1; k <= need; ++k) {
      const unsigned cc = p[i + k];
      if ((cc & 0xc0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return false;
    // NEL, LS and PS are line breaks to YAML 1.1 but content to YAML 1.2 (and the `yaml` library);
    // PyYAML writes them raw with allow_unicode, so they are taken as content like any character.
    if ((cp <= 0x9f && cp != 0x85) || cp == 0xfeff || cp == 0xfffe || cp == 0xffff) {
      return false;
    }
    i += need + 1;
  }
  return true;
}

bool is_null_word(std::string_view s) {
  return s == "~" || s == "null" || s == "Null" || s == "NULL";
}

// Unix seconds as PyYAML writes them: digits, optionally `.digits`. Integers are limited to 15
// digits so JavaScript's parseInt and from_chars cannot differ; decimals are correctly rounded by
// both parseFloat and from_chars.
bool read_time(std::string_view s, double& out) {
  std::size_t i = 0;
  while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
  if (i == 0) return false;
  if (i == s.size()) {
    if (i > 15) return false;
  } else {
    if (s[i] != '.') return false;
    std::size_t j = i + 1;
    while (j < s.size() && s[j] >= '0' && s[j] <= '9') ++j;
    if (j == i + 1 || j != s.size()) return false;
  }
  const auto res = std::from_chars(s.data(), s.data() + s.size(), out);
  return res.ec == std::errc() && res.ptr == s.data() + s.size();
}

enum Key : unsigned { kNone = 0, kChanges = 1, kLabel = 2, kLabels = 4, kId = 8, kOpen = 16, kClose = 32 };

Key key_of(std::string_view k) {
  if (k == "changes") return kChanges;
  if (k == "label") return kLabel;
  if (k == "labels") return kLabels;
  if (k == "id") return kId;
  if (k == "open_time") return kOpen;
  if (k == "close_time") return kClose;
  return kNone;
}

bool is_list_key(Key k) { return k == kChanges || k == kLabels; }

bool starts_marker(const char* p, const char* end, const char* marker) {
  return end - p >= 3 && std::memcmp(p, marker, 3) == 0 && (end - p == 3 || p[3] == ' ' || is_break(p[3]));
}

// Continuation lines of anything inside the top-level mapping must be indented (PyYAML indents
// them; a line at column 0 could be a key or a document marker).
constexpr long kMinIndent = 1;

class Reader {
 public:
  Reader(const char* p, const char* end, Changeset& out, ChangeSink* sink) : t_{p, end}, out_(out), sink_(sink) {}

  bool document() {
    skip_blank_lines();
    if (t_.p == t_.end) return false;
    if (starts_marker(t_.p, t_.end, "---")) {
      t_.p += 3;
      skip_spaces();
      if (at_eol()) {
        end_line();
        skip_blank_lines();
      } else if (*t_.p != '{') {
        return false;
      }
    }
    if (t_.p == t_.end) return false;
    if (*t_.p == '{') {
      if (!flow_mapping()) return false;
      skip_spaces();
      if (!at_eol()) return false;
      end_line();
    } else if (!block_mapping()) {
      return false;
    }
    skip_blank_lines();
    if (t_.p < t_.end && starts_marker(t_.p, t_.end, "...")) {
      t_.p += 3;
      skip_spaces();
      if (!at_eol()) return false;
      end_line();
      skip_blank_lines();
    }
    return t_.p == t_.end && (seen_ & kChanges) != 0 && changes_ > 0;
  }

 private:
  bool at_eol() const { return t_.p == t_.end || is_break(*t_.p); }
  void skip_spaces() {
    while (t_.p < t_.end && *t_.p == ' ') ++t_.p;
  }
  void end_line() {
    if (t_.p < t_.end) detail::skip_break(t_.p);
  }
  // Skips empty and spaces-only lines; t_.p stays at the start of the next other line.
  void skip_blank_lines() {
    for (;;) {
      const char* q = t_.p;
      while (q < t_.end && *q == ' ') ++q;
      if (q < t_.end && is_break(*q)) {
        t_.p = q;
        detail::skip_break(t_.p);
      } else if (q == t_.end) {
        t_.p = q;
        return;
      } else {
        return;
      }
    }
  }
  // Spaces and line breaks between flow tokens; lines must be indented at least kMinIndent.
  bool skip_flow_space() {
    for (;;) {
      skip_spaces();
      if (t_.p == t_.end) return false;
      if (!is_break(*t_.p)) return *t_.p != '#';
      detail::skip_break(t_.p);
      const char* q = t_.p;
      while (q < t_.end && *q == ' ') ++q;
      if (q < t_.end && !is_break(*q) && q - t_.p < kMinIndent) return false;
    }
  }

  // A known key not seen before, then `:`; t_.p ends up just past the colon.
  bool read_key(Key& key) {
    const char* k = t_.p;
    while (k < t_.end && ((*k >= 'a' && *k <= 'z') || *k == '_')) ++k;
    if (k == t_.end || *k != ':' || k == t_.p) return false;
    key = key_of(std::string_view(t_.p, static_cast<std::size_t>(k - t_.p)));
    if (key == kNone || (seen_ & key) != 0) return false;
    seen_ |= key;
    t_.p = k + 1;
    return true;
  }

  // A scalar at t_.p; `plain` tells whether null words and numbers apply to it.
  bool scalar(bool flow, long min_indent, std::string& s, bool& plain) {
    plain = false;
    switch (*t_.p) {
      case '\'': return detail::read_single_quoted(t_, min_indent, s);
      case '"': return detail::read_double_quoted(t_, min_indent, s);
      default: plain = true; return detail::read_plain(t_, flow, min_indent, s);
    }
  }

  // The value of a non-list key, under praxi's rules (src/changesets/parse.ts): a plain null word
  // means absent; times must be plain numbers.
  bool assign(Key key, std::string& s, bool plain) {
    if (plain && is_null_word(s)) return key != kChanges;
    switch (key) {
      case kLabel: out_.label = std::move(s); return true;
      case kId: out_.id = std::move(s); return true;
      case kOpen:
      case kClose: {
        double v = 0;
        if (!plain || !read_time(s, v)) return false;
        (key == kOpen ? out_.open_time : out_.close_time) = v;
        return true;
      }
      default:
        return false;  // changes/labels given as a scalar
    }
  }

  // One item of the `changes` or `labels` list, read into scalar_. A sink takes changes as views,
  // so scalar_ keeps its capacity and a path costs no allocation.
  void take_item(Key key) {
    if (key != kChanges) {
      out_.labels->push_back(std::move(scalar_));
    } else if (sink_ != nullptr) {
      sink_->change(scalar_);
    } else {
      out_.changes.push_back(std::move(scalar_));
    }
    if (key == kChanges) ++changes_;
  }

  // `key:` opens a list: labels get their (empty) vector; changes may be sent to the sink instead.
  void open_list(Key key) {
    if (key == kLabels) out_.labels.emplace();
  }

  bool block_mapping() {
    while (t_.p < t_.end) {
      skip_blank_lines();
      if (t_.p == t_.end || starts_marker(t_.p, t_.end, "...")) return true;
      Key key;
      if (!read_key(key)) return false;
      if (at_eol()) {
        end_line();
        if (!block_value_below(key)) return false;
        continue;
      }
      if (*t_.p != ' ') return false;
      skip_spaces();
      if (at_eol()) {
        end_line();
        if (!block_value_below(key)) return false;
        continue;
      }
      if (*t_.p == '[') {
        if (!is_list_key(key) || !flow_sequence(key)) return false;
      } else {
        bool plain = false;
        if (!scalar(false, kMinIndent, scalar_, plain) || !assign(key, scalar_, plain)) return false;
      }
      skip_spaces();
      if (!at_eol()) return false;
      end_line();
    }
    return true;
  }

  // After `key:` and a line break: a block sequence, or nothing (null) when the next line is a key.
  bool block_value_below(Key key) {
    skip_blank_lines();
    const char* q = t_.p;
    while (q < t_.end && *q == ' ') ++q;
    const bool item = q < t_.end && *q == '-' && (q + 1 == t_.end || q[1] == ' ' || is_break(q[1]));
    if (!item) return q == t_.p && key != kChanges;  // null: absent (a changes list is required)
    if (!is_list_key(key)) return false;
    return block_sequence(q - t_.p, key);
  }

  bool block_sequence(long indent, Key key) {
    open_list(key);
    for (;;) {
      skip_blank_lines();
      const char* q = t_.p;
      while (q < t_.end && *q == ' ') ++q;
      if (q == t_.end) return true;
      const long at = q - t_.p;
      if (at != indent || *q != '-' || !(q + 1 == t_.end || q[1] == ' ' || is_break(q[1]))) {
        return at == 0 && *q != '-';  // the next key ends the list; anything else is not ours
      }
      t_.p = q + 1;
      skip_spaces();
      if (at_eol() || *t_.p == '[' || *t_.p == '{') return false;  // empty or nested item
      bool plain = false;
      if (!scalar(false, indent + 1, scalar_, plain)) return false;
      take_item(key);
      skip_spaces();
      if (!at_eol()) return false;
      end_line();
    }
  }

  bool flow_sequence(Key key) {
    open_list(key);
    ++t_.p;
    if (!skip_flow_space()) return false;
    if (*t_.p == ']') return false;  // `[]`: left to the full parser
    for (;;) {
      if (*t_.p == '[' || *t_.p == '{') return false;
      bool plain = false;
      if (!scalar(true, kMinIndent, scalar_, plain)) return false;
      take_item(key);
      const Entry next = after_flow_entry(']');
      if (next != Entry::next) return next == Entry::closed;
    }
  }

  // After an entry of a flow collection: `,` (a trailing one is allowed) or the closing bracket.
  enum class Entry { next, closed, bad };
  Entry after_flow_entry(char close) {
    if (!skip_flow_space()) return Entry::bad;
    if (*t_.p == ',') {
      ++t_.p;
      if (!skip_flow_space()) return Entry::bad;
      if (*t_.p != close) return Entry::next;
    }
    if (*t_.p != close) return Entry::bad;
    ++t_.p;
    return Entry::closed;
  }

  bool flow_mapping() {
    ++t_.p;
    for (;;) {
      if (!skip_flow_space()) return false;
      Key key;
      if (!read_key(key)) return false;
      if (t_.p == t_.end || !(*t_.p == ' ' || is_break(*t_.p))) return false;
      if (!skip_flow_space()) return false;
      if (*t_.p == '[') {
        if (!is_list_key(key) || !flow_sequence(key)) return false;
      } else {
        bool plain = false;
        if (*t_.p == '{' || !scalar(true, kMinIndent, scalar_, plain) || !assign(key, scalar_, plain)) return false;
      }
      const Entry next = after_flow_entry('}');
      if (next != Entry::next) return next == Entry::closed;
    }
  }

  Text t_;
  Changeset& out_;
  ChangeSink* sink_;
  unsigned seen_ = 0;
  std::size_t changes_ = 0;
  std::string scalar_;
};

FastParse parse(std::string_view text, Changeset& out, ChangeSink* sink) {
  out = Changeset{};
  if (text.size() >= 3 && std::memcmp(text.data(), "\xEF\xBB\xBF", 3) == 0) text.remove_prefix(3);
  const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
  if (!characters_ok(bytes, text.size())) return FastParse::fallback;
  Reader reader(text.data(), text.data() + text.size(), out, sink);
  return reader.document() ? FastParse::ok : FastParse::fallback;
}

}  // namespace

FastParse parse_yaml_fast(std::string_view text, Changeset& out) { return parse(text, out, nullptr); }

FastParse parse_yaml_fast(std::string_view text, Changeset& out, ChangeSink& sink) { return parse(text, out, &sink); }

}  // namespace praxi::changeset
