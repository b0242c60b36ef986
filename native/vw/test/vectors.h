#pragma once
// Helpers for tests that read the oracle vectors in <shared>/vectors/vw and run vw-style commands.
#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace praxi::vw::test {

std::string shared_dir();
std::string vectors_dir();  // "" when the shared vectors are absent
std::string temp_dir();     // a fresh per-process scratch directory
std::string read_file(const std::string& path);
std::vector<uint8_t> read_bytes(const std::string& path);
bool exists(const std::string& path);
std::vector<std::string> split_ws(const std::string& s);
std::vector<std::string> lines(const std::string& text);
// Runs praxi::vw::run_command_line with the vector directory as working base for relative data paths.
int run_vw(const std::vector<std::string>& args, std::string* err_text = nullptr);

}  // namespace praxi::vw::test

#define PRAXI_REQUIRE_VECTORS()                                                                    \
  do {                                                                                              \
    if (::praxi::vw::test::vectors_dir().empty())                                                  \
      GTEST_SKIP() << "oracle vectors not found at " << ::praxi::vw::test::shared_dir()            \
                   << "/vectors/vw (set up /work/shared to run this test)";                        \
  } while (0)
