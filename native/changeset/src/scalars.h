// Readers for YAML flow scalars (plain, single-quoted, double-quoted), including the forms PyYAML
// writes when a scalar does not fit its line width: folded over several lines, escaped line breaks
// in double quotes. Shared by the block and flow structure readers in fast_parse.cc.
//
// The text has already passed the character check of fast_parse.cc (valid UTF-8, no tabs, no
// control characters, CR only directly before LF), so these readers only see spaces, LF, CRLF and
// printable characters. Every function answers false for "not certain, let the full parser decide".
#pragma once

#include <string>

namespace praxi::changeset::detail {

inline bool is_break(char c) { return c == '\n' || c == '\r'; }

inline bool is_flow_indicator(char c) {
  return c == ',' || c == '[' || c == ']' || c == '{' || c == '}';
}

// Past one line break (LF or CRLF) at p.
inline void skip_break(const char*& p) { p += (*p == '\r') ? 2 : 1; }

struct Text {
  const char* p;
  const char* end;
};

// A plain scalar at t.p. `flow`: inside [...] or {...} (then it ends at , ] } [ {). Continuation
// lines must be indented at least `min_indent`. On success t.p is at the first character after the
// scalar (a line break, the end, or a flow indicator), trailing spaces excluded.
bool read_plain(Text& t, bool flow, long min_indent, std::string& out);

// A quoted scalar at t.p (which is ' or "). On success t.p is just past the closing quote.
bool read_single_quoted(Text& t, long min_indent, std::string& out);
bool read_double_quoted(Text& t, long min_indent, std::string& out);

}  // namespace praxi::changeset::detail
