#include "praxi/snapshot/snapshot.h"

#include <dirent.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <memory>
#include <condition_variable>
#include <cstring>
#include <mutex>
#include <system_error>
#include <thread>
#include <unordered_set>

namespace praxi::snapshot {
namespace {

std::string errno_text(int err) {
  switch (err) {
    case EACCES: return "EACCES";
    case EPERM: return "EPERM";
    case ENOENT: return "ENOENT";
    case ELOOP: return "ELOOP";
    case ENOTDIR: return "ENOTDIR";
    case EMFILE: return "EMFILE";
    case ENFILE: return "ENFILE";
    case EIO: return "EIO";
    default: return std::strerror(err);
  }
}

std::int64_t nanos(const struct timespec& t) { return static_cast<std::int64_t>(t.tv_sec) * 1000000000 + t.tv_nsec; }

// Exclusion patterns split once: literal paths are a set lookup, only real globs go to fnmatch
// (the walk asks for every one of hundreds of thousands of entries).
class Excludes {
 public:
  explicit Excludes(const std::vector<std::string>& patterns) {
    for (const auto& p : patterns) {
      const bool glob = p.find_first_of("*?[\\") != std::string::npos;
      const bool whole_path = p.find('/') != std::string::npos;
      if (!glob && whole_path) {
        std::string literal = p;
        while (literal.size() > 1 && literal.back() == '/') literal.pop_back();
        literal_depth_ = std::max(literal_depth_, slashes(literal));
        literal_paths_.insert(literal);
      } else if (!glob) {
        literal_names_.insert(p);
      } else if (whole_path) {
        std::string glob_path = p;
        while (glob_path.size() > 1 && glob_path.back() == '/') glob_path.pop_back();
        path_globs_.push_back({glob_path, slashes(glob_path)});
      } else {
        name_globs_.push_back(p);
      }
    }
  }

  // `depth` = number of '/' in `path` (the walk knows it without counting).
  bool match(const std::string& path, const char* name, std::size_t depth) const {
    // Literal paths are few and shallow (/proc, /var/cache): deeper entries need no hashing.
    if (depth <= literal_depth_ && literal_paths_.count(path) != 0) return true;
    if (!literal_names_.empty() && literal_names_.count(name) != 0) return true;
    for (const auto& g : path_globs_) {
      // With FNM_PATHNAME no wildcard matches '/': only paths as deep as the pattern can match.
      if (g.slashes == depth && fnmatch(g.pattern.c_str(), path.c_str(), FNM_PATHNAME | FNM_PERIOD) == 0) return true;
    }
    for (const auto& g : name_globs_) {
      if (fnmatch(g.c_str(), name, FNM_PERIOD) == 0) return true;
    }
    return false;
  }

 private:
  std::unordered_set<std::string> literal_paths_;
  std::size_t literal_depth_ = 0;
  std::unordered_set<std::string> literal_names_;
  struct PathGlob {
    std::string pattern;
    std::size_t slashes;
  };
  static std::size_t slashes(const std::string& p) { return static_cast<std::size_t>(std::count(p.begin(), p.end(), '/')); }
  std::vector<PathGlob> path_globs_;
  std::vector<std::string> name_globs_;
};

// Entries in fixed-size chunks: growing never moves what was found (one vector of 300,000
// entries would be copied about twice over while it grows).
class Chunks {
 public:
  Entry& add() {
    if (chunks_.empty() || chunks_.back().size() == kChunk) {
      chunks_.emplace_back();
      chunks_.back().reserve(kChunk);
    }
    return chunks_.back().emplace_back();
  }
  std::size_t size() const { return chunks_.empty() ? 0 : (chunks_.size() - 1) * kChunk + chunks_.back().size(); }
  template <typename F>
  void each(F&& f) {
    for (auto& c : chunks_)
      for (auto& e : c) f(e);
  }

 private:
  static constexpr std::size_t kChunk = 8192;
  std::vector<std::vector<Entry>> chunks_;
};

// What one thread found; merged when the walk ends.
struct Found {
  Chunks entries;
  std::vector<std::string> other_mounts;
  std::vector<std::string> warnings;
  std::uint64_t directories = 0;
};

class Walk {
 public:
  Walk(const Options& o, dev_t root_dev) : o_(o), excludes_(o.excludes), root_dev_(root_dev) {
    // "/" as root: absolute paths are the relative ones; otherwise root + relative.
    prefix_ = o.root;
    while (!prefix_.empty() && prefix_.back() == '/') prefix_.pop_back();
  }

  void run(unsigned threads, Found* results) {
    pending_.push_back("");
    std::vector<std::thread> pool;
    for (unsigned i = 1; i < threads; ++i) pool.emplace_back([this, results, i] { work(results[i]); });
    work(results[0]);
    for (auto& t : pool) t.join();
  }

 private:
  void work(Found& out) {
    for (;;) {
      std::string dir;
      {
        std::unique_lock<std::mutex> lock(m_);
        cv_.wait(lock, [this] { return !pending_.empty() || active_ == 0; });
        if (pending_.empty()) {
          cv_.notify_all();
          return;
        }
        dir = std::move(pending_.back());
        pending_.pop_back();
        ++active_;
      }
      std::vector<std::string> subdirs;
      read_dir(dir, out, subdirs);
      {
        std::lock_guard<std::mutex> lock(m_);
        for (auto& s : subdirs) pending_.push_back(std::move(s));
        --active_;
      }
      cv_.notify_all();
    }
  }

  // The kernel's directory records, read straight (readdir would copy them through a smaller
  // buffer one call at a time).
  struct DirRecord {
    std::uint64_t ino;
    std::int64_t off;
    unsigned short reclen;
    unsigned char type;
    char name[1];
  };

  void read_dir(const std::string& rel, Found& out, std::vector<std::string>& subdirs) {
    const std::string abs = prefix_ + (rel.empty() ? "/" : rel);
    const int fd = ::open(abs.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC | (rel.empty() ? 0 : O_NOFOLLOW));
    if (fd < 0) {
      out.warnings.push_back((rel.empty() ? "/" : rel) + ": cannot read directory (" + errno_text(errno) + ")");
      return;
    }
    ++out.directories;
    const std::size_t depth = static_cast<std::size_t>(std::count(rel.begin(), rel.end(), '/')) + 1;
    thread_local std::unique_ptr<char[]> buffer(new char[kListing]);
    // One path buffer per directory: the entry's name replaces the previous one's.
    std::string path = rel;
    path += '/';
    const std::size_t base = path.size();
    for (;;) {
      const long got = ::syscall(SYS_getdents64, fd, buffer.get(), kListing);
      if (got < 0) {
        out.warnings.push_back((rel.empty() ? "/" : rel) + ": directory listing cut short (" + errno_text(errno) + ")");
        break;
      }
      if (got == 0) break;
      for (long at = 0; at < got;) {
        const auto* de = reinterpret_cast<const DirRecord*>(buffer.get() + at);
        at += de->reclen;
        const char* name = de->name;
        if (name[0] == '.' && (name[1] == '\0' || (name[1] == '.' && name[2] == '\0'))) continue;
        path.resize(base);
        path += name;
        if (excludes_.match(path, name, depth)) continue;
        if (!o_.stat && de->type != DT_DIR && de->type != DT_UNKNOWN) {
          Entry& e = out.entries.add();
          e.path = path;
          e.mode = DTTOIF(de->type);
          continue;
        }
        struct stat st;
        if (::fstatat(fd, name, &st, AT_SYMLINK_NOFOLLOW) != 0) {
          out.warnings.push_back(path + ": cannot lstat (" + errno_text(errno) + ")");
          continue;
        }
        if (S_ISDIR(st.st_mode)) {
          if (o_.one_filesystem && st.st_dev != root_dev_) {
            out.other_mounts.push_back(path);
          } else {
            subdirs.push_back(path);
          }
          continue;
        }
        Entry& e = out.entries.add();
        e.path = path;
        e.ino = st.st_ino;
        e.size = static_cast<std::uint64_t>(st.st_size);
        e.mtime_ns = nanos(st.st_mtim);
        e.ctime_ns = nanos(st.st_ctim);
        e.mode = st.st_mode;
      }
    }
    ::close(fd);
  }

  static constexpr std::size_t kListing = 64 * 1024;

  const Options& o_;
  Excludes excludes_;
  dev_t root_dev_;
  std::string prefix_;
  std::mutex m_;
  std::condition_variable cv_;
  std::vector<std::string> pending_;
  unsigned active_ = 0;
};

template <typename T>
void append(std::vector<T>& to, std::vector<T>& from) {
  to.insert(to.end(), std::make_move_iterator(from.begin()), std::make_move_iterator(from.end()));
}

}  // namespace

bool excluded(const std::string& path, const std::vector<std::string>& patterns) {
  const auto slash = path.rfind('/');
  const std::string name = slash == std::string::npos ? path : path.substr(slash + 1);
  return Excludes(patterns).match(path, name.c_str(), static_cast<std::size_t>(std::count(path.begin(), path.end(), '/')));
}

Snapshot take(const Options& options) {
  struct stat root;
  if (::stat(options.root.c_str(), &root) != 0) {
    throw std::system_error(errno, std::generic_category(), options.root + ": cannot open the root");
  }
  if (!S_ISDIR(root.st_mode)) throw std::system_error(ENOTDIR, std::generic_category(), options.root + ": not a directory");
  unsigned threads = options.threads != 0 ? options.threads : std::max(2u, std::thread::hardware_concurrency());
  threads = std::min(threads, 64u);
  std::vector<Found> found(threads);
  Walk(options, root.st_dev).run(threads, found.data());

  Snapshot s;
  std::size_t total = 0;
  for (const auto& f : found) total += f.entries.size();
  // Sorted as pointers, moved once into place: sorting the entries themselves would move each
  // (path, inode, size, times, mode) record some twenty times.
  std::vector<Entry*> order;
  order.reserve(total);
  for (auto& f : found) {
    f.entries.each([&order](Entry& e) { order.push_back(&e); });
    append(s.other_mounts, f.other_mounts);
    append(s.warnings, f.warnings);
    s.directories += f.directories;
  }
  std::sort(order.begin(), order.end(), [](const Entry* a, const Entry* b) { return a->path < b->path; });
  s.entries.reserve(total);
  for (Entry* e : order) s.entries.push_back(std::move(*e));
  std::sort(s.other_mounts.begin(), s.other_mounts.end());
  std::sort(s.warnings.begin(), s.warnings.end());
  return s;
}

Diff diff(const Snapshot& before, const Snapshot& after) {
  Diff d;
  const auto& a = before.entries;
  const auto& b = after.entries;
  std::size_t i = 0;
  std::size_t j = 0;
  while (i < a.size() || j < b.size()) {
    if (j == b.size() || (i < a.size() && a[i].path < b[j].path)) {
      d.deleted.push_back(i++);
    } else if (i == a.size() || b[j].path < a[i].path) {
      d.created.push_back(j++);
    } else {
      const Entry& x = a[i++];
      const Entry& y = b[j];
      if ((x.mode & S_IFMT) != (y.mode & S_IFMT) || x.ino != y.ino || x.size != y.size || x.mtime_ns != y.mtime_ns ||
          x.ctime_ns != y.ctime_ns) {
        d.modified.push_back(j);
      }
      ++j;
    }
  }
  return d;
}

}  // namespace praxi::snapshot
