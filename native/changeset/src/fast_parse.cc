// The fast path for Praxi changeset files. Strategy: accept a deliberately small line grammar that
// covers what PyYAML writes, and answer `fallback` at the first thing outside it. Everything here
// errs towards fallback: a slow correct answer beats a fast wrong one.
//
// Accepted grammar (after an optional UTF-8 BOM):
//   file    := line*            (lines end in LF or CRLF; the last one may lack it)
//   line    := ""               (blank line)
//            | KEY ":"          (changes/labels only; a block sequence must follow)
//            | KEY ":" " "+ scalar
//            | " "* "-" " "+ scalar   (item of the current sequence; one indent for all items)
//   scalar  := plain | 'single' | "double without backslashes", then only spaces to the line end
// Keys: changes, label, labels, id, open_time, close_time; each at most once.
#include "praxi/changeset/fast_parse.h"

#include <charconv>
#include <cstdint>
#include <cstring>

namespace praxi::changeset {
namespace {

// True when every character is one the grammar can take at face value: valid UTF-8; printable
// ASCII, LF, CR directly before LF; non-ASCII except C1 controls, U+2028/U+2029 (YAML 1.1 line
// breaks), U+FEFF and the non-characters U+FFFE/U+FFFF. Tabs are refused too (their role in
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
    if (cp <= 0x9f || cp == 0x2028 || cp == 0x2029 || cp == 0xfeff || cp == 0xfffe || cp == 0xffff) {
      return false;
    }
    i += need + 1;
  }
  return true;
}

// Characters that start something other than a plain scalar (or a plain scalar whose reading
// depends on what follows: `-x`, `?x`, `:x`; we do not bother).
bool is_indicator(char c) {
  switch (c) {
    case '-': case '?': case ':': case ',': case '[': case ']': case '{': case '}':
    case '#': case '&': case '*': case '!': case '|': case '>': case '\'': case '"':
    case '%': case '@': case '`':
      return true;
    default:
      return false;
  }
}

bool is_null_word(std::string_view s) {
  return s == "~" || s == "null" || s == "Null" || s == "NULL";
}

// Reads one scalar from [b, e) (a line's rest, no line break). `plain` tells the caller whether
// it was a plain scalar (which null/number rules apply to). False means fallback.
bool read_scalar(const char* b, const char* e, std::string& out, bool& plain) {
  while (e > b && e[-1] == ' ') --e;  // trailing spaces never belong to a one-line scalar
  if (b == e) return false;
  const char first = *b;
  if (first == '\'') {
    plain = false;
    out.clear();
    const char* p = b + 1;
    for (;;) {
      const void* q = std::memchr(p, '\'', static_cast<std::size_t>(e - p));
      if (q == nullptr) return false;  // continues on the next line
      const char* quote = static_cast<const char*>(q);
      out.append(p, quote);
      if (quote + 1 < e && quote[1] == '\'') {  // '' is an escaped quote
        out.push_back('\'');
        p = quote + 2;
        continue;
      }
      return quote + 1 == e;  // anything after the closing quote (a comment...) → fallback
    }
  }
  if (first == '"') {
    plain = false;
    const char* p = b + 1;
    const void* q = std::memchr(p, '"', static_cast<std::size_t>(e - p));
    if (q == nullptr) return false;
    const char* quote = static_cast<const char*>(q);
    if (quote + 1 != e) return false;
    if (std::memchr(p, '\\', static_cast<std::size_t>(quote - p)) != nullptr) return false;
    out.assign(p, quote);
    return true;
  }
  if (is_indicator(first)) return false;
  plain = true;
  // `: ` or a final `:` makes a mapping; ` #` starts a comment.
  for (const char* p = b + 1; p < e; ++p) {
    const char c = *p;
    if (c == ':') {
      if (p + 1 == e || p[1] == ' ') return false;
    } else if (c == '#') {
      if (p[-1] == ' ') return false;
    }
  }
  out.assign(b, e);
  return true;
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

}  // namespace

FastParse parse_yaml_fast(std::string_view text, Changeset& out) {
  out = Changeset{};
  if (text.size() >= 3 && std::memcmp(text.data(), "\xEF\xBB\xBF", 3) == 0) text.remove_prefix(3);
  const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
  if (!characters_ok(bytes, text.size())) return FastParse::fallback;

  const char* p = text.data();
  const char* const end = p + text.size();
  unsigned seen = 0;
  std::vector<std::string>* seq = nullptr;  // the list block items go to, if any
  long seq_indent = -1;
  std::string scalar;
  bool plain = false;

  while (p < end) {
    const void* nl = std::memchr(p, '\n', static_cast<std::size_t>(end - p));
    const char* line_end = nl != nullptr ? static_cast<const char*>(nl) : end;
    const char* const next = nl != nullptr ? line_end + 1 : end;
    if (line_end > p && line_end[-1] == '\r') --line_end;
    if (line_end == p) {  // blank line: no meaning between one-line nodes
      p = next;
      continue;
    }
    const char* q = p;
    while (q < line_end && *q == ' ') ++q;
    if (q == line_end) return FastParse::fallback;  // spaces only
    const long indent = q - p;

    if (*q == '-' && (q + 1 == line_end || q[1] == ' ')) {  // block sequence item
      if (seq == nullptr) return FastParse::fallback;
      if (seq_indent < 0) {
        seq_indent = indent;
      } else if (indent != seq_indent) {
        return FastParse::fallback;
      }
      const char* v = q + 1;
      while (v < line_end && *v == ' ') ++v;
      if (!read_scalar(v, line_end, scalar, plain)) return FastParse::fallback;  // also: empty item
      seq->push_back(std::move(scalar));
      p = next;
      continue;
    }
    if (indent != 0) return FastParse::fallback;  // a continuation line or nested node
    if (seq != nullptr && seq->empty()) return FastParse::fallback;  // `changes:` with no items
    seq = nullptr;
    seq_indent = -1;

    const char* k = p;
    while (k < line_end && ((*k >= 'a' && *k <= 'z') || *k == '_')) ++k;
    if (k == line_end || *k != ':') return FastParse::fallback;
    const Key key = key_of(std::string_view(p, static_cast<std::size_t>(k - p)));
    if (key == kNone || (seen & key) != 0) return FastParse::fallback;
    seen |= key;
    const char* v = k + 1;
    if (v == line_end) {  // value on the following lines: only the lists may have one here
      if (key == kChanges) {
        seq = &out.changes;
      } else if (key == kLabels) {
        seq = &out.labels.emplace();
      } else {
        return FastParse::fallback;
      }
      p = next;
      continue;
    }
    if (*v != ' ') return FastParse::fallback;
    while (v < line_end && *v == ' ') ++v;
    if (!read_scalar(v, line_end, scalar, plain)) return FastParse::fallback;
    switch (key) {
      case kLabel:
      case kId:
        if (plain && is_null_word(scalar)) return FastParse::fallback;
        (key == kLabel ? out.label : out.id) = scalar;
        break;
      case kOpen:
      case kClose: {
        double t = 0;
        if (!plain || !read_time(scalar, t)) return FastParse::fallback;
        (key == kOpen ? out.open_time : out.close_time) = t;
        break;
      }
      default:
        return FastParse::fallback;  // changes/labels given inline (flow list, scalar...)
    }
    p = next;
  }
  if (seq != nullptr && seq->empty()) return FastParse::fallback;
  if ((seen & kChanges) == 0) return FastParse::fallback;
  return FastParse::ok;
}

}  // namespace praxi::changeset
