// Expected MoE load on the busiest expert-parallel rank, tabulated once by Monte Carlo.
#pragma once

#include <memory>
#include <vector>

namespace servesim {

/// What the load of one MoE layer depends on.
struct MoeLoadKey {
  int num_experts = 0;
  int top_k = 0;
  int ranks = 1;              ///< expert-parallel ranks
  int redundant_experts = 0;  ///< extra replicas placed by EPLB (0 = contiguous placement)
  double skew = 0;            ///< Zipf exponent of expert popularity (0 = uniform)
  bool operator==(const MoeLoadKey&) const = default;
};

/// For a number of tokens routed in one step, the expected token-expert assignments on the
/// busiest rank and the expected number of experts with at least one token on the rank with the
/// most such experts. Tabulated at powers of two of the token count (1 .. 65536) by Monte Carlo
/// with a stream derived from the key alone, so the table is the same in every run and thread;
/// interpolated in log space between grid points, and beyond the grid the imbalance ratio of
/// the last point is kept.
class MoeLoadTable {
 public:
  /// Returns the table for `key`, computing it on first use (process-wide, thread-safe cache).
  static std::shared_ptr<const MoeLoadTable> get(const MoeLoadKey& key);
  explicit MoeLoadTable(const MoeLoadKey& key);

  /// Expected assignments on the busiest rank for `tokens` routed tokens.
  double max_rank_assignments(double tokens) const;
  /// Busiest-rank assignments over the mean per rank (>= 1; exactly 1 with a single rank).
  double imbalance(double tokens) const;
  /// Expected experts holding tokens on the rank with the most of them.
  double max_rank_active_experts(double tokens) const;
  /// Expert slots per rank (experts plus redundant replicas, over ranks, rounded up).
  int slots_per_rank() const { return slots_per_rank_; }
  const MoeLoadKey& key() const { return key_; }

 private:
  double interpolate(const std::vector<double>& values, double tokens) const;
  MoeLoadKey key_;
  int slots_per_rank_ = 0;
  std::vector<double> imbalance_;       // by grid point
  std::vector<double> active_experts_;  // by grid point
};

}  // namespace servesim
