// A libFuzzer-compatible driver for compilers without -fsanitize=fuzzer (g++): runs
// LLVMFuzzerTestOneInput once per file named on the command line (directories are walked), so ctest
// replays the committed corpus and every regression input under ASan + UBSan in `npm test`.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace fs = std::filesystem;

static void run_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "cannot read %s\n", p.c_str());
    std::exit(2);
  }
  std::vector<char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  // An exactly sized heap copy, so ASan sees any read past the end of the input.
  std::vector<uint8_t> exact(bytes.begin(), bytes.end());
  uint8_t* buf = exact.empty() ? nullptr : new uint8_t[exact.size()];
  if (buf) std::copy(exact.begin(), exact.end(), buf);
  LLVMFuzzerTestOneInput(buf, exact.size());
  delete[] buf;
}

int main(int argc, char** argv) {
  std::size_t count = 0;
  for (int i = 1; i < argc; ++i) {
    const fs::path arg(argv[i]);
    if (fs::is_directory(arg)) {
      std::vector<fs::path> files;
      for (const auto& e : fs::recursive_directory_iterator(arg))
        if (e.is_regular_file()) files.push_back(e.path());
      std::sort(files.begin(), files.end());
      for (const auto& f : files) run_file(f), ++count;
    } else if (fs::exists(arg)) {
      run_file(arg), ++count;
    }
  }
  std::printf("replayed %zu inputs\n", count);
  return 0;
}
