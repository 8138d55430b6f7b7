// Acceptance of speculative (MTP) draft tokens: per-position acceptance rates and sampling.
#pragma once

#include <vector>

#include "sim/core/random_stream.hpp"

namespace servesim {

/// Draft i (1-based) is accepted with probability rates[i-1] given drafts 1..i-1 were; the
/// step emits 1 + (number of consecutive accepted drafts) tokens.
class MtpAcceptance {
 public:
  MtpAcceptance() = default;
  explicit MtpAcceptance(std::vector<double> rates) : rates_(std::move(rates)) {}

  /// Rates that reproduce published mean acceptance lengths L_1..L_k (tokens per step with
  /// 1..k drafts): P_i = L_i - L_{i-1} (L_0 = 1) is the probability that drafts 1..i are all
  /// accepted, so rate_i = P_i / P_{i-1}.
  static MtpAcceptance from_mean_lengths(const std::vector<double>& lengths, int drafts);

  int drafts() const { return static_cast<int>(rates_.size()); }
  const std::vector<double>& rates() const { return rates_; }
  /// Expected tokens per step: 1 + sum over i of prod_{j<=i} rate_j.
  double expected_tokens_per_step() const;
  /// Tokens emitted by one sequence in one step (1 .. drafts + 1).
  int sample_tokens(RandomStream& rng) const;

 private:
  std::vector<double> rates_;
};

}  // namespace servesim
