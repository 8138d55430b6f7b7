// MtpStepSampler: the steps to emit L tokens drawn by leaps have the distribution of stepping one
// acceptance draw at a time (the per-sequence reference), and stay within their bounds.
#include "sched/mtp_step_sampler.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <map>

namespace servesim {
namespace {

// DeepSeek-R1's published mean tokens per step with 1..3 drafts (the catalog's values).
const std::vector<double> kLengths = {1.92, 2.58, 2.82};

/// Steps to emit `tokens` by one draw per step, each capped at what is left: the reference.
std::int64_t stepwise(const MtpAcceptance& a, std::int64_t tokens, RandomStream& rng) {
  std::int64_t steps = 0;
  while (tokens > 0) {
    tokens -= a.sample_tokens(rng);
    ++steps;
  }
  return steps;
}

TEST(MtpStepSampler, WithoutDraftsEveryTokenIsAStep) {
  MtpStepSampler s{MtpAcceptance{}};
  RandomStream rng(1, "t");
  EXPECT_EQ(s.sample_steps(1, rng), 1);
  EXPECT_EQ(s.sample_steps(917, rng), 917);
}

TEST(MtpStepSampler, LevelsAreDistributionsOfSumsOfSteps) {
  const MtpAcceptance a = MtpAcceptance::from_mean_lengths(kLengths, 3);
  MtpStepSampler s(a);
  for (const auto& level : s.levels()) {
    // Support [m, 4m]; the mean of the sum is m times the mean step.
    ASSERT_EQ(level.cdf.size(), static_cast<std::size_t>(3 * level.steps + 1));
    double mean = 0, prev = 0;
    for (std::size_t i = 0; i < level.cdf.size(); ++i) {
      EXPECT_GE(level.cdf[i], prev);
      mean += (static_cast<double>(level.steps + static_cast<std::int64_t>(i))) * (level.cdf[i] - prev);
      prev = level.cdf[i];
    }
    EXPECT_DOUBLE_EQ(level.cdf.back(), 1.0);
    EXPECT_NEAR(mean, static_cast<double>(level.steps) * a.expected_tokens_per_step(),
                1e-9 * static_cast<double>(level.steps));
  }
}

TEST(MtpStepSampler, StepsStayWithinTheirBounds) {
  const MtpAcceptance a({0.9, 0.7, 0.5});
  MtpStepSampler s(a);
  RandomStream rng(3, "t");
  for (std::int64_t tokens : {1, 2, 3, 4, 5, 17, 100, 1024, 8000}) {
    for (int k = 0; k < 200; ++k) {
      const std::int64_t steps = s.sample_steps(tokens, rng);
      EXPECT_GE(steps, (tokens + 3) / 4) << tokens;
      EXPECT_LE(steps, tokens) << tokens;
    }
  }
}

// The distribution of N(L) by leaps against the stepwise reference: same mean and standard
// deviation within sampling error, and a chi-square test over the values either takes.
TEST(MtpStepSampler, LeapsMatchTheStepwiseDistribution) {
  for (int drafts : {1, 3}) {
    const MtpAcceptance a = MtpAcceptance::from_mean_lengths(kLengths, drafts);
    MtpStepSampler s(a);
    for (std::int64_t tokens : {7, 64, 921, 1024}) {
      RandomStream fast_rng(11, "fast"), ref_rng(11, "ref");
      const int n = 40000;
      std::map<std::int64_t, int> fast, ref;
      double fm = 0, fm2 = 0, rm = 0, rm2 = 0;
      for (int i = 0; i < n; ++i) {
        const double f = static_cast<double>(s.sample_steps(tokens, fast_rng));
        const double r = static_cast<double>(stepwise(a, tokens, ref_rng));
        ++fast[static_cast<std::int64_t>(f)];
        ++ref[static_cast<std::int64_t>(r)];
        fm += f, fm2 += f * f, rm += r, rm2 += r * r;
      }
      fm /= n, rm /= n;
      const double fsd = std::sqrt(fm2 / n - fm * fm), rsd = std::sqrt(rm2 / n - rm * rm);
      const double se = std::max(rsd, 0.5) * std::sqrt(2.0 / n);
      EXPECT_NEAR(fm, rm, 5 * se) << drafts << " drafts, " << tokens << " tokens";
      EXPECT_NEAR(fsd, rsd, 0.05 * std::max(rsd, 0.5)) << drafts << " drafts, " << tokens;
      // Two-sample chi-square over values seen at least 20 times in both.
      double chi2 = 0;
      int cells = 0;
      for (const auto& [v, c] : ref) {
        const int cf = fast.count(v) ? fast.at(v) : 0;
        if (c < 20 || cf < 20) continue;
        chi2 += (double(cf) - c) * (double(cf) - c) / (double(cf) + c);
        ++cells;
      }
      if (cells > 1) {
        // Mean cells - 1, sd sqrt(2 (cells - 1)): 6 sd is far in the tail for a correct sampler.
        EXPECT_LT(chi2, (cells - 1) + 6 * std::sqrt(2.0 * (cells - 1)))
            << drafts << " drafts, " << tokens << " tokens, " << cells << " cells";
      }
    }
  }
}

}  // namespace
}  // namespace servesim
