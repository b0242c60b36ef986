#include "praxi/vw/sparse_weights.h"

#include <cstring>

#include "praxi/vw/error.h"

namespace praxi::vw {

namespace {
constexpr size_t kInitialTable = 1024;
constexpr size_t kChunkBytes = 1 << 20;  // arena grows 1 MiB at a time: no big realloc copies
}  // namespace

SparseWeights::SparseWeights(uint32_t bits, uint32_t block_shift, uint32_t lanes)
    : bits_(bits), block_shift_(block_shift), lanes_(lanes) {
  if (lanes_ == 0 || block_shift_ > 32 || lanes_ > (1ULL << block_shift_))
    throw Error(errc::kArgs, "invalid weight layout");
  chunk_floats_ = std::max<size_t>(kChunkBytes / sizeof(float) / block_floats(), 1) * block_floats();
  zeros_.assign(block_floats(), 0.f);
  clear();
}

void SparseWeights::clear() {
  table_.assign(kInitialTable, Entry{0, nullptr});
  shift_ = 64 - 10;
  count_ = 0;
  chunks_.clear();
  chunk_used_ = chunk_floats_;
}

size_t SparseWeights::memory_bytes() const {
  return table_.size() * sizeof(Entry) + chunks_.size() * chunk_floats_ * sizeof(float);
}

const float* SparseWeights::find(uint64_t key) const {
  const size_t mask = table_.size() - 1;
  for (size_t i = slot_of(key);; i = (i + 1) & mask) {
    const Entry& e = table_[i];
    if (!e.ptr) return nullptr;
    if (e.key == key) return e.ptr;
  }
}

float* SparseWeights::allocate_block() {
  if (chunk_used_ + block_floats() > chunk_floats_) {
    chunks_.emplace_back(new float[chunk_floats_]());
    chunk_used_ = 0;
  }
  float* p = chunks_.back().get() + chunk_used_;
  chunk_used_ += block_floats();
  return p;
}

float* SparseWeights::find_or_create(uint64_t key) {
  size_t mask = table_.size() - 1;
  size_t i = slot_of(key);
  for (;; i = (i + 1) & mask) {
    Entry& e = table_[i];
    if (!e.ptr) break;
    if (e.key == key) return e.ptr;
  }
  if ((count_ + 1) * 10 > table_.size() * 7) {
    grow();
    mask = table_.size() - 1;
    for (i = slot_of(key); table_[i].ptr; i = (i + 1) & mask) {
    }
  }
  float* p = allocate_block();
  table_[i] = Entry{key, p};
  ++count_;
  return p;
}

void SparseWeights::grow() {
  std::vector<Entry> old;
  old.swap(table_);
  table_.assign(old.size() * 2, Entry{0, nullptr});
  --shift_;
  const size_t mask = table_.size() - 1;
  for (const Entry& e : old) {
    if (!e.ptr) continue;
    size_t i = slot_of(e.key);
    while (table_[i].ptr) i = (i + 1) & mask;
    table_[i] = e;
  }
}

}  // namespace praxi::vw
