// StreamingHistogram: quantiles within 0.5% of the exact sorted-sample quantiles, exact mean,
// min and max, in bounded memory.
#include "sim/run/streaming_histogram.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "sim/core/random_stream.hpp"

namespace servesim {
namespace {

/// numpy's default ("linear") quantile of sorted values: position q * (n - 1), interpolated.
double exact_quantile(const std::vector<double>& sorted, double q) {
  const double pos = q * static_cast<double>(sorted.size() - 1);
  const auto lo = static_cast<std::size_t>(std::floor(pos));
  const auto hi = std::min(lo + 1, sorted.size() - 1);
  return sorted[lo] + (pos - static_cast<double>(lo)) * (sorted[hi] - sorted[lo]);
}

void expect_quantiles_close(const std::vector<double>& values) {
  StreamingHistogram h;
  double sum = 0;
  for (double v : values) {
    h.add(v);
    sum += v;
  }
  std::vector<double> sorted = values;
  std::sort(sorted.begin(), sorted.end());
  for (double q : {0.0, 0.001, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99, 0.999, 1.0}) {
    const double exact = exact_quantile(sorted, q);
    // Buckets are 0.2% wide, so the estimate is within 0.5% of the exact value.
    EXPECT_NEAR(h.quantile(q), exact, 0.005 * std::abs(exact)) << "q = " << q;
  }
  EXPECT_EQ(h.count(), values.size());
  EXPECT_DOUBLE_EQ(h.min(), sorted.front());
  EXPECT_DOUBLE_EQ(h.max(), sorted.back());
  EXPECT_NEAR(h.mean(), sum / static_cast<double>(values.size()), 1e-12 * std::abs(sum));
}

TEST(StreamingHistogram, LognormalLatenciesMatchExactQuantiles) {
  // 50,000 TTFT-like values around 0.1 s with a long tail (log-space sigma 1).
  RandomStream rng(1, "test");
  std::vector<double> v;
  for (int i = 0; i < 50000; ++i) v.push_back(0.1 * std::exp(rng.normal()));
  expect_quantiles_close(v);
}

TEST(StreamingHistogram, ValuesOverNineDecadesMatchExactQuantiles) {
  // Log-uniform from 1e-6 to 1e3: every region of the bucket grid is exercised.
  RandomStream rng(2, "test");
  std::vector<double> v;
  for (int i = 0; i < 20000; ++i) v.push_back(std::pow(10.0, -6 + 9 * rng.uniform()));
  expect_quantiles_close(v);
}

TEST(StreamingHistogram, SmallSamplesAndTies) {
  // Three values: the median is the middle one, q = 0.25 sits halfway between 1 and 2.
  expect_quantiles_close({1.0, 2.0, 3.0});
  // Many equal TPOTs (a steady decode batch) and one outlier.
  std::vector<double> v(999, 7.5);
  v.push_back(30.0);
  expect_quantiles_close(v);
}

TEST(StreamingHistogram, EmptyAndSingleValue) {
  StreamingHistogram h;
  EXPECT_EQ(h.quantile(0.5), 0.0);
  EXPECT_EQ(h.mean(), 0.0);
  h.add(0.042);
  EXPECT_DOUBLE_EQ(h.quantile(0.0), 0.042);
  EXPECT_DOUBLE_EQ(h.quantile(0.99), 0.042);
  EXPECT_DOUBLE_EQ(h.mean(), 0.042);
}

}  // namespace
}  // namespace servesim
