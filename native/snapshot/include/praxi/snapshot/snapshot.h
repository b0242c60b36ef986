// Filesystem snapshots for `praxi record` and `praxi scan`: every non-directory entry below a root,
// with what is needed to tell whether it changed (inode, size, mtime, ctime, mode). Pure C++17 +
// POSIX; the walk runs on several threads because a root is hundreds of thousands of lstat calls.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace praxi::snapshot {

struct Entry {
  // Relative to the root, with a leading '/' (the root itself is "/").
  std::string path;
  std::uint64_t ino = 0;
  std::uint64_t size = 0;
  std::int64_t mtime_ns = 0;
  std::int64_t ctime_ns = 0;
  // st_mode: file type and permission bits.
  std::uint32_t mode = 0;
};

struct Options {
  std::string root;
  // Skipped (with everything below them). A pattern containing '/' is matched against the whole
  // path ("/var/cache", "/home/*/.cache"); one without is matched against the entry's name
  // ("*.pyc"). fnmatch(3) rules, '*' does not cross '/'.
  std::vector<std::string> excludes;
  // Do not descend into directories on another device than the root (other mounts).
  bool one_filesystem = true;
  // Walker threads; 0 = hardware concurrency (at least 2: the walk mostly waits on the kernel).
  unsigned threads = 0;
  // False: only names and file types (from the directory listing, no lstat per file; directories
  // are still stat'ed for the filesystem check). ino, size, times are then 0 and mode is the type.
  bool stat = true;
};

struct Snapshot {
  // Sorted by path (bytewise), so two snapshots diff in one merge pass.
  std::vector<Entry> entries;
  std::uint64_t directories = 0;
  // Directories skipped because they are on another filesystem.
  std::vector<std::string> other_mounts;
  // Directories or entries that could not be read: "PATH: what (errno name)".
  std::vector<std::string> warnings;
};

// Throws std::system_error when the root itself cannot be opened as a directory.
Snapshot take(const Options& options);

// True when `path` (or, for a pattern without '/', the last component of it) matches `pattern`.
bool excluded(const std::string& path, const std::vector<std::string>& patterns);

struct Diff {
  // Indexes into `after.entries` of entries that are new, and of entries present in both but changed
  // (file type, inode, size, mtime or ctime differ).
  std::vector<std::size_t> created;
  std::vector<std::size_t> modified;
  // Indexes into `before.entries` of entries gone in `after`.
  std::vector<std::size_t> deleted;
};

Diff diff(const Snapshot& before, const Snapshot& after);

}  // namespace praxi::snapshot
