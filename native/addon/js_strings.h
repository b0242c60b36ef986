#pragma once

#include <napi.h>

#include <cstddef>
#include <functional>
#include <string>

namespace praxi::addon {

// `count` strings as one JS array. One N-API string per item costs ~10x what building them takes,
// so the items cross as one string joined by `separator` that V8's own String.prototype.split
// (cheap sliced strings) takes apart. The joined string holds only the ASCII items and is made as
// Latin-1 (a copy, no decoding): one non-ASCII name among 500,000 would otherwise make the whole
// join a UTF-8 decode into a two-byte string, several times slower, and every slice two-byte. The
// other items are decoded one by one and put in their places. When an item contains the separator,
// every item is made one by one.
Napi::Array split_strings(Napi::Env env, std::size_t count, const std::function<const std::string&(std::size_t)>& item, char separator);

}  // namespace praxi::addon
