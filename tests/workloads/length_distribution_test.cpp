// LengthDistribution: ranges, expectations and sampled means of each kind.
#include "workloads/length_distribution.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <set>

namespace servesim {
namespace {

using Kind = LengthDistribution::Kind;

TEST(LengthDistribution, FixedAlwaysGivesTheMean) {
  LengthDistribution d;
  d.kind = Kind::kFixed;
  d.mean = 777;
  RandomStream rng(1, "workload.lengths");
  for (int i = 0; i < 100; ++i) EXPECT_EQ(d.sample(rng), 777);
  EXPECT_EQ(d.expected(), 777);
  EXPECT_EQ(d.max_value(), 777);
}

TEST(LengthDistribution, UniformCoversTheInferenceXRange) {
  LengthDistribution d;
  d.kind = Kind::kUniform;
  d.mean = 1024;
  d.min_ratio = 0.8;
  // Integers in [round(0.8 * 1024), 1024] = [819, 1024]: 206 values, mean (819 + 1024) / 2.
  EXPECT_DOUBLE_EQ(d.expected(), 921.5);
  RandomStream rng(1, "workload.lengths");
  std::set<int> seen;
  double sum = 0;
  const int n = 100000;
  for (int i = 0; i < n; ++i) {
    const int x = d.sample(rng);
    ASSERT_GE(x, 819);
    ASSERT_LE(x, 1024);
    seen.insert(x);
    sum += x;
  }
  EXPECT_EQ(seen.size(), 206u);
  // Discrete uniform sd = sqrt((206^2 - 1) / 12) = 59.5; standard error 0.19; allow 5.
  EXPECT_NEAR(sum / n, 921.5, 5 * 59.5 / std::sqrt(n));
}

TEST(LengthDistribution, LognormalHasTheRequestedMeanAndStaysInRange) {
  LengthDistribution d;
  d.kind = Kind::kLognormal;
  d.mean = 500;
  d.sigma = 0.5;
  d.max = 100000;  // far above the bulk, so the clamp does not bias the mean
  RandomStream rng(2, "workload.lengths");
  double sum = 0;
  const int n = 200000;
  for (int i = 0; i < n; ++i) {
    const int x = d.sample(rng);
    ASSERT_GE(x, 1);
    ASSERT_LE(x, d.max);
    sum += x;
  }
  // mu = ln 500 - sigma^2 / 2 makes E[x] = 500; sd = 500 * sqrt(e^0.25 - 1) = 266;
  // standard error 0.6 tokens, plus up to 0.5 from rounding; allow 4 tokens.
  EXPECT_NEAR(sum / n, 500, 4);
}

TEST(LengthDistribution, LognormalIsClampedToMax) {
  LengthDistribution d;
  d.kind = Kind::kLognormal;
  d.mean = 1000;
  d.sigma = 2.0;
  d.max = 1200;
  RandomStream rng(3, "workload.lengths");
  int at_max = 0;
  for (int i = 0; i < 10000; ++i) {
    const int x = d.sample(rng);
    ASSERT_LE(x, 1200);
    at_max += x == 1200;
  }
  EXPECT_GT(at_max, 0);
  EXPECT_EQ(d.max_value(), 1200);
}

TEST(LengthDistribution, EmpiricalDrawsOnlyListedValues) {
  LengthDistribution d;
  d.kind = Kind::kEmpirical;
  d.values = {10, 20, 60};
  EXPECT_DOUBLE_EQ(d.expected(), 30.0);  // (10 + 20 + 60) / 3
  EXPECT_EQ(d.max_value(), 60);
  RandomStream rng(4, "workload.lengths");
  std::set<int> seen;
  for (int i = 0; i < 1000; ++i) seen.insert(d.sample(rng));
  EXPECT_EQ(seen, (std::set<int>{10, 20, 60}));
}

}  // namespace
}  // namespace servesim
