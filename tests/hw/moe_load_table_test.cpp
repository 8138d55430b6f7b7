// MoE load tables: imbalance is 1 for a single rank, grows as tokens per expert shrink, shrinks
// with redundant experts (EPLB); active experts follow the balls-in-bins expectation.
#include "hw/moe_load_table.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace servesim {
namespace {

MoeLoadKey deepseek_key(int ranks, int redundant = 0, double skew = 0) {
  MoeLoadKey k;
  k.num_experts = 256;
  k.top_k = 8;
  k.ranks = ranks;
  k.redundant_experts = redundant;
  k.skew = skew;
  return k;
}

TEST(MoeLoadTable, SingleRankIsPerfectlyBalanced) {
  const auto t = MoeLoadTable::get(deepseek_key(1));
  for (double tokens : {1.0, 7.0, 64.0, 4096.0}) {
    EXPECT_DOUBLE_EQ(t->imbalance(tokens), 1.0);
    // All 8 * tokens assignments land on the one rank.
    EXPECT_DOUBLE_EQ(t->max_rank_assignments(tokens), 8 * tokens);
  }
}

TEST(MoeLoadTable, ImbalanceGrowsAsTokensPerExpertShrink) {
  const auto t = MoeLoadTable::get(deepseek_key(8));
  double previous = 1e9;
  for (double tokens : {1.0, 4.0, 16.0, 64.0, 256.0, 1024.0, 8192.0}) {
    const double imb = t->imbalance(tokens);
    EXPECT_GE(imb, 1.0);
    EXPECT_LT(imb, previous + 1e-9) << tokens;
    previous = imb;
  }
  // One token: 8 distinct experts over 8 ranks of 32. The busiest rank holds >= 2 of them with
  // high probability, so the max is well above the mean of 1.
  EXPECT_GT(t->imbalance(1), 1.8);
  // 8192 tokens = 65536 assignments, 8192 per rank: the multinomial max exceeds the mean by
  // about 3 standard deviations of sqrt(8192 * 7/8) ~ 85, i.e. ~3%.
  EXPECT_LT(t->imbalance(8192), 1.06);
}

TEST(MoeLoadTable, RedundantExpertsReduceSkewedImbalance) {
  const double skew = 1.0;
  const auto plain = MoeLoadTable::get(deepseek_key(32, 0, skew));
  const auto eplb = MoeLoadTable::get(deepseek_key(32, 32, skew));
  for (double tokens : {256.0, 2048.0, 16384.0}) {
    EXPECT_LT(eplb->imbalance(tokens), plain->imbalance(tokens)) << tokens;
  }
}

TEST(MoeLoadTable, ActiveExpertsMatchBallsInBins) {
  // Uniform routing, one rank holding all 256 experts: each expert is missed by one token with
  // probability 1 - 8/256, so E[active] = 256 * (1 - (1 - 8/256)^T).
  const auto t = MoeLoadTable::get(deepseek_key(1));
  for (double tokens : {1.0, 4.0, 32.0, 128.0}) {
    const double expected = 256 * (1 - std::pow(1 - 8.0 / 256, tokens));
    EXPECT_NEAR(t->max_rank_active_experts(tokens), expected, 0.02 * expected) << tokens;
  }
  // Beyond the grid every slot is taken.
  EXPECT_DOUBLE_EQ(t->max_rank_active_experts(1e6), 256);
}

TEST(MoeLoadTable, SameKeySameTable) {
  const auto a = MoeLoadTable::get(deepseek_key(8));
  const MoeLoadTable fresh(deepseek_key(8));  // recomputed, not cached
  for (double tokens : {1.0, 100.0, 10000.0}) {
    EXPECT_DOUBLE_EQ(a->imbalance(tokens), fresh.imbalance(tokens));
  }
}

}  // namespace
}  // namespace servesim
