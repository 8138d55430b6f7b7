// Sums of i.i.d. MTP step lengths by self-convolution, and the leaping sampler.
#include "sched/mtp_step_sampler.hpp"

#include <algorithm>
#include <bit>
#include <map>
#include <mutex>

#include "sim/core/error.hpp"

namespace servesim {
namespace {

/// Largest level: sums of 2^kMaxLevel steps (support (T - 1) 2^k + 1 values, built in well
/// under a millisecond for T = 4).
constexpr int kMaxLevel = 8;

/// P(X = 1 + i): the first i drafts accepted and draft i + 1 rejected (or i = drafts).
std::vector<double> step_pmf(const std::vector<double>& rates) {
  const int t_max = static_cast<int>(rates.size()) + 1;
  std::vector<double> pmf(static_cast<std::size_t>(t_max), 0.0);
  double all_accepted = 1.0;
  for (int i = 0; i < t_max; ++i) {
    const double next = i < t_max - 1 ? all_accepted * rates[static_cast<std::size_t>(i)] : 0.0;
    pmf[static_cast<std::size_t>(i)] = all_accepted - next;
    all_accepted = next;
  }
  return pmf;
}

/// Rows of the distribution of N(L) for L <= kTail.
std::vector<MtpStepSampler::TailRow> build_tail(const std::vector<double>& rates) {
  const std::vector<double> pmf = step_pmf(rates);
  const int t_max = static_cast<int>(pmf.size());
  const int n = MtpStepSampler::kTail;
  // dist[L][k] = P(N(L) = k), k = 0 .. L.
  std::vector<std::vector<double>> dist(static_cast<std::size_t>(n) + 1);
  dist[0] = {1.0};
  for (int len = 1; len <= n; ++len) {
    std::vector<double>& d = dist[static_cast<std::size_t>(len)];
    d.assign(static_cast<std::size_t>(len) + 1, 0.0);
    for (int x = 1; x <= t_max; ++x) {
      const double p = pmf[static_cast<std::size_t>(x - 1)];
      if (p == 0) continue;
      const std::vector<double>& rest = dist[static_cast<std::size_t>(std::max(0, len - x))];
      for (std::size_t k = 0; k < rest.size(); ++k) d[k + 1] += p * rest[k];
    }
  }
  std::vector<MtpStepSampler::TailRow> rows(static_cast<std::size_t>(n) + 1);
  for (int len = 1; len <= n; ++len) {
    const std::vector<double>& d = dist[static_cast<std::size_t>(len)];
    MtpStepSampler::TailRow& row = rows[static_cast<std::size_t>(len)];
    row.first = (len + t_max - 1) / t_max;  // the fewest steps that can emit len tokens
    double acc = 0;
    for (std::size_t k = static_cast<std::size_t>(row.first); k < d.size(); ++k) {
      row.cdf.push_back(acc += d[k]);
    }
    for (double& c : row.cdf) c /= acc;
  }
  return rows;
}

std::vector<MtpStepSampler::Level> build_levels(const std::vector<double>& rates) {
  std::vector<double> pmf = step_pmf(rates);
  std::vector<MtpStepSampler::Level> levels;
  std::int64_t steps = 1;
  for (int level = 0; level <= kMaxLevel; ++level, steps *= 2) {
    MtpStepSampler::Level l;
    l.steps = steps;
    l.cdf.resize(pmf.size());
    double acc = 0;
    for (std::size_t i = 0; i < pmf.size(); ++i) l.cdf[i] = acc += pmf[i];
    for (double& c : l.cdf) c /= acc;  // absorbs rounding so the last entry is exactly 1
    l.guide.resize(4 * l.cdf.size());  // four cells per value: a draw scans ~1 entry
    std::size_t at = 0;
    for (std::size_t j = 0; j < l.guide.size(); ++j) {
      const double u = static_cast<double>(j) / static_cast<double>(l.guide.size());
      while (at + 1 < l.cdf.size() && l.cdf[at] <= u) ++at;
      l.guide[j] = static_cast<std::uint32_t>(at);
    }
    levels.push_back(std::move(l));
    if (level == kMaxLevel) break;
    // S_2m = S_m + S_m' (pmf offset doubles with the steps).
    std::vector<double> twice(2 * pmf.size() - 1, 0.0);
    for (std::size_t i = 0; i < pmf.size(); ++i) {
      if (pmf[i] == 0) continue;
      for (std::size_t j = 0; j < pmf.size(); ++j) twice[i + j] += pmf[i] * pmf[j];
    }
    pmf = std::move(twice);
  }
  return levels;
}

/// One table set per distinct acceptance, shared by every instance (and thread) that uses it.
std::shared_ptr<const MtpStepSampler::Tables> shared_tables(const std::vector<double>& rates) {
  static std::mutex mutex;
  static std::map<std::vector<double>, std::shared_ptr<const MtpStepSampler::Tables>> cache;
  std::lock_guard<std::mutex> lock(mutex);
  auto& slot = cache[rates];
  if (!slot) {
    slot = std::make_shared<const MtpStepSampler::Tables>(
        MtpStepSampler::Tables{build_levels(rates), build_tail(rates)});
  }
  return slot;
}

}  // namespace

MtpStepSampler::MtpStepSampler(const MtpAcceptance& acceptance)
    : max_tokens_(acceptance.drafts() + 1) {
  if (acceptance.drafts() > 0) tables_ = shared_tables(acceptance.rates());
}

std::int64_t MtpStepSampler::draw(const Level& level, RandomStream& rng) const {
  const double u = rng.uniform();
  // The first i with cdf[i] > u (the last entry when rounding leaves u above every one).
  const std::size_t last = level.cdf.size() - 1;
  std::size_t i = level.guide[static_cast<std::size_t>(u * static_cast<double>(level.guide.size()))];
  while (i < last && level.cdf[i] <= u) ++i;
  return level.steps + static_cast<std::int64_t>(i);
}

std::int64_t MtpStepSampler::sample_steps(std::int64_t tokens, RandomStream& rng) const {
  SERVESIM_CHECK(tokens >= 1, "a sequence in decode has tokens left to emit");
  if (!tables_) return tokens;  // one token per step
  const auto& levels = tables_->levels;
  std::int64_t steps = 0, left = tokens;
  while (left > kTail) {
    // m steps emit at most m T tokens: with m T < left none of them can be the last.
    const std::int64_t safe = (left - 1) / max_tokens_;
    // The largest power of two at most `safe` (levels[k].steps = 2^k).
    const auto level = std::min<std::size_t>(
        static_cast<std::size_t>(std::bit_width(static_cast<std::uint64_t>(safe))) - 1,
        levels.size() - 1);
    const Level& l = levels[level];
    left -= draw(l, rng);
    steps += l.steps;
  }
  if (left > 0) {
    // What is left is a fresh walk (the steps are independent): one draw from its row.
    const TailRow& row = tables_->tail[static_cast<std::size_t>(left)];
    const double u = rng.uniform();
    const auto it = std::upper_bound(row.cdf.begin(), row.cdf.end(), u);
    steps += row.first + std::min<std::int64_t>(it - row.cdf.begin(),
                                                static_cast<std::int64_t>(row.cdf.size()) - 1);
  }
  return steps;
}

}  // namespace servesim
