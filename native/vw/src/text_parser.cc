#include "praxi/vw/text_parser.h"

#include <algorithm>
#include <cfloat>
#include <cmath>

#include "float_parse.h"
#include "praxi/vw/error.h"

namespace praxi::vw {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r'; }

std::string where(uint64_t line_number) {
  return line_number ? "line " + std::to_string(line_number) + ": " : std::string();
}

float parse_label_float(std::string_view tok, uint64_t line_number, const char* what) {
  float v = 0.f;
  const size_t used = detail::parse_float_prefix(tok, v);
  if (used == 0 || used != tok.size())
    throw Error(errc::kParse, where(line_number) + "expected a number for the " + what + ", got '" +
                                  std::string(tok) + "'");
  return v;
}

uint32_t parse_label_uint(std::string_view tok, uint64_t line_number, const char* what) {
  if (tok.empty()) throw Error(errc::kParse, where(line_number) + std::string("empty ") + what);
  uint64_t v = 0;
  for (char c : tok) {
    if (c < '0' || c > '9')
      throw Error(errc::kParse, where(line_number) + "expected an unsigned integer " + what + ", got '" +
                                    std::string(tok) + "' (label has trailing character(s))");
    v = v * 10 + static_cast<uint64_t>(c - '0');
    if (v > 0xffffffffULL)
      throw Error(errc::kParse, where(line_number) + std::string(what) + " out of range: '" + std::string(tok) + "'");
  }
  return static_cast<uint32_t>(v);
}

// Splits on single spaces and skips empty tokens, like VW's tokenizer for the label section.
template <typename F>
void for_each_token(std::string_view s, F&& f) {
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && s[i] == ' ') ++i;
    if (i >= s.size()) break;
    size_t j = i;
    while (j < s.size() && s[j] != ' ') ++j;
    f(s.substr(i, j - i));
    i = j;
  }
}

}  // namespace

TextParser::TextParser(ParseConfig config) : config_(config) {
  if (config_.bits < 1 || config_.bits > 32)
    throw Error(errc::kArgs, "bit precision must be in 1..32, got " + std::to_string(config_.bits));
  parse_mask_ = (config_.bits >= 64) ? ~0ULL : ((1ULL << config_.bits) - 1);
}

bool TextParser::parse_line(std::string_view line, Example& ex, uint64_t line_number, std::string* warning) const {
  ex.clear();
  ex.label_type = config_.label_type;
  if (line.size() >= 3 && static_cast<unsigned char>(line[0]) == 0xEF &&
      static_cast<unsigned char>(line[1]) == 0xBB && static_cast<unsigned char>(line[2]) == 0xBF)
    line.remove_prefix(3);
  if (!line.empty() && line.back() == '\n') line.remove_suffix(1);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  if (line.empty()) return false;

  const size_t bar = line.find('|');
  std::string_view label_space = line.substr(0, bar == std::string_view::npos ? line.size() : bar);
  const size_t tab = label_space.find('\t');
  if (tab != std::string_view::npos) label_space.remove_prefix(tab + 1);
  parse_label(label_space, true, ex, line_number);
  if (bar != std::string_view::npos) parse_features(line.substr(bar), ex, warning);
  finish(ex);
  return true;
}

void TextParser::parse_label(std::string_view label_space, bool, Example& ex, uint64_t line_number) const {
  // Collect up to a handful of token views without allocating.
  constexpr size_t kMaxInline = 64;
  std::string_view inline_tokens[kMaxInline];
  std::vector<std::string_view> overflow;
  size_t n = 0;
  for_each_token(label_space, [&](std::string_view t) {
    if (n < kMaxInline) inline_tokens[n] = t;
    else overflow.push_back(t);
    ++n;
  });
  auto tok = [&](size_t i) { return i < kMaxInline ? inline_tokens[i] : overflow[i - kMaxInline]; };
  if (n > 0) {
    // The last token is the tag if it touches the end of the label section (no space before '|')
    // or starts with a quote.
    std::string_view last = tok(n - 1);
    const bool touches_end = !label_space.empty() && label_space.back() != ' ';
    if (touches_end || last.front() == '\'') {
      if (last.front() == '\'') last.remove_prefix(1);
      ex.tag.assign(last.data(), last.size());
      --n;
    }
  }
  switch (config_.label_type) {
    case LabelType::Simple:
      if (n > 3)
        throw Error(errc::kParse, where(line_number) + std::to_string(n) +
                                      " tokens are too many for a simple label (label [weight [initial]])");
      if (n >= 1) ex.label = parse_label_float(tok(0), line_number, "label");
      if (n >= 2) ex.weight = parse_label_float(tok(1), line_number, "importance weight");
      if (n >= 3) ex.initial = parse_label_float(tok(2), line_number, "initial prediction");
      break;
    case LabelType::Multiclass:
      if (n > 2)
        throw Error(errc::kParse, where(line_number) + std::to_string(n) +
                                      " tokens are too many for a multiclass label (label [weight])");
      if (n >= 1) {
        ex.class_label = parse_label_uint(tok(0), line_number, "class label");
        ex.has_class = true;
      }
      if (n >= 2) ex.weight = parse_label_float(tok(1), line_number, "importance weight");
      break;
    case LabelType::Multilabel: {
      if (n > 1)
        throw Error(errc::kParse, where(line_number) +
                                      "a multilabel label is one token of comma separated ids, got " +
                                      std::to_string(n) + " tokens");
      if (n == 1) {
        std::string_view t = tok(0);
        size_t i = 0;
        while (true) {
          const size_t comma = t.find(',', i);
          const std::string_view piece = t.substr(i, comma == std::string_view::npos ? std::string_view::npos : comma - i);
          ex.labels.push_back(parse_label_uint(piece, line_number, "multilabel id"));
          if (comma == std::string_view::npos) break;
          i = comma + 1;
        }
        ex.has_multilabels = true;
      }
      break;
    }
    case LabelType::CostSensitive:
      for (size_t i = 0; i < n; ++i) {
        const std::string_view t = tok(i);
        const size_t colon = t.find(':');
        const std::string_view name = t.substr(0, colon);
        if (i == 0 && (name == "shared" || name == "label"))
          throw Error(errc::kParse, where(line_number) + "label-dependent-feature (LDF) cost-sensitive labels ('" +
                                        std::string(name) + "') are not supported");
        CostEntry c;
        c.class_index = static_cast<uint32_t>(hashstring(name, 0));
        c.cost = colon == std::string_view::npos ? FLT_MAX
                                                 : parse_label_float(t.substr(colon + 1), line_number, "cost");
        ex.costs.push_back(c);
      }
      break;
  }
}

void TextParser::parse_features(std::string_view s, Example& ex, std::string* warning) const {
  const HashMode mode = config_.hash;
  size_t i = 0;
  const size_t n = s.size();
  uint64_t anon = 0;
  while (i < n && s[i] == '|') {
    ++i;  // past '|'
    unsigned char ns_index = kDefaultNamespace;
    uint64_t channel = 0;
    float ns_value = 1.f;
    if (i < n && !is_space(s[i]) && s[i] != '|') {
      const size_t b = i;
      while (i < n && !is_space(s[i]) && s[i] != ':' && s[i] != '|') ++i;
      const std::string_view name = s.substr(b, i - b);
      ns_index = static_cast<unsigned char>(name.front());
      channel = hash_name(mode, name, config_.hash_seed);
      if (i < n && s[i] == ':') {
        ++i;
        float v = 0.f;
        const size_t used = detail::parse_float_prefix(s.substr(i), v);
        i += used;
        ns_value = v;
        if (i < n && !is_space(s[i]) && s[i] != '|') {
          if (warning) *warning = "malformed namespace value before '" + std::string(s.substr(i)) + "'";
          return;
        }
      }
    } else {
      channel = namespace_hash(mode, std::string_view(), config_.hash_seed);
    }
    const uint32_t span_begin = static_cast<uint32_t>(ex.features.size());
    // Features of this namespace group.
    while (true) {
      while (i < n && is_space(s[i])) ++i;
      if (i >= n || s[i] == '|') break;
      const size_t b = i;
      while (i < n && !is_space(s[i]) && s[i] != ':' && s[i] != '|') ++i;
      const std::string_view name = s.substr(b, i - b);
      float value = 1.f;
      bool string_value = false;
      std::string_view svalue;
      if (i < n && s[i] == ':') {
        ++i;
        float v = 0.f;
        const size_t used = detail::parse_float_prefix(s.substr(i), v);
        if (used == 0) {
          // Not a number: a "string feature value", hashed under the feature name.
          while (i < n && (s[i] == ' ' || s[i] == '\t')) ++i;
          const size_t vb = i;
          while (i < n && !is_space(s[i]) && s[i] != '|') ++i;
          svalue = s.substr(vb, i - vb);
          string_value = true;
        } else {
          i += used;
          value = v;
          if (i < n && !is_space(s[i]) && s[i] != '|') {
            // VW keeps this feature, warns and drops the rest of the line.
            value *= ns_value;
            if (value != 0.f && !std::isnan(value)) {
              const uint64_t h = name.empty() ? channel + anon++ : hash_name(mode, name, channel);
              ex.features.push_back({value, h & parse_mask_});
            }
            if (warning)
              *warning = "malformed example: '|', space or end of line expected after '" +
                         std::string(s.substr(b, i - b)) + "'; rest of line ignored";
            if (ex.features.size() > span_begin)
              ex.namespaces.push_back({ns_index, span_begin, static_cast<uint32_t>(ex.features.size())});
            return;
          }
        }
      }
      if (string_value) {
        const uint64_t base = hash_name(mode, name, channel);
        ex.features.push_back({ns_value, hash_name(mode, svalue, base) & parse_mask_});
        if (ns_value == 0.f) ex.features.pop_back();
        continue;
      }
      value *= ns_value;
      if (value == 0.f || std::isnan(value)) continue;
      const uint64_t h = name.empty() ? channel + anon++ : hash_name(mode, name, channel);
      ex.features.push_back({value, h & parse_mask_});
    }
    if (ex.features.size() > span_begin)
      ex.namespaces.push_back({ns_index, span_begin, static_cast<uint32_t>(ex.features.size())});
  }
}

void TextParser::finish(Example& ex) const {
  if (config_.add_constant) {
    const uint32_t b = static_cast<uint32_t>(ex.features.size());
    ex.features.push_back({1.f, kConstantHash});
    ex.namespaces.push_back({kConstantNamespace, b, b + 1});
  }
  // VW keeps one feature list per namespace index (first byte of the name), in first-appearance order.
  // Re-group only when an index reappears after another one (rare).
  bool need = false;
  for (size_t a = 0; a < ex.namespaces.size() && !need; ++a)
    for (size_t b = a + 1; b < ex.namespaces.size(); ++b)
      if (ex.namespaces[a].index == ex.namespaces[b].index) {
        need = true;
        break;
      }
  if (!need) return;
  thread_local std::vector<Feature> scratch;
  thread_local std::vector<NamespaceSpan> spans;
  scratch.clear();
  spans.clear();
  std::vector<bool> done(ex.namespaces.size(), false);
  for (size_t a = 0; a < ex.namespaces.size(); ++a) {
    if (done[a]) continue;
    const unsigned char idx = ex.namespaces[a].index;
    const uint32_t begin = static_cast<uint32_t>(scratch.size());
    for (size_t b = a; b < ex.namespaces.size(); ++b) {
      if (ex.namespaces[b].index != idx) continue;
      done[b] = true;
      for (uint32_t f = ex.namespaces[b].begin; f < ex.namespaces[b].end; ++f) scratch.push_back(ex.features[f]);
    }
    spans.push_back({idx, begin, static_cast<uint32_t>(scratch.size())});
  }
  ex.features.assign(scratch.begin(), scratch.end());
  ex.namespaces.assign(spans.begin(), spans.end());
}

}  // namespace praxi::vw
