// Throughput of parse_yaml_fast on a generated Praxi-shaped document (default 64 MB).
// Usage: praxi_changeset_bench [MB]
#include "praxi/changeset/fast_parse.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

int main(int argc, char** argv) {
  const double mb = argc > 1 ? std::atof(argv[1]) : 64.0;
  std::string text = "changes:\n";
  for (unsigned i = 0; text.size() < mb * 1e6; ++i) {
    // Mix of quoted and plain entries of realistic length (~70 bytes).
    if (i % 2 == 0) {
      text += "- '000 /usr/share/locale/gl/LC_MESSAGES/package" + std::to_string(i) + ".mo.dpkg-new'\n";
    } else {
      text += "- 644 /usr/lib/x86_64-linux-gnu/perl5/5.36/auto/Module" + std::to_string(i) + "/Thing.so\n";
    }
  }
  text += "close_time: 1600000090.000\nlabel: 'bench'\nopen_time: 1600000060.000\n";
  praxi::changeset::Changeset out;
  double best = 1e9;
  for (int rep = 0; rep < 5; ++rep) {
    const auto t0 = std::chrono::steady_clock::now();
    const auto res = praxi::changeset::parse_yaml_fast(text, out);
    const auto t1 = std::chrono::steady_clock::now();
    if (res != praxi::changeset::FastParse::ok) {
      std::fprintf(stderr, "unexpected fallback\n");
      return 1;
    }
    best = std::min(best, std::chrono::duration<double>(t1 - t0).count());
  }
  std::printf("%.1f MB, %zu entries: best %.3f s = %.0f MB/s\n", text.size() / 1e6, out.changes.size(), best,
              text.size() / 1e6 / best);
  return 0;
}
