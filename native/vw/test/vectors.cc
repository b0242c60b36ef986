#include "vectors.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <sstream>

#include "praxi/vw/driver.h"

namespace praxi::vw::test {

std::string shared_dir() { return PRAXI_SHARED_DIR; }

bool exists(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0;
}

std::string vectors_dir() {
  const std::string d = shared_dir() + "/vectors/vw";
  return exists(d + "/data/mc_train.txt") ? d : std::string();
}

std::string temp_dir() {
  static std::string dir;
  if (dir.empty()) {
    char tmpl[] = "/tmp/praxi_vw_test_XXXXXX";
    const char* d = ::mkdtemp(tmpl);
    dir = d ? d : "/tmp";
  }
  return dir;
}

std::string read_file(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
}

std::vector<uint8_t> read_bytes(const std::string& path) {
  const std::string s = read_file(path);
  return std::vector<uint8_t>(s.begin(), s.end());
}

std::vector<std::string> split_ws(const std::string& s) {
  std::istringstream in(s);
  std::vector<std::string> out;
  std::string t;
  while (in >> t) out.push_back(t);
  return out;
}

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  std::string l;
  while (std::getline(in, l)) out.push_back(l);
  return out;
}

int run_vw(const std::vector<std::string>& args, std::string* err_text) {
  std::ostringstream out, err;
  const int rc = praxi::vw::run_command_line(args, out, err);
  if (err_text) *err_text = err.str();
  return rc;
}

}  // namespace praxi::vw::test
