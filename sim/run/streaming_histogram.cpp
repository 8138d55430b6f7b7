// Log-bucketed histogram.
#include "sim/run/streaming_histogram.hpp"

#include <algorithm>
#include <cmath>

namespace servesim {
namespace {

constexpr double kLow = 1e-9;
constexpr double kGrowth = 1.002;
const double kLogGrowth = std::log(kGrowth);
const int kBuckets = static_cast<int>(std::ceil(std::log(1e7 / kLow) / std::log(kGrowth))) + 1;

int bucket_of(double v) {
  if (!(v > kLow)) return 0;
  return std::min(kBuckets - 1, static_cast<int>(std::log(v / kLow) / kLogGrowth));
}

double bucket_low(int b) { return kLow * std::exp(b * kLogGrowth); }

}  // namespace

StreamingHistogram::StreamingHistogram() : buckets_(static_cast<std::size_t>(kBuckets), 0) {}

void StreamingHistogram::add(double value) {
  ++buckets_[static_cast<std::size_t>(bucket_of(value))];
  if (count_ == 0) {
    min_ = max_ = value;
  } else {
    min_ = std::min(min_, value);
    max_ = std::max(max_, value);
  }
  ++count_;
  sum_ += value;
}

double StreamingHistogram::value_at_rank(double rank) const {
  // The extremes are known exactly.
  if (rank <= 0) return min_;
  if (rank >= static_cast<double>(count_ - 1)) return max_;
  double seen = 0;
  for (int b = 0; b < kBuckets; ++b) {
    const double c = buckets_[static_cast<std::size_t>(b)];
    if (c == 0) continue;
    if (rank < seen + c) {
      // Spread the bucket's c values evenly over [low, high).
      const double frac = (rank - seen + 0.5) / c;
      const double lo = bucket_low(b), hi = bucket_low(b + 1);
      return std::clamp(lo + frac * (hi - lo), min_, max_);
    }
    seen += c;
  }
  return max_;
}

double StreamingHistogram::quantile(double q) const {
  if (count_ == 0) return 0.0;
  if (count_ == 1) return min_;
  // Rank position in [0, n-1] as numpy's linear interpolation defines it: interpolate between
  // the order statistics on either side, each located within its 0.2% bucket.
  const double pos = std::clamp(q, 0.0, 1.0) * static_cast<double>(count_ - 1);
  const double below = std::floor(pos);
  const double lo = value_at_rank(below);
  if (pos == below) return lo;
  return lo + (pos - below) * (value_at_rank(below + 1) - lo);
}

}  // namespace servesim
