#include <gtest/gtest.h>

#include "utf8.h"

using praxi::columbus::detail::find_invalid_utf8;
constexpr auto npos = std::string_view::npos;

TEST(Utf8, AcceptsValidSequences) {
  EXPECT_EQ(find_invalid_utf8("plain ascii"), npos);
  EXPECT_EQ(find_invalid_utf8("caf\xC3\xA9 \xE4\xB8\xAD \xF0\x9F\x98\x80"), npos);
  EXPECT_EQ(find_invalid_utf8("\xF4\x8F\xBF\xBF"), npos);  // U+10FFFF
}

TEST(Utf8, RejectsMalformedSequences) {
  EXPECT_EQ(find_invalid_utf8("ab\x80"), 2u);              // stray continuation
  EXPECT_EQ(find_invalid_utf8("\xC0\xAF"), 0u);            // overlong
  EXPECT_EQ(find_invalid_utf8("\xE0\x80\xAF"), 0u);        // overlong
  EXPECT_EQ(find_invalid_utf8("x\xED\xA0\x80"), 1u);      // surrogate
  EXPECT_EQ(find_invalid_utf8("\xF4\x90\x80\x80"), 0u);    // > U+10FFFF
  EXPECT_EQ(find_invalid_utf8("\xE4\xB8"), 0u);            // truncated
  EXPECT_EQ(find_invalid_utf8("\xFF"), 0u);
}
