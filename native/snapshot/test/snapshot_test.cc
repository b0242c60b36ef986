#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <string>
#include <system_error>

#include "praxi/snapshot/snapshot.h"

namespace praxi::snapshot {
namespace {

class TempTree : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/praxi-snapshot-XXXXXX";
    ASSERT_NE(::mkdtemp(tmpl), nullptr);
    root_ = tmpl;
  }
  void TearDown() override { std::system(("rm -rf '" + root_ + "'").c_str()); }
  void mkdir(const std::string& rel) { ASSERT_EQ(::mkdir((root_ + rel).c_str(), 0755), 0); }
  void write(const std::string& rel, const std::string& text) { std::ofstream(root_ + rel) << text; }
  std::vector<std::string> paths(const Snapshot& s) {
    std::vector<std::string> out;
    for (const auto& e : s.entries) out.push_back(e.path);
    return out;
  }
  std::string root_;
};

TEST_F(TempTree, ListsNonDirectoriesSortedWithoutFollowingSymlinks) {
  mkdir("/b");
  mkdir("/a");
  write("/b/x", "1");
  write("/a/y", "22");
  ASSERT_EQ(::symlink("/etc", (root_ + "/a/link").c_str()), 0);
  const Snapshot s = take({root_, {}, true, 3});
  EXPECT_EQ(paths(s), (std::vector<std::string>{"/a/link", "/a/y", "/b/x"}));
  EXPECT_TRUE(S_ISLNK(s.entries[0].mode));
  EXPECT_EQ(s.entries[1].size, 2u);
  EXPECT_EQ(s.directories, 3u);
  EXPECT_TRUE(s.warnings.empty());
}

TEST_F(TempTree, ReadsDirectoriesLargerThanOneListingBufferAndManyChunks) {
  // 12,000 long names: several kernel listing reads for one directory, and more entries than one
  // storage chunk holds, on every thread count.
  mkdir("/big");
  const std::string pad(40, 'n');
  for (int i = 0; i < 12000; ++i) write("/big/" + pad + std::to_string(i), "");
  for (unsigned threads : {1u, 4u}) {
    const Snapshot s = take({root_, {}, true, threads});
    ASSERT_EQ(s.entries.size(), 12000u);
    for (std::size_t i = 1; i < s.entries.size(); ++i) ASSERT_LT(s.entries[i - 1].path, s.entries[i].path);
    EXPECT_EQ(s.entries.front().path, "/big/" + pad + "0");
    EXPECT_TRUE(s.warnings.empty());
  }
}

TEST_F(TempTree, WithoutStatListsNamesAndTypesOnly) {
  mkdir("/d");
  write("/d/f", "abc");
  ASSERT_EQ(::symlink("f", (root_ + "/d/l").c_str()), 0);
  Options o{root_, {}, true, 2};
  o.stat = false;
  const Snapshot s = take(o);
  EXPECT_EQ(paths(s), (std::vector<std::string>{"/d/f", "/d/l"}));
  EXPECT_TRUE(S_ISREG(s.entries[0].mode));
  EXPECT_TRUE(S_ISLNK(s.entries[1].mode));
  EXPECT_EQ(s.entries[0].size, 0u);
}

TEST_F(TempTree, ExcludesPathsNamesAndGlobs) {
  mkdir("/cache");
  mkdir("/home");
  mkdir("/home/u");
  mkdir("/home/u/.cache");
  write("/cache/big", "x");
  write("/home/u/.cache/c", "x");
  write("/home/u/keep", "x");
  write("/home/u/m.pyc", "x");
  const Snapshot s = take({root_, {"/cache/", "/home/*/.cache/", "*.pyc"}, true, 1});
  EXPECT_EQ(paths(s), (std::vector<std::string>{"/home/u/keep"}));
  EXPECT_TRUE(excluded("/a/b.pyc", {"*.pyc"}));
  EXPECT_FALSE(excluded("/home/u/x/.cache", {"/home/*/.cache"}));
}

// Runs as an unprivileged user (in a child process when the test runs as root, which reads every
// directory whatever its mode).
TEST_F(TempTree, UnreadableDirectoryIsReportedAndSkipped) {
  mkdir("/closed");
  write("/closed/f", "x");
  write("/open", "x");
  ASSERT_EQ(::chmod(root_.c_str(), 0755), 0);
  ASSERT_EQ(::chmod((root_ + "/closed").c_str(), 0), 0);
  auto check = [this] {
    const Snapshot s = take({root_, {}, true, 2});
    return paths(s) == std::vector<std::string>{"/open"} && s.warnings.size() == 1 &&
           s.warnings[0] == "/closed: cannot read directory (EACCES)";
  };
  bool ok;
  if (::geteuid() != 0) {
    ok = check();
  } else {
    const pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) _exit(::setgid(65534) == 0 && ::setuid(65534) == 0 && check() ? 0 : 1);
    int status = 0;
    ASSERT_EQ(::waitpid(pid, &status, 0), pid);
    ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
  }
  ::chmod((root_ + "/closed").c_str(), 0755);
  EXPECT_TRUE(ok);
}

TEST_F(TempTree, DiffFindsCreatedModifiedAndDeleted) {
  write("/same", "x");
  write("/grows", "x");
  write("/goes", "x");
  const Snapshot before = take({root_, {}, true, 2});
  write("/grows", "xyz");
  write("/new", "n");
  ASSERT_EQ(::unlink((root_ + "/goes").c_str()), 0);
  const Snapshot after = take({root_, {}, true, 2});
  const Diff d = diff(before, after);
  ASSERT_EQ(d.created.size(), 1u);
  EXPECT_EQ(after.entries[d.created[0]].path, "/new");
  ASSERT_EQ(d.modified.size(), 1u);
  EXPECT_EQ(after.entries[d.modified[0]].path, "/grows");
  ASSERT_EQ(d.deleted.size(), 1u);
  EXPECT_EQ(before.entries[d.deleted[0]].path, "/goes");
}

TEST(Snapshot, MissingRootThrows) {
  EXPECT_THROW(take({"/nonexistent/praxi-root", {}, true, 1}), std::system_error);
}

}  // namespace
}  // namespace praxi::snapshot
