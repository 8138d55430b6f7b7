// DecodeSet against a brute-force list of sequences: context sums, tokens still to write (with a
// clip), exact KV blocks without MTP, finishing order and emitted-token totals.
#include "sched/decode_set.hpp"

#include <gtest/gtest.h>

#include <map>

#include "sim/core/random_stream.hpp"

namespace servesim {
namespace {

struct Brute {
  std::int64_t context, left, joined;
};

TEST(DecodeSet, OneTokenPerStepMatchesBruteForceExactly) {
  const int block = 16, clip = 40;
  DecodeSet set(clip, block, 1);
  std::map<int, Brute> brute;
  RandomStream rng(5, "t");
  std::int64_t emitted = 0, brute_emitted = 0;
  int next_slot = 0;
  for (int step = 0; step < 3000; ++step) {
    // Joins and (rare) preemptions before the step.
    if (rng.uniform() < 0.3) {
      const int slot = next_slot++;
      const std::int64_t context = rng.uniform_int(1, 500), tokens = rng.uniform_int(1, 120);
      set.add(slot, context, tokens, tokens);
      brute[slot] = {context, tokens, set.steps()};
    }
    if (!brute.empty() && rng.uniform() < 0.02) {
      auto it = std::next(brute.begin(), rng.uniform_int(0, static_cast<std::int64_t>(brute.size()) - 1));
      const std::int64_t done = set.remove(it->first);
      EXPECT_EQ(done, set.steps() - it->second.joined);
      brute.erase(it);
    }
    std::int64_t ctx = 0, blocks = 0;
    double reserve = 0;
    for (const auto& [slot, b] : brute) {
      ctx += b.context;
      blocks += (b.context + 1 + block - 1) / block;
      reserve += static_cast<double>(std::min<std::int64_t>(b.left, clip));
    }
    ASSERT_EQ(set.size(), static_cast<int>(brute.size()));
    ASSERT_DOUBLE_EQ(set.context_sum(), static_cast<double>(ctx)) << "step " << step;
    ASSERT_EQ(set.blocks_needed(), blocks) << "step " << step;
    ASSERT_DOUBLE_EQ(set.reserve_tokens(), reserve) << "step " << step;
    set.advance();
    for (auto& [slot, b] : brute) {
      ++b.context;
      --b.left;
      ++brute_emitted;
    }
    std::vector<int> finished;
    int slot;
    while (set.pop_finished(slot)) finished.push_back(slot);
    std::vector<int> expected;
    for (auto it = brute.begin(); it != brute.end();) {
      if (it->second.left == 0) {
        expected.push_back(it->first);
        it = brute.erase(it);
      } else {
        ++it;
      }
    }
    ASSERT_EQ(finished, expected) << "step " << step;  // joining order = slot order here
    emitted += set.take_emitted();
    ASSERT_EQ(emitted, brute_emitted) << "step " << step;
  }
}

TEST(DecodeSet, WithDraftsEachMemberFinishesOnItsStepWithExactlyItsTokens) {
  DecodeSet set(0, 32, 4);
  // 100 tokens over 37 steps, 10 over 10, 50 over 13.
  set.add(0, 1000, 100, 37);
  set.add(1, 200, 10, 10);
  set.add(2, 300, 50, 13);
  EXPECT_DOUBLE_EQ(set.context_sum(), 1500.0);
  std::map<int, std::int64_t> finished_at;
  std::int64_t emitted = 0;
  for (int step = 1; step <= 37; ++step) {
    set.advance();
    int slot;
    while (set.pop_finished(slot)) finished_at[slot] = step;
    emitted += set.take_emitted();
  }
  EXPECT_EQ(finished_at, (std::map<int, std::int64_t>{{0, 37}, {1, 10}, {2, 13}}));
  EXPECT_EQ(emitted, 160);
  EXPECT_EQ(set.size(), 0);
  EXPECT_EQ(set.blocks_needed(), 0);
  // Mean path: halfway, a member has emitted about half its tokens.
  set.add(3, 0, 100, 40);
  for (int i = 0; i < 20; ++i) set.advance();
  EXPECT_NEAR(set.context_sum(), 50.0, 0.01);
  EXPECT_NEAR(set.reserve_tokens(), 50.0, 0.01);
  set.advance();  // 52.5 tokens on its mean path
  EXPECT_EQ(set.remove(3), 52);  // whole tokens, the fraction not yet emitted
}

}  // namespace
}  // namespace servesim
