// Percentiles in bounded memory: a log-bucketed histogram with 0.2% relative bucket width.
#pragma once

#include <cstdint>
#include <vector>

namespace servesim {

/// Records positive values (zero and negatives go to the lowest bucket) in buckets whose width
/// is 0.2% of their value, from 1e-9 to 1e7. Memory is fixed; quantiles interpolate inside a
/// bucket and are clamped to the exact observed min and max; the mean is exact.
class StreamingHistogram {
 public:
  StreamingHistogram();
  void add(double value);
  std::uint64_t count() const { return count_; }
  double mean() const { return count_ ? sum_ / static_cast<double>(count_) : 0.0; }
  double min() const { return count_ ? min_ : 0.0; }
  double max() const { return count_ ? max_ : 0.0; }
  /// The q-quantile (0 <= q <= 1) as numpy's default (linear) rule defines it, interpolating
  /// between the two order statistics around rank q (n - 1); 0 when empty.
  double quantile(double q) const;

 private:
  /// Estimate of the order statistic of 0-based `rank` (exact at the extremes).
  double value_at_rank(double rank) const;
  std::vector<std::uint32_t> buckets_;
  std::uint64_t count_ = 0;
  double sum_ = 0;
  double min_ = 0, max_ = 0;
};

}  // namespace servesim
