// praxi-vw: the VW command-line subset of praxi::vw::run_command_line (for oracle comparisons).
#include <iostream>
#include <string>
#include <vector>

#include "praxi/vw/driver.h"

int main(int argc, char** argv) {
  std::ios::sync_with_stdio(false);
  std::vector<std::string> args(argv + 1, argv + argc);
  return praxi::vw::run_command_line(args, std::cout, std::cerr);
}
