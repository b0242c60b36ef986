#include "praxi/columbus/columbus.h"

namespace praxi::columbus {

FilterList FilterList::parse(std::string_view text) {
  FilterList list;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (!line.empty()) list.entries_.emplace(line);
    pos = end + 1;
  }
  return list;
}

}  // namespace praxi::columbus
