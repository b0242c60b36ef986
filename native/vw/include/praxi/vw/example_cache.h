#pragma once
// Binary example cache used for --passes > 1 (-c / --cache_file). This is praxi's own format, not vw's:
//   header: "PRAXIVWC" | u32 format version (1) | u32 label type | u32 bits | u32 hash mode |
//           u32 hash seed | u32 constant flag
//   records: u32 byte length | label (f32 label, f32 weight, f32 initial, u8 has_class, u32 class,
//            u32 n, n x (u32 class, f32 cost), u8 has_multilabels, u32 n, n x u32) |
//            u32 tag length, tag bytes | u32 namespace count, count x (u8 index, u32 features) |
//            features x (u64 index, f32 value)
// All little-endian. A cache whose header does not match the current parse settings is rebuilt.
#include <cstdio>
#include <string>
#include <vector>

#include "praxi/vw/example.h"
#include "praxi/vw/text_parser.h"

namespace praxi::vw {

class CacheWriter {
 public:
  CacheWriter(const std::string& path, const ParseConfig& config);  // throws Error("VW_IO")
  ~CacheWriter();
  CacheWriter(const CacheWriter&) = delete;
  CacheWriter& operator=(const CacheWriter&) = delete;
  void write(const Example& ex);
  void close();

 private:
  std::FILE* f_ = nullptr;
  std::string path_;
  std::string buf_;
};

class CacheReader {
 public:
  // Returns false (and stays closed) when the file is absent or was made with other parse settings.
  bool open(const std::string& path, const ParseConfig& config);
  ~CacheReader();
  // False at the end; throws Error("VW_IO") on a damaged record.
  bool next(Example& ex);
  void rewind();

 private:
  std::FILE* f_ = nullptr;
  std::string path_;
  long data_start_ = 0;
  std::vector<char> buf_;
  LabelType label_type_ = LabelType::Simple;
};

}  // namespace praxi::vw
