// Trains with our engine on every recorded vw run (a_ .. j_ except --audit) and compares the outputs with
// vw-exact's: -p/-r text identical, readable-model weights within 1e-5 relative, state lines identical.
#include <gtest/gtest.h>

#include <dirent.h>

#include <algorithm>
#include <cmath>

#include "vectors.h"

namespace praxi::vw {
namespace {

struct VwRun {
  std::string name;
  std::vector<std::string> args;
  std::vector<std::string> outputs;  // basenames written under out_std/
};

std::vector<VwRun> load_runs() {
  std::vector<VwRun> runs;
  const std::string dir = test::vectors_dir() + "/out_std";
  DIR* d = ::opendir(dir.c_str());
  if (!d) return runs;
  while (dirent* e = ::readdir(d)) {
    const std::string n = e->d_name;
    if (n.size() < 5 || n.substr(n.size() - 4) != ".cmd") continue;
    const auto toks = test::split_ws(test::read_file(dir + "/" + n));
    VwRun r;
    r.name = n.substr(0, n.size() - 4);
    bool audit = false;
    for (size_t i = 1; i < toks.size(); ++i) {
      std::string t = toks[i];
      if (t == "--audit") audit = true;
      if (t == "--invert_hash") {  // not part of the supported subset
        ++i;
        continue;
      }
      if (t.rfind("out_std/", 0) == 0) {
        r.outputs.push_back(t.substr(8));
        t = test::temp_dir() + "/train_" + t.substr(8);
      } else if (t.rfind("data/", 0) == 0) {
        t = test::vectors_dir() + "/" + t;
      }
      r.args.push_back(t);
    }
    if (!audit) runs.push_back(r);
  }
  ::closedir(d);
  // Runs that read a model (-i) go after the runs that write them.
  std::sort(runs.begin(), runs.end(), [](const VwRun& a, const VwRun& b) {
    const bool ai = std::find(a.args.begin(), a.args.end(), "-i") != a.args.end();
    const bool bi = std::find(b.args.begin(), b.args.end(), "-i") != b.args.end();
    return ai != bi ? !ai : a.name < b.name;
  });
  return runs;
}

bool ends_with(const std::string& s, const std::string& x) {
  return s.size() >= x.size() && s.compare(s.size() - x.size(), x.size(), x) == 0;
}

void compare_readable(const std::string& want_text, const std::string& got_text) {
  const auto want = test::lines(want_text), got = test::lines(got_text);
  ASSERT_EQ(want.size(), got.size());
  for (size_t i = 0; i < want.size(); ++i) {
    const std::string& w = want[i];
    const size_t colon = w.find(':');
    const bool weight_line = colon != std::string::npos && colon > 0 &&
                             w.find_first_not_of("0123456789") == colon;
    if (!weight_line) {
      EXPECT_EQ(got[i], w) << "line " << i + 1;
      continue;
    }
    ASSERT_EQ(got[i].substr(0, got[i].find(':')), w.substr(0, colon)) << "weight index, line " << i + 1;
    const auto a = test::split_ws(w.substr(colon + 1));
    const auto b = test::split_ws(got[i].substr(got[i].find(':') + 1));
    ASSERT_EQ(a.size(), b.size());
    for (size_t k = 0; k < a.size(); ++k) {
      const double x = std::stod(a[k]), y = std::stod(b[k]);
      EXPECT_LE(std::fabs(x - y), 1e-5 * std::max(1.0, std::fabs(x))) << "line " << i + 1 << ": " << w << " vs " << got[i];
    }
  }
}

TEST(VwTraining, ReproducesEveryVwExactRun) {
  PRAXI_REQUIRE_VECTORS();
  const auto runs = load_runs();
  ASSERT_GE(runs.size(), 25u);
  size_t compared = 0;
  for (const VwRun& r : runs) {
    SCOPED_TRACE(r.name);
    std::string err;
    ASSERT_EQ(test::run_vw(r.args, &err), 0) << err;
    for (const std::string& out : r.outputs) {
      const std::string want = test::vectors_dir() + "/out_std/" + out;
      const std::string got = test::temp_dir() + "/train_" + out;
      if (!test::exists(want)) continue;  // cache files are deleted by the recorder
      SCOPED_TRACE(out);
      if (ends_with(out, ".pred") || ends_with(out, ".raw")) {
        EXPECT_EQ(test::read_file(got), test::read_file(want));
        ++compared;
      } else if (ends_with(out, ".readable.txt")) {
        compare_readable(test::read_file(want), test::read_file(got));
        ++compared;
      } else if (ends_with(out, ".vw")) {
        EXPECT_EQ(test::read_bytes(got), test::read_bytes(want)) << "model bytes differ";
        ++compared;
      }
    }
  }
  EXPECT_GE(compared, 50u);
}

TEST(VwTraining, RsqrtModeMatchesDefaultVwBuild) {
  PRAXI_REQUIRE_VECTORS();
#if !(defined(__SSE__) || defined(_M_X64))
  GTEST_SKIP() << "rsqrtss mode needs x86 SSE";
#endif
  // The default vw build uses the SSE rsqrtss approximation; --rsqrt_approx mimics it.
  const std::string dir = test::vectors_dir();
  const std::string raw = test::temp_dir() + "/simd.raw";
  ASSERT_EQ(test::run_vw({"--oaa", "5", "-d", dir + "/data/mc_train.txt", "-r", raw, "--rsqrt_approx", "--quiet"}), 0);
  EXPECT_EQ(test::read_file(raw), test::read_file(dir + "/out_simd/a_oaa5.train.raw"));
}

}  // namespace
}  // namespace praxi::vw
