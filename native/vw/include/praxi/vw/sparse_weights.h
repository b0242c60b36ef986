#pragma once
// Sparse storage of VW's weight array. VW allocates 2^bits * 4 floats up front (1 GiB for -b 26); we only
// keep the blocks that features actually touched. A block is the run of interleaved class slots of one
// feature hash (weight index = block << block_shift | lane), each slot 4 floats
// [weight, adaptive sum g^2, normalizer, scratch rate] like VW's stride-4 layout.
// Open addressing (linear probing) maps block -> pointer into a chunked arena, so pointers stay valid
// while new blocks are added during a learn step.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

namespace praxi::vw {

class SparseWeights {
 public:
  static constexpr uint32_t kSlotFloats = 4;

  SparseWeights(uint32_t bits, uint32_t block_shift, uint32_t lanes);
  SparseWeights(const SparseWeights&) = delete;
  SparseWeights& operator=(const SparseWeights&) = delete;
  SparseWeights(SparseWeights&&) = default;
  SparseWeights& operator=(SparseWeights&&) = default;

  uint32_t bits() const { return bits_; }
  uint32_t block_shift() const { return block_shift_; }
  uint32_t lanes() const { return lanes_; }
  size_t block_floats() const { return static_cast<size_t>(lanes_) * kSlotFloats; }
  size_t num_blocks() const { return count_; }
  size_t memory_bytes() const;

  // Block for a weight index's block id, or nullptr when never written.
  const float* find(uint64_t block) const;
  float* find(uint64_t block) { return const_cast<float*>(static_cast<const SparseWeights*>(this)->find(block)); }
  float* find_or_create(uint64_t block);
  // A block of zeros for reads of absent features (never written through).
  const float* zero_block() const { return zeros_.data(); }

  // Weight index of (block, lane), and the inverse split.
  uint64_t weight_index(uint64_t block, uint32_t lane) const { return (block << block_shift_) | lane; }
  bool split(uint64_t weight_index, uint64_t& block, uint32_t& lane) const {
    block = weight_index >> block_shift_;
    lane = static_cast<uint32_t>(weight_index & ((1ULL << block_shift_) - 1));
    return lane < lanes_;
  }

  // Visits blocks in increasing block id (VW writes weights in index order).
  template <typename F>
  void for_each_sorted(F&& f) const {
    std::vector<std::pair<uint64_t, const float*>> v;
    v.reserve(count_);
    for (const auto& e : table_)
      if (e.ptr) v.emplace_back(e.key, e.ptr);
    std::sort(v.begin(), v.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    for (const auto& [k, p] : v) f(k, p);
  }

  void clear();

 private:
  struct Entry {
    uint64_t key;
    float* ptr;  // nullptr = empty
  };
  size_t slot_of(uint64_t key) const {
    return static_cast<size_t>((key * 0x9E3779B97F4A7C15ULL) >> shift_);
  }
  void grow();
  float* allocate_block();

  uint32_t bits_;
  uint32_t block_shift_;
  uint32_t lanes_;
  std::vector<Entry> table_;
  unsigned shift_ = 0;  // 64 - log2(table size)
  size_t count_ = 0;
  std::vector<std::unique_ptr<float[]>> chunks_;
  size_t chunk_used_ = 0;  // floats used in the last chunk
  size_t chunk_floats_ = 0;
  std::vector<float> zeros_;
};

}  // namespace praxi::vw
