// Named random streams: reproducible, independent by name, and with correct transforms.
#include "sim/core/random_stream.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace servesim {
namespace {

std::vector<std::uint64_t> draws(std::uint64_t seed, const char* name, int n) {
  RandomStream r(seed, name);
  std::vector<std::uint64_t> out;
  for (int i = 0; i < n; ++i) out.push_back(r.next_u64());
  return out;
}

TEST(RandomStream, StableHashIsFnv1a) {
  // FNV-1a 64 of "" is the offset basis; of "a" it is (basis ^ 0x61) * prime, a published value.
  EXPECT_EQ(stable_hash(""), 0xCBF29CE484222325ULL);
  EXPECT_EQ(stable_hash("a"), 0xAF63DC4C8601EC8CULL);
}

TEST(RandomStream, SameSeedAndNameGiveTheSameSequence) {
  EXPECT_EQ(draws(42, "workload.arrivals", 100), draws(42, "workload.arrivals", 100));
}

TEST(RandomStream, SeedAndNameBothChangeTheSequence) {
  const auto base = draws(42, "workload.arrivals", 16);
  EXPECT_NE(base, draws(43, "workload.arrivals", 16));
  // Another consumer's stream under the same seed is unrelated to this one.
  EXPECT_NE(base, draws(42, "workload.lengths", 16));
}

TEST(RandomStream, UniformIsInTheUnitIntervalWithMeanOneHalf) {
  RandomStream r(1, "test");
  const int n = 200000;
  double sum = 0;
  for (int i = 0; i < n; ++i) {
    const double u = r.uniform();
    ASSERT_GE(u, 0.0);
    ASSERT_LT(u, 1.0);
    sum += u;
  }
  // Standard error of the mean of U(0,1): sqrt(1/12 / n) = 6.5e-4; allow 5 sigma.
  EXPECT_NEAR(sum / n, 0.5, 5 * std::sqrt(1.0 / 12 / n));
}

TEST(RandomStream, UniformIntCoversItsInclusiveRangeEvenly) {
  RandomStream r(1, "test");
  std::vector<int> counts(7, 0);  // [-3, 3] holds 7 values
  const int n = 70000;
  for (int i = 0; i < n; ++i) {
    const auto x = r.uniform_int(-3, 3);
    ASSERT_GE(x, -3);
    ASSERT_LE(x, 3);
    ++counts[static_cast<std::size_t>(x + 3)];
  }
  // Each value expects n/7 = 10000 hits with sd sqrt(n p (1-p)) = 92.6; allow 5 sigma.
  for (int c : counts) EXPECT_NEAR(c, 10000, 5 * 92.6);
  EXPECT_EQ(r.uniform_int(5, 5), 5);
}

TEST(RandomStream, ExponentialHasTheRequestedMean) {
  RandomStream r(3, "test");
  const int n = 200000;
  double sum = 0;
  for (int i = 0; i < n; ++i) {
    const double x = r.exponential(2.5);
    ASSERT_GE(x, 0.0);
    sum += x;
  }
  // The exponential's sd equals its mean: standard error 2.5 / sqrt(n) = 5.6e-3; 5 sigma.
  EXPECT_NEAR(sum / n, 2.5, 5 * 2.5 / std::sqrt(n));
}

TEST(RandomStream, NormalHasZeroMeanAndUnitVariance) {
  RandomStream r(4, "test");
  const int n = 200000;
  double sum = 0, sum_sq = 0;
  for (int i = 0; i < n; ++i) {
    const double x = r.normal();
    sum += x;
    sum_sq += x * x;
  }
  const double mean = sum / n;
  // Mean: standard error 1/sqrt(n) = 2.2e-3. Variance: standard error sqrt(2/n) = 3.2e-3.
  EXPECT_NEAR(mean, 0.0, 5 / std::sqrt(n));
  EXPECT_NEAR(sum_sq / n - mean * mean, 1.0, 5 * std::sqrt(2.0 / n));
}

}  // namespace
}  // namespace servesim
