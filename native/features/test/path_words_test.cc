#include <gtest/gtest.h>

#include "praxi/features/path_words.h"

using praxi::features::change_path;
using praxi::features::fold_word;
using praxi::features::PathWords;

TEST(PathWords, ChangePathDropsModeAndTemporarySuffix) {
  EXPECT_EQ(change_path("000 /usr/bin/dcraw.dpkg-new"), "/usr/bin/dcraw");
  EXPECT_EQ(change_path("0644 /etc/x.conf.ucf-dist"), "/etc/x.conf");
  EXPECT_EQ(change_path("/usr/lib/a.dpkg-tmp"), "/usr/lib/a");
  // Not a mode: 8 is no octal digit, two digits are too few, no space.
  EXPECT_EQ(change_path("888 /a"), "888 /a");
  EXPECT_EQ(change_path("64 /a"), "64 /a");
  EXPECT_EQ(change_path("644/a"), "644/a");
  // Only one suffix, only at the end.
  EXPECT_EQ(change_path("/a.dpkg-new.dpkg-new"), "/a.dpkg-new");
  EXPECT_EQ(change_path("/a.dpkg-new/b"), "/a.dpkg-new/b");
}

TEST(PathWords, FoldsDigitRunsAndVwSeparators) {
  EXPECT_EQ(fold_word("nanoc-4.12.14"), "nanoc-0.0.0");
  EXPECT_EQ(fold_word("python3.11"), "python0.0");
  EXPECT_EQ(fold_word("libnl-3-200:amd64.list"), "libnl-0-0_amd0.list");
  EXPECT_EQ(fold_word("My File|x\ty"), "My_File_x_y");
  EXPECT_EQ(fold_word(""), "");
}

TEST(PathWords, CountsDistinctWordsSortedByBytes) {
  PathWords w;
  w.add("000 /usr/share/doc/foo-1.2/copyright.dpkg-new");
  w.add("644 /usr/share/doc/foo-1.3/changelog.gz");
  w.add("/usr//./bin/foo");
  const auto sets = w.finish();
  const auto& set = sets.all;
  ASSERT_EQ(set.size(), 8u);
  const char* want[] = {"bin", "changelog.gz", "copyright", "doc", "foo", "foo-0.0", "share", "usr"};
  const std::uint32_t counts[] = {1, 1, 1, 2, 1, 2, 2, 3};
  for (std::size_t i = 0; i < 8; ++i) {
    EXPECT_EQ(set.tag(i), want[i]) << i;
    EXPECT_EQ(set.counts[i], counts[i]) << i;
  }
  // Directory words: components before the last, counted where they name a directory.
  ASSERT_EQ(sets.directories.size(), 5u);
  const char* dirs[] = {"bin", "doc", "foo-0.0", "share", "usr"};
  const std::uint32_t dir_counts[] = {1, 2, 2, 2, 3};
  for (std::size_t i = 0; i < 5; ++i) {
    EXPECT_EQ(sets.directories.tag(i), dirs[i]) << i;
    EXPECT_EQ(sets.directories.counts[i], dir_counts[i]) << i;
  }
  // finish() resets: the next changeset starts empty.
  const auto next = w.finish();
  EXPECT_EQ(next.all.size(), 0u);
  EXPECT_EQ(next.directories.size(), 0u);
}
