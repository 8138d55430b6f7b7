// MTP acceptance model.
#include "sched/speculative_decoding.hpp"

#include <algorithm>

#include "sim/core/error.hpp"

namespace servesim {

MtpAcceptance MtpAcceptance::from_mean_lengths(const std::vector<double>& lengths, int drafts) {
  SERVESIM_CHECK(drafts >= 0 && drafts <= static_cast<int>(lengths.size()));
  std::vector<double> rates;
  double prev_len = 1.0, prev_p = 1.0;
  for (int i = 0; i < drafts; ++i) {
    const double p = std::max(0.0, lengths[i] - prev_len);
    rates.push_back(prev_p > 0 ? std::clamp(p / prev_p, 0.0, 1.0) : 0.0);
    prev_p = prev_p * rates.back();
    prev_len = lengths[i];
  }
  return MtpAcceptance(std::move(rates));
}

double MtpAcceptance::expected_tokens_per_step() const {
  double total = 1.0, p = 1.0;
  for (double r : rates_) {
    p *= r;
    total += p;
  }
  return total;
}

int MtpAcceptance::sample_tokens(RandomStream& rng) const {
  int tokens = 1;
  for (double r : rates_) {
    if (rng.uniform() >= r) break;
    ++tokens;
  }
  return tokens;
}

}  // namespace servesim
