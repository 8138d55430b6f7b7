// The paged KV cache of one instance: a pool of fixed-size blocks handed to sequences.
#pragma once

#include <cstdint>

namespace servesim {

/// Counts blocks of `block_size` tokens. Invariant: 0 <= used <= capacity. Sequences hold
/// whole blocks; the scheduler asks for blocks before a step writes tokens and returns them
/// when a sequence finishes or is preempted.
class KvCacheManager {
 public:
  KvCacheManager(std::int64_t capacity_blocks, int block_size);

  /// Blocks needed to hold `tokens` tokens.
  std::int64_t blocks_for(std::int64_t tokens) const {
    return (tokens + block_size_ - 1) / block_size_;
  }
  bool can_allocate(std::int64_t blocks) const { return used_ + blocks <= capacity_; }
  /// Takes `blocks` blocks; they must be free.
  void allocate(std::int64_t blocks);
  /// Returns `blocks` blocks.
  void release(std::int64_t blocks);

  std::int64_t capacity_blocks() const { return capacity_; }
  std::int64_t used_blocks() const { return used_; }
  std::int64_t free_blocks() const { return capacity_ - used_; }
  std::int64_t peak_used_blocks() const { return peak_; }
  int block_size() const { return block_size_; }
  double utilisation() const { return capacity_ ? double(used_) / double(capacity_) : 0.0; }

 private:
  std::int64_t capacity_;
  int block_size_;
  std::int64_t used_ = 0;
  std::int64_t peak_ = 0;
};

}  // namespace servesim
