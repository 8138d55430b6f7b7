// MtpAcceptance: expected tokens per step, rates fitted to published acceptance lengths, and
// sampling that matches the expectation.
#include "sched/speculative_decoding.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "sim/core/error.hpp"

namespace servesim {
namespace {

// DeepSeek-R1's published mean tokens per step with 1..4 MTP drafts (the catalog's values).
const std::vector<double> kLengths = {1.92, 2.58, 2.82, 2.99};

TEST(MtpAcceptance, NoDraftsMeansOneTokenPerStep) {
  MtpAcceptance none;
  EXPECT_EQ(none.drafts(), 0);
  EXPECT_DOUBLE_EQ(none.expected_tokens_per_step(), 1.0);
  RandomStream rng(1, "test");
  EXPECT_EQ(none.sample_tokens(rng), 1);
}

TEST(MtpAcceptance, ExpectedTokensIsOnePlusSumOfRateProducts) {
  MtpAcceptance a({0.8, 0.5, 0.25});
  // 1 + 0.8 + 0.8*0.5 + 0.8*0.5*0.25 = 1 + 0.8 + 0.4 + 0.1 = 2.3
  EXPECT_DOUBLE_EQ(a.expected_tokens_per_step(), 2.3);
  EXPECT_EQ(a.drafts(), 3);
}

TEST(MtpAcceptance, FromMeanLengthsReproducesEachPublishedLength) {
  // P_i = L_i - L_{i-1} (L_0 = 1): 0.92, 0.66, 0.24, 0.17; rate_i = P_i / P_{i-1}.
  const MtpAcceptance four = MtpAcceptance::from_mean_lengths(kLengths, 4);
  ASSERT_EQ(four.drafts(), 4);
  EXPECT_NEAR(four.rates()[0], 0.92, 1e-12);
  EXPECT_NEAR(four.rates()[1], 0.66 / 0.92, 1e-12);
  EXPECT_NEAR(four.rates()[2], 0.24 / 0.66, 1e-12);
  EXPECT_NEAR(four.rates()[3], 0.17 / 0.24, 1e-12);
  // With k drafts the expectation is 1 + P_1 + ... + P_k = L_k.
  for (int k = 1; k <= 4; ++k) {
    EXPECT_NEAR(MtpAcceptance::from_mean_lengths(kLengths, k).expected_tokens_per_step(),
                kLengths[static_cast<std::size_t>(k - 1)], 1e-12)
        << k << " drafts";
  }
}

TEST(MtpAcceptance, FromMeanLengthsRejectsMoreDraftsThanData) {
  EXPECT_THROW(MtpAcceptance::from_mean_lengths(kLengths, 5), CheckFailure);
  EXPECT_EQ(MtpAcceptance::from_mean_lengths(kLengths, 0).drafts(), 0);
}

TEST(MtpAcceptance, SampledMeanMatchesTheExpectation) {
  const MtpAcceptance three = MtpAcceptance::from_mean_lengths(kLengths, 3);
  RandomStream rng(11, "mtp.acceptance/0");
  const int n = 200000;
  double sum = 0, sum_sq = 0;
  for (int i = 0; i < n; ++i) {
    const int t = three.sample_tokens(rng);
    ASSERT_GE(t, 1);
    ASSERT_LE(t, 4);  // 1 + 3 drafts at most
    sum += t;
    sum_sq += double(t) * t;
  }
  const double mean = sum / n;
  const double sd = std::sqrt(sum_sq / n - mean * mean);
  // Expectation 2.82 tokens; standard error sd / sqrt(n) ~ 2.2e-3; allow 5 standard errors.
  EXPECT_NEAR(mean, 2.82, 5 * sd / std::sqrt(n));
}

TEST(MtpAcceptance, SampledDistributionFollowsTheChain) {
  // Rates 0.5, 0.5: P(1 token) = 0.5, P(2) = 0.5 * 0.5 = 0.25, P(3) = 0.25.
  const MtpAcceptance a({0.5, 0.5});
  RandomStream rng(3, "test");
  const int n = 100000;
  int counts[4] = {0, 0, 0, 0};
  for (int i = 0; i < n; ++i) ++counts[a.sample_tokens(rng)];
  // Binomial sd for p = 0.25: sqrt(n * 0.25 * 0.75) = 137; for p = 0.5: 158. 5 sigma.
  EXPECT_NEAR(counts[1], 50000, 5 * 158);
  EXPECT_NEAR(counts[2], 25000, 5 * 137);
  EXPECT_NEAR(counts[3], 25000, 5 * 137);
}

}  // namespace
}  // namespace servesim
