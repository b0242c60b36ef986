// Flow scalars as YAML 1.2 defines them (chapter 7), for the subset described in scalars.h.
// Line folding (7.3): the spaces before a line break and the indentation after it are not content;
// one break between two content lines becomes a space, and each empty line in between becomes a
// line feed instead. In double quotes a `\` right before the break removes the break itself.
#include "scalars.h"

#include <cstdint>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace praxi::changeset::detail {
namespace {

bool is_space_or_break_or_end(const char* q, const char* end) {
  return q == end || *q == ' ' || is_break(*q);
}

// The first character in [q, end) that a plain scalar's line must look at: ':', '#', a line break,
// and in flow context the flow indicators. Sixteen bytes at a time where SSE2 is there (x86-64
// always): a changeset is mostly long runs of path characters between these.
const char* next_plain_special(const char* q, const char* end, bool flow) {
#if defined(__SSE2__)
  if (!flow) {
    const __m128i colon = _mm_set1_epi8(':');
    const __m128i hash = _mm_set1_epi8('#');
    const __m128i lf = _mm_set1_epi8('\n');
    const __m128i cr = _mm_set1_epi8('\r');
    for (; end - q >= 16; q += 16) {
      const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(q));
      const __m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, colon), _mm_cmpeq_epi8(v, hash)),
                                       _mm_or_si128(_mm_cmpeq_epi8(v, lf), _mm_cmpeq_epi8(v, cr)));
      if (const int mask = _mm_movemask_epi8(hit)) return q + __builtin_ctz(static_cast<unsigned>(mask));
    }
  }
#endif
  for (; q < end; ++q) {
    const char c = *q;
    if (c == ':' || c == '#' || is_break(c) || (flow && is_flow_indicator(c))) return q;
  }
  return end;
}

// At a line break inside a quoted scalar: consumes it, the empty lines after it and the next
// line's indentation. Appends the fold (unless `escaped`, where only the empty lines count).
// False when the text ends or the next content line is indented less than `min_indent`.
bool fold_quoted(Text& t, long min_indent, std::string& out, bool escaped) {
  const char* p = t.p;
  skip_break(p);
  std::size_t empty = 0;
  for (;;) {
    const char* q = p;
    while (q < t.end && *q == ' ') ++q;
    if (q == t.end) return false;
    if (is_break(*q)) {
      // PyYAML writes the empty lines of a quoted scalar without indentation, and none after an
      // escaped break; the `yaml` library reads spaces-only lines there differently from the spec.
      if (q != p || escaped) return false;
      ++empty;
      p = q;
      skip_break(p);
      continue;
    }
    // Less indented (a document marker at column 0 among others) is for the full parser to judge.
    if (q - p < min_indent) return false;
    t.p = q;
    break;
  }
  if (empty == 0) {
    if (!escaped) out.push_back(' ');
  } else {
    out.append(empty, '\n');
  }
  return true;
}

void append_utf8(std::string& out, std::uint32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xc0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3f)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xe0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3f)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3f)));
  } else {
    out.push_back(static_cast<char>(0xf0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3f)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3f)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3f)));
  }
}

// `digits` hex digits at p → a code point. Surrogates have no UTF-8 form (the `yaml` library gives
// a lone UTF-16 unit), so they are left to it, as is anything past U+10FFFF.
bool read_hex(const char*& p, const char* end, int digits, std::uint32_t& cp) {
  if (end - p < digits) return false;
  cp = 0;
  for (int i = 0; i < digits; ++i) {
    const char c = p[i];
    std::uint32_t v;
    if (c >= '0' && c <= '9') {
      v = static_cast<std::uint32_t>(c - '0');
    } else if (c >= 'a' && c <= 'f') {
      v = static_cast<std::uint32_t>(c - 'a' + 10);
    } else if (c >= 'A' && c <= 'F') {
      v = static_cast<std::uint32_t>(c - 'A' + 10);
    } else {
      return false;
    }
    cp = (cp << 4) | v;
  }
  p += digits;
  return cp <= 0x10ffff && !(cp >= 0xd800 && cp <= 0xdfff);
}

// One escape after `\` (YAML 1.2, 5.7), the line-break case excluded.
bool read_escape(const char*& p, const char* end, std::string& out) {
  const char c = *p++;
  switch (c) {
    case '0': out.push_back('\0'); return true;
    case 'a': out.push_back('\a'); return true;
    case 'b': out.push_back('\b'); return true;
    case 't': out.push_back('\t'); return true;
    case 'n': out.push_back('\n'); return true;
    case 'v': out.push_back('\v'); return true;
    case 'f': out.push_back('\f'); return true;
    case 'r': out.push_back('\r'); return true;
    case 'e': out.push_back('\x1b'); return true;
    case ' ': out.push_back(' '); return true;
    case '"': out.push_back('"'); return true;
    case '/': out.push_back('/'); return true;
    case '\\': out.push_back('\\'); return true;
    case 'N': append_utf8(out, 0x85); return true;
    case '_': append_utf8(out, 0xa0); return true;
    case 'L': append_utf8(out, 0x2028); return true;
    case 'P': append_utf8(out, 0x2029); return true;
    case 'x':
    case 'u':
    case 'U': {
      std::uint32_t cp = 0;
      if (!read_hex(p, end, c == 'x' ? 2 : c == 'u' ? 4 : 8, cp)) return false;
      append_utf8(out, cp);
      return true;
    }
    default:
      return false;
  }
}

// Appends [s, e) and moves `keep` (the length without trailing raw spaces) past its last non-space.
void append_raw(std::string& out, std::size_t& keep, const char* s, const char* e) {
  out.append(s, e);
  const char* t = e;
  while (t > s && t[-1] == ' ') --t;
  if (t > s) keep = out.size() - static_cast<std::size_t>(e - t);
}

// A raw line break inside quotes: the raw spaces before it are dropped, then the fold.
bool quoted_break(Text& t, long min_indent, std::string& out, std::size_t& keep) {
  out.resize(keep);
  if (!fold_quoted(t, min_indent, out, false)) return false;
  keep = out.size();
  return true;
}

// Ordinary characters up to the quote, a line break, or (in double quotes) a backslash.
void quoted_run(Text& t, char quote, std::string& out, std::size_t& keep) {
  const char* s = t.p;
  while (t.p < t.end && *t.p != quote && !is_break(*t.p) && !(quote == '"' && *t.p == '\\')) ++t.p;
  append_raw(out, keep, s, t.p);
}

}  // namespace

bool read_plain(Text& t, bool flow, long min_indent, std::string& out) {
  out.clear();
  const char* p = t.p;
  const char* const end = t.end;
  if (p == end) return false;
  switch (*p) {
    case '#': case ',': case '[': case ']': case '{': case '}': case '&': case '*': case '!':
    case '|': case '>': case '\'': case '"': case '%': case '@': case '`': case ' ':
    case '\n': case '\r':
      return false;
    case '-': case '?': case ':':
      if (is_space_or_break_or_end(p + 1, end) || (flow && is_flow_indicator(p[1]))) return false;
      break;
    default:
      break;
  }
  for (;;) {
    // One line of content: up to a break, the end, or (in flow) an indicator.
    const char* q = p;
    bool at_indicator = false;
    while ((q = next_plain_special(q, end, flow)) < end && !is_break(*q)) {
      const char c = *q;
      if (c == ':') {
        // `: ` (or `:` at the end, or before a flow indicator) makes a mapping, not a string.
        if (is_space_or_break_or_end(q + 1, end) || (flow && is_flow_indicator(q[1]))) return false;
      } else if (c == '#') {
        if (q > p && q[-1] == ' ') return false;  // a comment
      } else {
        at_indicator = true;  // a flow indicator (only looked for in flow context)
        break;
      }
      ++q;
    }
    const char* e = q;
    while (e > p && e[-1] == ' ') --e;
    out.append(p, e);
    if (at_indicator || q == end) {
      t.p = at_indicator ? q : e;
      return !out.empty();
    }
    // At a break: the scalar goes on only on a line indented at least min_indent.
    const char* r = q;
    skip_break(r);
    std::size_t empty = 0;
    const char* s;
    for (;;) {
      s = r;
      while (s < end && *s == ' ') ++s;
      if (s < end && is_break(*s)) {
        ++empty;
        r = s;
        skip_break(r);
        continue;
      }
      break;
    }
    if (s == end || s - r < min_indent || (flow && is_flow_indicator(*s))) {
      t.p = e;  // ended before the break
      return !out.empty();
    }
    // Continuations that a YAML reader could take for something else: leave them to it.
    if (*s == '#') return false;
    if ((*s == '-' || *s == '?' || *s == ':') && is_space_or_break_or_end(s + 1, end)) return false;
    if (empty == 0) {
      out.push_back(' ');
    } else {
      out.append(empty, '\n');
    }
    p = s;
  }
}

bool read_single_quoted(Text& t, long min_indent, std::string& out) {
  out.clear();
  std::size_t keep = 0;
  ++t.p;
  for (;;) {
    if (t.p == t.end) return false;
    const char c = *t.p;
    if (c == '\'') {
      if (t.p + 1 < t.end && t.p[1] == '\'') {
        out.push_back('\'');
        keep = out.size();
        t.p += 2;
        continue;
      }
      ++t.p;
      return true;
    }
    if (is_break(c)) {
      if (!quoted_break(t, min_indent, out, keep)) return false;
      continue;
    }
    quoted_run(t, '\'', out, keep);
  }
}

bool read_double_quoted(Text& t, long min_indent, std::string& out) {
  out.clear();
  std::size_t keep = 0;
  ++t.p;
  for (;;) {
    if (t.p == t.end) return false;
    const char c = *t.p;
    if (c == '"') {
      ++t.p;
      return true;
    }
    if (c == '\\') {
      ++t.p;
      if (t.p == t.end) return false;
      if (is_break(*t.p)) {
        // Escaped line break: the spaces before the `\` are content, the break is not.
        if (!fold_quoted(t, min_indent, out, true)) return false;
      } else if (!read_escape(t.p, t.end, out)) {
        return false;
      }
      keep = out.size();
      continue;
    }
    if (is_break(c)) {
      if (!quoted_break(t, min_indent, out, keep)) return false;
      continue;
    }
    quoted_run(t, '"', out, keep);
  }
}

}  // namespace praxi::changeset::detail
