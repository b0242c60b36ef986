// Fast reader for Praxi changeset files as PyYAML writes them (yaml.dump / safe_dump with default or
// common options), e.g.
//
//   changes:
//   - '000 /usr/share/doc/x/changelog.gz'
//   - "644 /var/www/static/test/\u2297.txt"
//   - 644 /usr/lib/python3/dist-packages/a/very/long/path/that/PyYAML/folded/at/eighty/columns
//     onto/a/second/line
//   close_time: 1600000090.000
//   label: 'x'
//   open_time: 1600000060.000
//
// and the flow-style, `---`/`...`, indented and allow_unicode variants (grammar in fast_parse.cc).
// It answers `ok` only when it is certain that the `yaml` npm package (YAML 1.2) plus praxi's
// changeset rules (src/changesets/parse.ts) give exactly this result; anything unusual answers
// `fallback` and the caller uses the full parser. It never reads outside `text`.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace praxi::changeset {

struct Changeset {
  std::vector<std::string> changes;
  std::optional<std::string> label;
  std::optional<std::vector<std::string>> labels;
  // Extras the full parser keeps in `meta`; filled when present so both paths agree.
  std::optional<std::string> id;
  std::optional<double> open_time;
  std::optional<double> close_time;
};

enum class FastParse { ok, fallback };

// `text` is the whole file (UTF-8, an optional BOM is skipped). On `fallback`, `out` holds
// unspecified partial data.
FastParse parse_yaml_fast(std::string_view text, Changeset& out);

// Takes each change string as the reader meets it, in file order, so a caller that only consumes
// the changes (the tagger) needs no string per path. The view is valid during the call only.
class ChangeSink {
 public:
  virtual ~ChangeSink() = default;
  virtual void change(std::string_view change) = 0;
};

// As above, but the changes go to `sink` and `out.changes` stays empty. On `fallback` the sink has
// been given some of the changes (or some that were not): whatever it built must be discarded.
// Exceptions the sink throws leave through this call.
FastParse parse_yaml_fast(std::string_view text, Changeset& out, ChangeSink& sink);

}  // namespace praxi::changeset
