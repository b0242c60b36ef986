#include "praxi/features/path_words.h"

#include <algorithm>
#include <array>

namespace praxi::features {
namespace {

// What dpkg and ucf leave beside a file while it is being installed; the file itself ends up
// under the name without the suffix.
constexpr std::array<std::string_view, 8> kTemporarySuffixes = {
    ".dpkg-new", ".dpkg-tmp", ".dpkg-dist", ".dpkg-old", ".dpkg-bak", ".ucf-new", ".ucf-old", ".ucf-dist"};

bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

}  // namespace

std::string_view change_path(std::string_view change) {
  // Praxi's recorder writes "<octal mode> <path>": three or four octal digits and a space.
  std::size_t digits = 0;
  while (digits < change.size() && digits < 4 && change[digits] >= '0' && change[digits] <= '7') ++digits;
  if (digits >= 3 && digits < change.size() && change[digits] == ' ') change.remove_prefix(digits + 1);
  for (std::string_view suffix : kTemporarySuffixes) {
    if (ends_with(change, suffix)) {
      change.remove_suffix(suffix.size());
      break;
    }
  }
  return change;
}

std::string fold_word(std::string_view component) {
  std::string out;
  out.reserve(component.size());
  for (std::size_t i = 0; i < component.size(); ++i) {
    const char c = component[i];
    if (is_digit(c)) {
      out.push_back('0');
      while (i + 1 < component.size() && is_digit(component[i + 1])) ++i;
    } else if (c == ' ' || c == '\t' || c == ':' || c == '|' || c == '\n' || c == '\r') {
      out.push_back('_');
    } else {
      out.push_back(c);
    }
  }
  return out;
}

void PathWords::add(std::string_view change) {
  std::string_view path = change_path(change);
  while (!path.empty()) {
    const std::size_t slash = path.find('/');
    const std::string_view component = path.substr(0, slash);
    path = slash == std::string_view::npos ? std::string_view() : path.substr(slash + 1);
    if (component.empty() || component == "." || component == "..") continue;
    scratch_ = fold_word(component);
    Counts& c = counts_[scratch_];
    ++c.all;
    if (!path.empty()) ++c.as_directory;
  }
}

PathWordSets PathWords::finish() {
  std::vector<const std::pair<const std::string, Counts>*> order;
  order.reserve(counts_.size());
  for (const auto& entry : counts_) order.push_back(&entry);
  std::sort(order.begin(), order.end(), [](const auto* a, const auto* b) { return a->first < b->first; });
  PathWordSets out;
  const auto append = [](columbus::TagSet& set, const std::string& word, std::uint32_t count) {
    set.text += word;
    set.ends.push_back(static_cast<std::uint32_t>(set.text.size()));
    set.counts.push_back(count);
  };
  for (const auto* entry : order) {
    append(out.all, entry->first, entry->second.all);
    if (entry->second.as_directory > 0) append(out.directories, entry->first, entry->second.as_directory);
  }
  counts_.clear();
  return out;
}

}  // namespace praxi::features
