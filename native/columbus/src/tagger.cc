#include <algorithm>
#include <array>
#include <cstring>
#include <limits>

#include "praxi/columbus/columbus.h"
#include "utf8.h"

namespace praxi::columbus {
namespace {

constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();
constexpr std::size_t kMinCodePoints = 3;

// Tokens Columbus drops before any other processing (checked on the token as split).
bool is_skipped_token(std::string_view t) noexcept {
  static constexpr std::array<std::string_view, 14> kSkip = {
      "usr", "bin", "proc", "sys", "etc", "local", "src", "dev",
      "home", "root", "lib", "pkg", "sbin", "share"};
  if (t == "cache") return true;
  for (std::string_view s : kSkip) {
    if (t == s) return true;
  }
  return false;
}

// FNV-1a is cheap to extend byte by byte, which gives every prefix's hash in one pass.
constexpr std::uint64_t kFnvOffset = 0xcbf29ce484222325ULL;
constexpr std::uint64_t kFnvPrime = 0x100000001b3ULL;

inline std::uint64_t mix(std::uint64_t h) noexcept {
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ULL;
  h ^= h >> 33;
  return h;
}

}  // namespace

// Prefix entries in creation order plus an open-addressing index over them.
// Each entry links to its parent (itself minus the last code point), so a token that was
// seen before costs one lookup and a walk up that chain: no string work at all.
struct Tagger::Table {
  struct Entry {
    std::uint64_t hash;
    std::uint32_t key_begin;
    std::uint32_t key_len;
    std::uint32_t count;
    std::uint32_t children;  // distinct one-code-point-longer strings seen
    std::uint32_t parent;
  };

  std::string arena;
  std::vector<Entry> entries;
  std::vector<std::uint32_t> slots;  // entry index + 1; 0 = empty
  std::size_t mask = 0;

  Table() { rehash(1024); }

  std::string_view key(const Entry& e) const { return std::string_view(arena).substr(e.key_begin, e.key_len); }

  void rehash(std::size_t capacity) {
    slots.assign(capacity, 0);
    mask = capacity - 1;
    for (std::uint32_t i = 0; i < entries.size(); ++i) {
      std::size_t s = entries[i].hash & mask;
      while (slots[s] != 0) s = (s + 1) & mask;
      slots[s] = i + 1;
    }
  }

  // Index of `k`, creating it (count 0) when absent; `created` tells which.
  std::uint32_t find_or_create(std::string_view k, std::uint64_t hash, bool& created) {
    std::size_t s = hash & mask;
    while (std::uint32_t v = slots[s]) {
      const Entry& e = entries[v - 1];
      if (e.hash == hash && e.key_len == k.size() && std::memcmp(arena.data() + e.key_begin, k.data(), k.size()) == 0) {
        created = false;
        return v - 1;
      }
      s = (s + 1) & mask;
    }
    if (arena.size() + k.size() > std::numeric_limits<std::uint32_t>::max() ||
        entries.size() >= std::numeric_limits<std::uint32_t>::max() - 1) {
      throw Error("CHANGESET_TOO_LARGE", 0, "changeset too large: more than 4 GiB of distinct tag text");
    }
    const auto index = static_cast<std::uint32_t>(entries.size());
    entries.push_back(Entry{hash, static_cast<std::uint32_t>(arena.size()), static_cast<std::uint32_t>(k.size()), 0, 0, kNone});
    arena.append(k);
    slots[s] = index + 1;
    if (entries.size() * 2 > slots.size()) rehash(slots.size() * 2);
    created = true;
    return index;
  }
};

Tagger::Tagger() : table_(new Table()) {}
Tagger::~Tagger() { delete table_; }

void Tagger::add(std::string_view change) {
  const std::size_t entry = changes_seen_;
  const std::size_t bad = detail::find_invalid_utf8(change);
  if (bad != std::string_view::npos) {
    throw Error("INVALID_UTF8", entry,
                "change " + std::to_string(entry) + " is not valid UTF-8 (byte offset " + std::to_string(bad) + ")");
  }
  ++changes_seen_;
  std::size_t pos = 0;
  for (;;) {
    const std::size_t slash = change.find('/', pos);
    const std::size_t end = slash == std::string_view::npos ? change.size() : slash;
    const std::string_view token = change.substr(pos, end - pos);
    if (!token.empty() && !is_skipped_token(token)) add_token(token);
    if (slash == std::string_view::npos) break;
    pos = slash + 1;
  }
}

void Tagger::add_token(std::string_view raw) {
  std::string_view token = raw;
  if (raw.find_first_of(":|") != std::string_view::npos) {
    scratch_.clear();
    for (char c : raw) {
      if (c != ':' && c != '|') scratch_.push_back(c);
    }
    token = scratch_;
  }

  // boundaries_[k] = byte length of the first k code points; hashes follow the same index.
  boundaries_.clear();
  boundaries_.push_back(0);
  for (std::size_t i = 0; i < token.size(); ++i) {
    if (!detail::is_continuation(static_cast<unsigned char>(token[i])) && i != 0) boundaries_.push_back(static_cast<std::uint32_t>(i));
  }
  if (!token.empty()) boundaries_.push_back(static_cast<std::uint32_t>(token.size()));
  const std::size_t code_points = boundaries_.size() - 1;
  if (code_points < kMinCodePoints) return;

  prefix_hashes_.resize(code_points + 1);
  std::uint64_t h = kFnvOffset;
  std::size_t k = 1;
  for (std::size_t i = 0; i < token.size(); ++i) {
    h = (h ^ static_cast<unsigned char>(token[i])) * kFnvPrime;
    if (i + 1 == boundaries_[k]) prefix_hashes_[k++] = mix(h);
  }

  Table& t = *table_;
  std::uint32_t child = kNone;
  bool child_created = false;
  for (std::size_t n = code_points; n >= kMinCodePoints; --n) {
    bool created = false;
    const std::uint32_t index = t.find_or_create(token.substr(0, boundaries_[n]), prefix_hashes_[n], created);
    Table::Entry& e = t.entries[index];
    ++e.count;
    if (child_created) {
      ++e.children;
      t.entries[child].parent = index;
    }
    if (!created) {
      // Every shorter prefix already exists and is linked: count them and stop.
      for (std::uint32_t p = e.parent; p != kNone; p = t.entries[p].parent) ++t.entries[p].count;
      return;
    }
    child = index;
    child_created = true;
  }
}

TagSet Tagger::finish(const Options& options) const {
  TagSet result;
  const Table& t = *table_;
  for (const Table::Entry& e : t.entries) {
    if (e.children < options.threshold) continue;
    const std::string_view k = t.key(e);
    if (options.filter != nullptr && options.filter->contains(k)) continue;
    result.text.append(k);
    result.ends.push_back(static_cast<std::uint32_t>(result.text.size()));
    result.counts.push_back(e.count);
  }
  return result;
}

TagSet tag(const std::vector<std::string>& changes, const Options& options) {
  Tagger tagger;
  for (const std::string& c : changes) tagger.add(c);
  return tagger.finish(options);
}

}  // namespace praxi::columbus
