// KvCacheManager: block arithmetic and the 0 <= used <= capacity invariant.
#include "sched/kv_cache_manager.hpp"

#include <gtest/gtest.h>

#include "sim/core/error.hpp"

namespace servesim {
namespace {

TEST(KvCacheManager, BlocksForRoundsUpToWholeBlocks) {
  KvCacheManager kv(100, 16);
  EXPECT_EQ(kv.blocks_for(0), 0);
  EXPECT_EQ(kv.blocks_for(1), 1);       // 1 token still takes a block
  EXPECT_EQ(kv.blocks_for(16), 1);      // exactly one block
  EXPECT_EQ(kv.blocks_for(17), 2);      // spills into a second
  EXPECT_EQ(kv.blocks_for(2048), 128);  // 2048 / 16
}

TEST(KvCacheManager, AllocateAndReleaseTrackUsedFreeAndPeak) {
  KvCacheManager kv(10, 16);
  kv.allocate(4);
  kv.allocate(5);
  EXPECT_EQ(kv.used_blocks(), 9);
  EXPECT_EQ(kv.free_blocks(), 1);  // 10 - 9
  EXPECT_DOUBLE_EQ(kv.utilisation(), 0.9);
  kv.release(6);
  EXPECT_EQ(kv.used_blocks(), 3);
  EXPECT_EQ(kv.peak_used_blocks(), 9);  // the peak remembers the high-water mark
  kv.release(3);
  EXPECT_EQ(kv.used_blocks(), 0);
}

TEST(KvCacheManager, CanAllocateExactlyUpToCapacity) {
  KvCacheManager kv(10, 16);
  kv.allocate(7);
  EXPECT_TRUE(kv.can_allocate(3));   // 7 + 3 = 10 = capacity
  EXPECT_FALSE(kv.can_allocate(4));  // 7 + 4 = 11 > 10
  kv.allocate(3);
  EXPECT_EQ(kv.free_blocks(), 0);
  EXPECT_DOUBLE_EQ(kv.utilisation(), 1.0);
}

TEST(KvCacheManager, OverAllocationAndOverReleaseAreCheckFailures) {
  KvCacheManager kv(10, 16);
  kv.allocate(8);
  EXPECT_THROW(kv.allocate(3), CheckFailure);  // would reach 11 of 10
  EXPECT_EQ(kv.used_blocks(), 8);              // a failed allocation changes nothing
  EXPECT_THROW(kv.release(9), CheckFailure);   // holds only 8
  EXPECT_THROW(kv.allocate(-1), CheckFailure);
  EXPECT_THROW(KvCacheManager(-1, 16), CheckFailure);
  EXPECT_THROW(KvCacheManager(10, 0), CheckFailure);
}

TEST(KvCacheManager, EmptyCacheReportsZeroUtilisation) {
  KvCacheManager kv(0, 16);
  EXPECT_DOUBLE_EQ(kv.utilisation(), 0.0);
  EXPECT_FALSE(kv.can_allocate(1));
  EXPECT_TRUE(kv.can_allocate(0));
}

}  // namespace
}  // namespace servesim
