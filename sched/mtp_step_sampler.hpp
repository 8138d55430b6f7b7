// How many decode steps a sequence takes to emit its remaining tokens under MTP acceptance,
// sampled exactly with a handful of draws instead of one draw per step.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "sched/speculative_decoding.hpp"
#include "sim/core/random_stream.hpp"

namespace servesim {

/// Each step emits X tokens, X i.i.d. by MtpAcceptance (1 .. T = drafts + 1), the last step
/// capped at what is left. The steps to emit L tokens are N(L) = min{n : X_1 + ... + X_n >= L}.
/// The sampler holds the distribution of S_m = X_1 + ... + X_m for m = 1, 2, 4, ..., 2^K (by
/// repeated self-convolution, built once per acceptance and shared) and leaps: while m T < L
/// left, S_m cannot reach what is left, so m steps are taken at once with one draw of S_m.
/// Each leap takes the largest such power of two, so L = 1,000 needs about a dozen draws; the
/// result has exactly the distribution of stepping one draw at a time.
class MtpStepSampler {
 public:
  explicit MtpStepSampler(const MtpAcceptance& acceptance);

  /// Steps to emit `tokens` (>= 1) tokens.
  std::int64_t sample_steps(std::int64_t tokens, RandomStream& rng) const;
  /// Tokens of the largest step (drafts + 1).
  int max_tokens_per_step() const { return max_tokens_; }

  /// One level's table: P(S_m <= min + i) for i = 0 .. size - 1, S_m >= min = m.
  struct Level {
    std::int64_t steps = 0;
    std::vector<double> cdf;
    /// guide[j]: the first i with cdf[i] > j / guide.size() (a search for u starts there, so
    /// a draw takes O(1) comparisons on average; the result is the same as a binary search).
    std::vector<std::uint32_t> guide;
  };
  /// The tail: for L = 1 .. kTail tokens, P(N(L) <= first + i), by dynamic programming over
  /// N(L) = 1 + N(L - X) (N(m) = 0 for m <= 0); the leaps stop at kTail tokens and one draw
  /// from the row of what is left ends the walk.
  static constexpr int kTail = 64;
  struct TailRow {
    std::int64_t first = 0;
    std::vector<double> cdf;
  };
  struct Tables {
    std::vector<Level> levels;
    std::vector<TailRow> tail;  // index L (row 0 unused)
  };
  const std::vector<Level>& levels() const { return tables_->levels; }
  const std::vector<TailRow>& tail() const { return tables_->tail; }

 private:
  std::int64_t draw(const Level& level, RandomStream& rng) const;

  int max_tokens_ = 1;
  std::shared_ptr<const Tables> tables_;
};

}  // namespace servesim
