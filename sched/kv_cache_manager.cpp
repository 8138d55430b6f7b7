// Block accounting with always-on invariant checks.
#include "sched/kv_cache_manager.hpp"

#include <algorithm>

#include "sim/core/error.hpp"

namespace servesim {

KvCacheManager::KvCacheManager(std::int64_t capacity_blocks, int block_size)
    : capacity_(capacity_blocks), block_size_(block_size) {
  SERVESIM_CHECK(capacity_blocks >= 0 && block_size > 0);
}

void KvCacheManager::allocate(std::int64_t blocks) {
  SERVESIM_CHECK(blocks >= 0 && used_ + blocks <= capacity_, "KV cache over-allocated");
  used_ += blocks;
  peak_ = std::max(peak_, used_);
}

void KvCacheManager::release(std::int64_t blocks) {
  SERVESIM_CHECK(blocks >= 0 && blocks <= used_, "KV cache released more than it holds");
  used_ -= blocks;
}

}  // namespace servesim
