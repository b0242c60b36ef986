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

// Tokens Columbus drops before any other processing (checked on the token as split). Dispatched
// on the length first: most tokens are longer than any of these and cost one comparison.
bool is_skipped_token(std::string_view t) noexcept {
  switch (t.size()) {
    case 3:
      return t == "usr" || t == "bin" || t == "sys" || t == "etc" || t == "src" || t == "dev" || t == "lib" || t == "pkg";
    case 4:
      return t == "proc" || t == "home" || t == "root" || t == "sbin";
    case 5:
      return t == "local" || t == "share" || t == "cache";
    default:
      return false;
  }
}

inline std::uint64_t load64(const char* p) noexcept {
  std::uint64_t x;
  std::memcpy(&x, p, 8);
  return x;
}

inline std::uint64_t load32(const char* p) noexcept {
  std::uint32_t x;
  std::memcpy(&x, p, 4);
  return x;
}

inline std::uint64_t mix(std::uint64_t h) noexcept {
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ULL;
  h ^= h >> 33;
  return h;
}

// The table's hash of a key: eight bytes per multiply (a byte-at-a-time hash was most of the time
// spent per token), reading only inside [p, p + n): short keys are covered by two overlapping
// loads, the last partial word by one load ending at the key's end.
inline std::uint64_t hash_key(const char* p, std::size_t n) noexcept {
  constexpr std::uint64_t kMul = 0x9e3779b97f4a7c15ULL;
  std::uint64_t h = n * kMul;
  if (n >= 8) {
    const char* const last = p + n - 8;
    for (; p < last; p += 8) {
      h = (h ^ load64(p)) * kMul;
      h ^= h >> 29;
    }
    h = (h ^ load64(last)) * kMul;
  } else if (n >= 4) {
    h = (h ^ (load32(p) | (load32(p + n - 4) << 32))) * kMul;
  } else if (n > 0) {
    const std::uint64_t a = static_cast<unsigned char>(p[0]);
    const std::uint64_t b = static_cast<unsigned char>(p[n / 2]);
    const std::uint64_t c = static_cast<unsigned char>(p[n - 1]);
    h = (h ^ (a | (b << 8) | (c << 16))) * kMul;
  }
  return mix(h);
}

// Keys are short (a path component); an inline loop beats a libc call here.
inline bool same_bytes(const char* a, const char* b, std::size_t n) noexcept {
  while (n >= 8) {
    std::uint64_t x, y;
    std::memcpy(&x, a, 8);
    std::memcpy(&y, b, 8);
    if (x != y) return false;
    a += 8;
    b += 8;
    n -= 8;
  }
  while (n > 0) {
    if (*a++ != *b++) return false;
    --n;
  }
  return true;
}

}  // namespace

// Prefix entries in creation order plus an open-addressing index over them.
// Each entry links to its parent (itself minus the last code point). A token that was seen before
// costs one lookup and one increment: it counts only as itself (`own`), and finish() adds every
// entry's total to its parent's, which gives each prefix the number of tokens it begins, as
// Columbus counts, without walking a prefix chain (a cache miss per step) for every token.
struct Tagger::Table {
  struct Entry {
    std::uint64_t hash;
    std::uint32_t key_begin;
    std::uint32_t key_len;
    std::uint32_t own;       // tokens equal to this key
    std::uint32_t children;  // distinct one-code-point-longer strings seen
    std::uint32_t parent;
  };

  std::string arena;
  std::vector<Entry> entries;
  // Each slot packs the hash's high 32 bits with entry index + 1 (0 = empty), so a probe that
  // misses never touches the entries array.
  std::vector<std::uint64_t> slots;
  std::size_t mask = 0;

  Table() { rehash(1024); }

  void reserve(std::size_t expected_entries) {
    entries.reserve(expected_entries);
    std::size_t capacity = slots.size();
    while (capacity < expected_entries * 2) capacity *= 2;
    if (capacity != slots.size()) rehash(capacity);
  }

  std::string_view key(const Entry& e) const { return std::string_view(arena).substr(e.key_begin, e.key_len); }

  static std::uint64_t slot_value(std::uint64_t hash, std::uint32_t index) { return (hash & 0xFFFFFFFF00000000ULL) | (index + 1ULL); }

  void rehash(std::size_t capacity) {
    slots.assign(capacity, 0);
    mask = capacity - 1;
    for (std::uint32_t i = 0; i < entries.size(); ++i) {
      std::size_t s = entries[i].hash & mask;
      while (slots[s] != 0) s = (s + 1) & mask;
      slots[s] = slot_value(entries[i].hash, i);
    }
  }

  // Index of `k`, or kNone; `slot` receives where it would be inserted.
  std::uint32_t find(std::string_view k, std::uint64_t hash, std::size_t& slot) const {
    const std::uint64_t tag = hash & 0xFFFFFFFF00000000ULL;
    std::size_t s = hash & mask;
    while (std::uint64_t v = slots[s]) {
      if ((v & 0xFFFFFFFF00000000ULL) == tag) {
        const auto index = static_cast<std::uint32_t>((v & 0xFFFFFFFFULL) - 1);
        const Entry& e = entries[index];
        if (e.key_len == k.size() && same_bytes(arena.data() + e.key_begin, k.data(), k.size())) return index;
      }
      s = (s + 1) & mask;
    }
    slot = s;
    return kNone;
  }

  // Appends a whole token's bytes; its prefixes' entries point into the same bytes.
  std::uint32_t store(std::string_view token) {
    if (arena.size() + token.size() > std::numeric_limits<std::uint32_t>::max()) {
      throw Error("CHANGESET_TOO_LARGE", 0, "changeset too large: more than 4 GiB of distinct tag text");
    }
    const auto begin = static_cast<std::uint32_t>(arena.size());
    arena.append(token);
    return begin;
  }

  std::uint32_t create(std::uint32_t key_begin, std::size_t key_len, std::uint64_t hash, std::size_t slot) {
    if (entries.size() >= std::numeric_limits<std::uint32_t>::max() - 1) {
      throw Error("CHANGESET_TOO_LARGE", 0, "changeset too large: more than 4 billion distinct prefixes");
    }
    const auto index = static_cast<std::uint32_t>(entries.size());
    entries.push_back(Entry{hash, key_begin, static_cast<std::uint32_t>(key_len), 0, 0, kNone});
    slots[slot] = slot_value(hash, index);
    if (entries.size() * 2 > slots.size()) rehash(slots.size() * 2);
    return index;
  }

  // Each entry's count: its own tokens plus its children's counts. A parent's key is shorter than
  // its child's, so adding totals from the longest keys down visits every child before its parent.
  std::vector<std::uint32_t> totals() const {
    std::vector<std::uint32_t> count(entries.size());
    std::size_t longest = 0;
    for (const Entry& e : entries) longest = std::max<std::size_t>(longest, e.key_len);
    // Counting sort by key length: `start[n]` = first position of the keys of n bytes.
    std::vector<std::uint32_t> start(longest + 2, 0);
    for (const Entry& e : entries) ++start[e.key_len + 1];
    for (std::size_t n = 1; n < start.size(); ++n) start[n] += start[n - 1];
    std::vector<std::uint32_t> by_length(entries.size());
    for (std::uint32_t i = 0; i < entries.size(); ++i) by_length[start[entries[i].key_len]++] = i;
    for (std::uint32_t i = 0; i < entries.size(); ++i) count[i] = entries[i].own;
    for (std::size_t k = by_length.size(); k-- > 0;) {
      const std::uint32_t i = by_length[k];
      if (entries[i].parent != kNone) count[entries[i].parent] += count[i];
    }
    return count;
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
  const char* p = change.data();
  const char* const end = p + change.size();
  const char* begin = p;
  bool separators = false;  // ':' or '|' in the token, which Columbus removes (rare)
  std::size_t depth = 0;
  for (;; ++p) {
    if (p == end || *p == '/') {
      const std::string_view token(begin, static_cast<std::size_t>(p - begin));
      if (!token.empty() && !is_skipped_token(token)) add_token(token, separators, depth++);
      if (p == end) break;
      begin = p + 1;
      separators = false;
    } else {
      separators |= (*p == ':') | (*p == '|');
    }
  }
}

void Tagger::add_token(std::string_view raw, bool separators, std::size_t depth) {
  std::string_view token = raw;
  if (separators) {
    scratch_.clear();
    for (char c : raw) {
      if (c != ':' && c != '|') scratch_.push_back(c);
    }
    token = scratch_;
  }
  if (token.size() < kMinCodePoints) return;  // fewer bytes than code points needed

  Table& t = *table_;
  if (depth >= previous_.size()) previous_.resize(depth + 1, kNone);
  std::uint32_t& previous = previous_[depth];
  // The same token as the previous change at this depth: its entry is at hand (and in cache).
  if (previous != kNone) {
    Table::Entry& e = t.entries[previous];
    if (e.key_len == token.size() && same_bytes(t.arena.data() + e.key_begin, token.data(), token.size())) {
      ++e.own;
      return;
    }
  }
  // Most other tokens were seen before too: one lookup and one increment.
  std::size_t slot = 0;
  const std::uint64_t hash = hash_key(token.data(), token.size());
  const std::uint32_t seen = t.find(token, hash, slot);
  if (seen != kNone) {
    ++t.entries[seen].own;
    previous = seen;
    return;
  }

  // boundaries_[k] = byte length of the first k code points.
  boundaries_.clear();
  boundaries_.push_back(0);
  for (std::size_t i = 1; i < token.size(); ++i) {
    if (!detail::is_continuation(static_cast<unsigned char>(token[i]))) boundaries_.push_back(static_cast<std::uint32_t>(i));
  }
  boundaries_.push_back(static_cast<std::uint32_t>(token.size()));
  const std::size_t code_points = boundaries_.size() - 1;
  if (code_points < kMinCodePoints) return;

  // The whole token is new; walk down its prefixes until one exists.
  const std::uint32_t key_begin = t.store(token);
  std::uint32_t child = t.create(key_begin, token.size(), hash, slot);
  t.entries[child].own = 1;
  previous = child;
  for (std::size_t n = code_points - 1; n >= kMinCodePoints; --n) {
    const std::string_view prefix = token.substr(0, boundaries_[n]);
    const std::uint64_t prefix_hash = hash_key(prefix.data(), prefix.size());
    std::uint32_t index = t.find(prefix, prefix_hash, slot);
    const bool existed = index != kNone;
    if (!existed) index = t.create(key_begin, prefix.size(), prefix_hash, slot);
    Table::Entry& e = t.entries[index];
    ++e.children;  // the child below was just created, so it is a new distinct extension
    t.entries[child].parent = index;
    if (existed) return;  // every shorter prefix already exists and is linked
    child = index;
  }
}

TagSet Tagger::finish(const Options& options) const {
  TagSet result;
  const Table& t = *table_;
  const std::vector<std::uint32_t> count = t.totals();
  for (std::size_t i = 0; i < t.entries.size(); ++i) {
    const Table::Entry& e = t.entries[i];
    if (e.children < options.threshold) continue;
    const std::string_view k = t.key(e);
    if (options.filter != nullptr && options.filter->contains(k)) continue;
    if (result.text.size() + k.size() > kMaxTagTextBytes) {
      throw Error("CHANGESET_TOO_LARGE", 0,
                  "changeset too large: its tags would need more than " + std::to_string(kMaxTagTextBytes >> 20) +
                      " MiB of text (a path component of " + std::to_string(k.size()) + "+ bytes?)");
    }
    result.text.append(k);
    result.ends.push_back(static_cast<std::uint32_t>(result.text.size()));
    result.counts.push_back(count[i]);
  }
  return result;
}

void Tagger::reserve(std::size_t changes) {
  // Measured on the Debian sample: about 13 distinct prefixes per change string; reserving 8
  // avoids most regrowth without over-allocating for changesets that repeat themselves.
  table_->reserve(changes * 8);
  table_->arena.reserve(changes * 16);
}

TagSet tag(const std::vector<std::string>& changes, const Options& options) {
  Tagger tagger;
  tagger.reserve(changes.size());
  for (const std::string& c : changes) tagger.add(c);
  return tagger.finish(options);
}

}  // namespace praxi::columbus
