// Max-min fairness: hand-derived rates (one link, caps, parking lots, 2:1 oversubscription), the
// max-min conditions and exact determinism on a seeded random set, and a per-link what-if.
#include "hw/max_min_fairness.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "sim/core/error.hpp"

namespace servesim {
namespace {

constexpr double kGB = 1e9;

FairnessFlow on(std::vector<int> links, double cap = FairnessFlow{}.rate_cap_bytes_per_s) {
  return {std::move(links), cap};
}

TEST(MaxMinFairness, OneFlowGetsTheWholeLink) {
  const FairShare s = max_min_fairness({100}, {on({0})});
  EXPECT_DOUBLE_EQ(s.rate_bytes_per_s[0], 100);
  EXPECT_EQ(s.bottleneck[0], 0);
}

TEST(MaxMinFairness, TwoFlowsOnOneLinkGetHalfEach) {
  const FairShare s = max_min_fairness({100}, {on({0}), on({0})});
  EXPECT_DOUBLE_EQ(s.rate_bytes_per_s[0], 50);
  EXPECT_DOUBLE_EQ(s.rate_bytes_per_s[1], 50);
}

TEST(MaxMinFairness, AFlowCappedBelowItsShareLeavesTheRestToTheOther) {
  // 100 GB/s link; A's sender is capped at 20 GB/s: A 20 (its cap), B the other 80 (the link).
  const FairShare s = max_min_fairness({100 * kGB}, {on({0}, 20 * kGB), on({0})});
  EXPECT_DOUBLE_EQ(s.rate_bytes_per_s[0], 20 * kGB);
  EXPECT_DOUBLE_EQ(s.rate_bytes_per_s[1], 80 * kGB);
  EXPECT_EQ(s.bottleneck[0], -1);
  EXPECT_EQ(s.bottleneck[1], 0);
  // A cap above the fair share changes nothing.
  const FairShare loose = max_min_fairness({100 * kGB}, {on({0}, 70 * kGB), on({0})});
  EXPECT_DOUBLE_EQ(loose.rate_bytes_per_s[0], 50 * kGB);
  EXPECT_EQ(loose.bottleneck[0], 0);
}

TEST(MaxMinFairness, TwoLinkParkingLot) {
  // Long flow over L0 and L1, one short flow on each. Equal links: everyone 50.
  const std::vector<FairnessFlow> flows = {on({0, 1}), on({0}), on({1})};
  const FairShare equal = max_min_fairness({100, 100}, flows);
  for (double r : equal.rate_bytes_per_s) EXPECT_DOUBLE_EQ(r, 50);
  // L1 = 40: its share 20 is the smallest, freezing long and short-1 at 20; short-0 gets the 80
  // left on L0.
  const FairShare uneven = max_min_fairness({100, 40}, flows);
  EXPECT_DOUBLE_EQ(uneven.rate_bytes_per_s[0], 20);
  EXPECT_DOUBLE_EQ(uneven.rate_bytes_per_s[1], 80);
  EXPECT_DOUBLE_EQ(uneven.rate_bytes_per_s[2], 20);
  EXPECT_EQ(uneven.bottleneck[0], 1);
  EXPECT_EQ(uneven.bottleneck[1], 0);
}

TEST(MaxMinFairness, ThreeLinkParkingLot) {
  // L0 = 100, L1 = 60, L2 = 100. F0 crosses all three; F1 and F4 ride L0, F2 L1, F3 L2.
  // Round 1 shares: L0 100/3, L1 60/2 = 30, L2 100/2 = 50 -> L1 freezes F0 and F2 at 30.
  // Round 2: L0 has 70 for F1, F4 -> 35; L2 has 70 for F3 -> 70. L0 goes first, then L2.
  const FairShare s =
      max_min_fairness({100, 60, 100}, {on({0, 1, 2}), on({0}), on({1}), on({2}), on({0})});
  const std::vector<double> rates = {30, 35, 30, 70, 35};
  const std::vector<int> bottlenecks = {1, 0, 1, 2, 0};
  for (int f = 0; f < 5; ++f) {
    EXPECT_DOUBLE_EQ(s.rate_bytes_per_s[f], rates[f]) << "flow " << f;
    EXPECT_EQ(s.bottleneck[f], bottlenecks[f]) << "flow " << f;
  }
}

TEST(MaxMinFairness, TwoToOneOversubscribedUplinkHalvesCrossLeafRates) {
  // One direction of a two-leaf fabric. Leaf 0: 8 GPUs whose NICs send at 50 GB/s (links 0-7)
  // and receive at 50 GB/s (links 18-25), and a 200 GB/s uplink (8). Leaf 1: downlink 200 GB/s
  // (9) and receiving NICs (10-17). 8 x 50 = 400 GB/s of NICs over 200 of uplink: 2:1.
  std::vector<double> capacity(26, 50 * kGB);
  capacity[8] = capacity[9] = 200 * kGB;
  std::vector<FairnessFlow> cross;
  std::vector<FairnessFlow> same_leaf;
  for (int g = 0; g < 8; ++g) {
    cross.push_back(on({g, 8, 9, 10 + g}));
    same_leaf.push_back(on({g, 18 + (g + 1) % 8}));
  }
  const FairShare c = max_min_fairness(capacity, cross);
  const FairShare s = max_min_fairness(capacity, same_leaf);
  for (int g = 0; g < 8; ++g) {
    EXPECT_DOUBLE_EQ(c.rate_bytes_per_s[g], 25 * kGB);  // 200 / 8: half the NIC
    EXPECT_EQ(c.bottleneck[g], 8);  // the uplink (tied with the downlink; the lower index wins)
    EXPECT_DOUBLE_EQ(s.rate_bytes_per_s[g], 50 * kGB);  // the NIC itself
  }
}

// A seeded random set: 12 links of 10-109 units, 40 flows over 1-4 distinct links, a third
// capped. Raw mt19937 output (specified by the standard), so the set is the same everywhere.
struct RandomSet {
  std::vector<double> capacity;
  std::vector<FairnessFlow> flows;
};
RandomSet random_set(unsigned seed) {
  std::mt19937 rng(seed);
  RandomSet set;
  for (int l = 0; l < 12; ++l) set.capacity.push_back(10 + static_cast<double>(rng() % 100));
  for (int f = 0; f < 40; ++f) {
    FairnessFlow flow;
    const int hops = 1 + static_cast<int>(rng() % 4);
    while (static_cast<int>(flow.links.size()) < hops) {
      const int l = static_cast<int>(rng() % 12);
      if (std::find(flow.links.begin(), flow.links.end(), l) == flow.links.end()) {
        flow.links.push_back(l);
      }
    }
    if (rng() % 3 == 0) flow.rate_cap_bytes_per_s = 1 + static_cast<double>(rng() % 20);
    set.flows.push_back(flow);
  }
  return set;
}

TEST(MaxMinFairness, SeededSetMeetsTheMaxMinConditions) {
  for (unsigned seed : {1u, 2u, 3u}) {
    const RandomSet set = random_set(seed);
    const FairShare s = max_min_fairness(set.capacity, set.flows);
    std::vector<double> load(set.capacity.size(), 0.0);
    for (std::size_t f = 0; f < set.flows.size(); ++f) {
      for (int l : set.flows[f].links) load[l] += s.rate_bytes_per_s[f];
    }
    for (std::size_t l = 0; l < load.size(); ++l) EXPECT_LE(load[l], set.capacity[l] * 1.000001);
    for (std::size_t f = 0; f < set.flows.size(); ++f) {
      const double r = s.rate_bytes_per_s[f];
      EXPECT_LE(r, set.flows[f].rate_cap_bytes_per_s);
      const int b = s.bottleneck[f];
      if (b < 0) {  // frozen by its own cap
        EXPECT_DOUBLE_EQ(r, set.flows[f].rate_cap_bytes_per_s);
        continue;
      }
      // Its bottleneck is on its path, saturated, and no flow there gets more than it.
      EXPECT_NE(std::find(set.flows[f].links.begin(), set.flows[f].links.end(), b),
                set.flows[f].links.end());
      EXPECT_NEAR(load[b], set.capacity[b], 1e-9 * set.capacity[b]);
      for (std::size_t g = 0; g < set.flows.size(); ++g) {
        const auto& lg = set.flows[g].links;
        if (std::find(lg.begin(), lg.end(), b) != lg.end()) {
          EXPECT_LE(s.rate_bytes_per_s[g], r * (1 + 1e-12)) << "seed " << seed;
        }
      }
    }
  }
}

TEST(MaxMinFairness, SameInputsSameOutputsAndScalingIsExact) {
  const RandomSet set = random_set(7);
  const FairShare a = max_min_fairness(set.capacity, set.flows);
  const FairShare b = max_min_fairness(set.capacity, set.flows);
  EXPECT_EQ(a.rate_bytes_per_s, b.rate_bytes_per_s);
  EXPECT_EQ(a.bottleneck, b.bottleneck);
  // Doubling every capacity and cap doubles every rate exactly (powers of two scale exactly).
  RandomSet doubled = set;
  for (double& c : doubled.capacity) c *= 2;
  for (FairnessFlow& f : doubled.flows) f.rate_cap_bytes_per_s *= 2;
  const FairShare d = max_min_fairness(doubled.capacity, doubled.flows);
  for (std::size_t f = 0; f < set.flows.size(); ++f) {
    EXPECT_EQ(d.rate_bytes_per_s[f], 2 * a.rate_bytes_per_s[f]);
    EXPECT_EQ(d.bottleneck[f], a.bottleneck[f]);
  }
}

TEST(MaxMinFairness, MoreCapacityOnOneLinkCanSlowAFlowElsewhere) {
  // Max-min is not monotone per flow: A crosses L0 and L1, B only L1. With L0 = 10, A is held to
  // 10 and B gets 90 of L1; widening L0 to 60 lets A take its fair half of L1, so B drops to 50.
  const std::vector<FairnessFlow> flows = {on({0, 1}), on({1})};
  const FairShare narrow = max_min_fairness({10, 100}, flows);
  const FairShare wide = max_min_fairness({60, 100}, flows);
  EXPECT_DOUBLE_EQ(narrow.rate_bytes_per_s[1], 90);
  EXPECT_DOUBLE_EQ(wide.rate_bytes_per_s[0], 50);
  EXPECT_DOUBLE_EQ(wide.rate_bytes_per_s[1], 50);
}

TEST(MaxMinFairness, ZeroCapacityStallsItsFlowsAndBadInputIsABug) {
  const FairShare s = max_min_fairness({0, 100}, {on({0, 1}), on({1})});
  EXPECT_DOUBLE_EQ(s.rate_bytes_per_s[0], 0);
  EXPECT_DOUBLE_EQ(s.rate_bytes_per_s[1], 100);
  EXPECT_THROW(max_min_fairness({100}, {on({1})}), CheckFailure);     // no link 1
  EXPECT_THROW(max_min_fairness({100}, {on({0, 0})}), CheckFailure);  // a link twice
  EXPECT_THROW(max_min_fairness({100}, {on({})}), CheckFailure);      // unbounded
  EXPECT_TRUE(max_min_fairness({}, {}).rate_bytes_per_s.empty());
}

}  // namespace
}  // namespace servesim
