#pragma once
// Path words: the second feature set of praxi's default models (docs/accuracy.md). Columbus keeps
// only prefixes that branch at least `threshold` times among file *names*, so a small package's
// install often leaves no tag of its own; the directory names that hold its files
// (/usr/share/doc/<package>/, .../dist-packages/<module>/, /var/lib/dpkg/info/<package>.list) are
// the strongest evidence there is. A path word is one path component, taken as a recorder or a
// snapshot sees the final file: the mode prefix (`644 `) and dpkg's temporary suffixes
// (`.dpkg-new`, ...) are dropped, and every run of ASCII digits becomes `0`, so a later release
// (`nanoc-4.12.14` → `nanoc-4.13.0`, `python3.11` → `python3.12`) gives the same words.
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "praxi/columbus/columbus.h"

namespace praxi::features {

// One path component as a path word (digits folded; VW's separators ` `, `\t`, `:`, `|` → `_`).
std::string fold_word(std::string_view component);

// The path of a change string: without a leading `NNN ` mode and a trailing dpkg/ucf temporary suffix.
std::string_view change_path(std::string_view change);

// A changeset's words, each set sorted by bytes with its number of occurrences (tag-set shape).
struct PathWordSets {
  columbus::TagSet all;          // every component: what a package's profile is made of
  columbus::TagSet directories;  // components that name a directory (not the last of a path)
};

class PathWords {
 public:
  void add(std::string_view change);
  PathWordSets finish();

 private:
  struct Counts {
    std::uint32_t all = 0;
    std::uint32_t as_directory = 0;
  };
  std::unordered_map<std::string, Counts> counts_;
  std::string scratch_;
};

}  // namespace praxi::features
