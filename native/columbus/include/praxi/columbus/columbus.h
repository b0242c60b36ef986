// Columbus tag generation (Praxi's file-path algorithm), reproduced exactly:
// same tags, same counts, same order as the original implementation.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace praxi::columbus {

// Thrown for input Columbus cannot take; `code` is stable for callers, `entry` is the
// 0-based index of the offending change string.
class Error : public std::runtime_error {
 public:
  Error(std::string code, std::size_t entry, const std::string& message)
      : std::runtime_error(message), code_(std::move(code)), entry_(entry) {}
  const std::string& code() const noexcept { return code_; }
  std::size_t entry() const noexcept { return entry_; }

 private:
  std::string code_;
  std::size_t entry_;
};

// Exact strings removed from the final result (Praxi's list, none, or a user file).
class FilterList {
 public:
  FilterList() = default;
  // One entry per line; a trailing '\r' is dropped so CRLF files behave like LF files.
  static FilterList parse(std::string_view text);
  bool contains(std::string_view tag) const { return entries_.count(std::string(tag)) != 0; }
  std::size_t size() const noexcept { return entries_.size(); }

 private:
  std::unordered_set<std::string> entries_;
};

// Tags in result order, stored flat so they cross into JavaScript as three buffers
// instead of one object per tag.
struct TagSet {
  std::string text;                 // all tags, concatenated, UTF-8
  std::vector<std::uint32_t> ends;  // ends[i] = end offset of tag i in `text`
  std::vector<std::uint32_t> counts;

  std::size_t size() const noexcept { return counts.size(); }
  std::string_view tag(std::size_t i) const {
    const std::uint32_t begin = i == 0 ? 0 : ends[i - 1];
    return std::string_view(text).substr(begin, ends[i] - begin);
  }
};

// Most tag text one changeset may produce. Every prefix of 3+ code points of a path component is a
// tag, so the text grows with the square of a component's length: real paths (components <= 255
// bytes) stay far below this, while one hostile 100 kB component would need ~5 GB. finish() throws
// Error("CHANGESET_TOO_LARGE") instead of allocating past it.
inline constexpr std::size_t kMaxTagTextBytes = std::size_t{256} << 20;  // 256 MiB

struct Options {
  std::uint32_t threshold = 2;
  const FilterList* filter = nullptr;  // not owned; null = no filtering
};

// Accumulates one changeset. Feed every change string in order, then call finish().
class Tagger {
 public:
  Tagger();
  ~Tagger();
  Tagger(const Tagger&) = delete;
  Tagger& operator=(const Tagger&) = delete;

  // Optional: sizes the tables for about this many change strings.
  void reserve(std::size_t changes);

  // Throws Error("INVALID_UTF8") if `change` is not valid UTF-8.
  void add(std::string_view change);
  // Throws Error("CHANGESET_TOO_LARGE") when the tags would exceed kMaxTagTextBytes of text.
  TagSet finish(const Options& options) const;
  std::size_t changes_seen() const noexcept { return changes_seen_; }

 private:
  struct Table;
  // `depth`: the token's position among the change's tokens (for previous_).
  void add_token(std::string_view token, bool separators, std::size_t depth);

  Table* table_;
  std::string scratch_;
  std::vector<std::uint32_t> boundaries_;
  // The entry of the previous change's token at each depth: changes come directory by directory
  // (81 % of real captures' tokens repeat the one above them), so most tokens skip the hash table.
  std::vector<std::uint32_t> previous_;
  std::size_t changes_seen_ = 0;
};

// Convenience for one whole changeset.
TagSet tag(const std::vector<std::string>& changes, const Options& options);

}  // namespace praxi::columbus
