// Golden vectors of the original Columbus (shared/vectors/columbus): exact tags, counts, order.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "mini_json.h"
#include "praxi/columbus/columbus.h"

namespace fs = std::filesystem;
using praxi::columbus::FilterList;
using praxi::columbus::Options;
using praxi::columbus::TagSet;
using praxi::testing::Json;
using praxi::testing::JsonParser;

namespace {

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + p.string());
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::vector<std::string> as_strings(const TagSet& t) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < t.size(); ++i) out.push_back(std::string(t.tag(i)) + ":" + std::to_string(t.counts[i]));
  return out;
}

const FilterList& praxi_filter() {
  static const FilterList list = FilterList::parse(read_file(PRAXI_FILTER_FILE));
  return list;
}

fs::path vectors_dir() { return fs::path(PRAXI_SHARED_DIR) / "vectors" / "columbus"; }

// The sample's changesets are PyYAML output: `- '<path>'` lines under `changes:`. This reader
// accepts exactly that shape (and '' escapes) and fails on anything else.
std::vector<std::string> read_sample_changes(const fs::path& p) {
  std::istringstream in(read_file(p));
  std::string line;
  std::vector<std::string> out;
  bool in_changes = false;
  while (std::getline(in, line)) {
    if (line == "changes:") {
      in_changes = true;
      continue;
    }
    if (line.rfind("- ", 0) != 0) {
      in_changes = false;
      continue;
    }
    if (!in_changes) continue;
    std::string v = line.substr(2);
    if (v.size() < 2 || v.front() != '\'' || v.back() != '\'') throw std::runtime_error("unexpected entry in " + p.string() + ": " + line);
    v = v.substr(1, v.size() - 2);
    std::string unq;
    for (std::size_t i = 0; i < v.size(); ++i) {
      unq += v[i];
      if (v[i] == '\'') ++i;
    }
    out.push_back(unq);
  }
  return out;
}

}  // namespace

TEST(ColumbusGolden, EdgeCases) {
  const fs::path file = vectors_dir() / "edge-cases.jsonl";
  if (!fs::exists(file)) GTEST_SKIP() << "shared golden vectors not found at " << file << " (a user's machine)";
  std::istringstream in(read_file(file));
  std::string line;
  const FilterList none;
  int cases = 0;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    const Json c = JsonParser(line).parse();
    Options o;
    o.threshold = static_cast<std::uint32_t>(c.at("freq_threshold").number);
    o.filter = c.at("filter").string == "praxi" ? &praxi_filter() : &none;
    const auto got = as_strings(praxi::columbus::tag(c.at("changes").strings(), o));
    EXPECT_EQ(got, c.at("tags").strings()) << c.at("name").string << " threshold " << o.threshold << " filter " << c.at("filter").string;
    ++cases;
  }
  EXPECT_EQ(cases, 64);
}

TEST(ColumbusGolden, DebianSample) {
  const fs::path file = vectors_dir() / "debian-sample.tags.jsonl";
  const fs::path data = fs::path(PRAXI_SHARED_DIR) / "data" / "debian-sample";
  if (!fs::exists(file) || !fs::exists(data)) GTEST_SKIP() << "shared golden vectors not found at " << file;
  std::istringstream in(read_file(file));
  std::string line;
  Options o;
  o.filter = &praxi_filter();
  int files = 0;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    const Json c = JsonParser(line).parse();
    const auto got = as_strings(praxi::columbus::tag(read_sample_changes(data / c.at("file").string), o));
    ASSERT_EQ(got, c.at("tags").strings()) << c.at("file").string;
    ++files;
  }
  EXPECT_EQ(files, 920);
}
