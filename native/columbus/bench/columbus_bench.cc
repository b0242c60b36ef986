// Columbus core throughput on one core: reads changesets from a file (one change string per line,
// an empty line ends a changeset), tags them all repeatedly, prints JSON to stdout.
#include <chrono>
#include <fstream>
#include <iostream>
#include <sstream>

#include "praxi/columbus/columbus.h"

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: praxi_columbus_bench CHANGES_FILE [MIN_SECONDS]\n";
    return 2;
  }
  std::ifstream in(argv[1], std::ios::binary);
  if (!in) {
    std::cerr << "cannot read " << argv[1] << "\n";
    return 2;
  }
  const double min_seconds = argc > 2 ? std::stod(argv[2]) : 2.0;
  std::vector<std::vector<std::string>> changesets(1);
  std::string line;
  std::size_t paths = 0;
  while (std::getline(in, line)) {
    if (line.empty()) {
      if (!changesets.back().empty()) changesets.emplace_back();
      continue;
    }
    changesets.back().push_back(line);
    ++paths;
  }
  praxi::columbus::Options options;
  std::size_t tags = 0;
  std::size_t rounds = 0;
  const auto start = std::chrono::steady_clock::now();
  double elapsed = 0;
  do {
    for (const auto& cs : changesets) tags += praxi::columbus::tag(cs, options).size();
    ++rounds;
    elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  } while (elapsed < min_seconds);
  std::cout << "{\"changesets\": " << changesets.size() << ", \"paths\": " << paths << ", \"rounds\": " << rounds
            << ", \"seconds\": " << elapsed << ", \"paths_per_second\": " << static_cast<double>(paths * rounds) / elapsed
            << ", \"tags\": " << tags / rounds << "}\n";
  return 0;
}
