// Monte Carlo tabulation of MoE routing load per expert-parallel rank, with EPLB placement.
#include "hw/moe_load_table.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <mutex>
#include <numeric>

#include "sim/core/error.hpp"
#include "sim/core/random_stream.hpp"

namespace servesim {
namespace {

constexpr int kGridPoints = 17;  // 2^0 .. 2^16 tokens
constexpr double kAssignmentBudget = 1 << 19;

/// Where each expert's replicas live: rank of every slot, and the slots of every expert.
struct Placement {
  std::vector<std::vector<int>> slots_of_expert;  // expert -> slot ids
  std::vector<int> rank_of_slot;
};

Placement place_experts(const MoeLoadKey& key, const std::vector<double>& popularity) {
  const int e = key.num_experts;
  const int slots = e + key.redundant_experts;
  const int per_rank = (slots + key.ranks - 1) / key.ranks;
  Placement p;
  p.slots_of_expert.assign(e, {});
  if (key.redundant_experts == 0) {
    // Contiguous placement by expert id, as engines do without a load balancer.
    for (int i = 0; i < e; ++i) {
      p.slots_of_expert[i].push_back(i);
      p.rank_of_slot.push_back(i / per_rank);
    }
    return p;
  }
  // EPLB: replicate the hottest experts, then place replicas greedily, heaviest first, on the
  // least-loaded rank with a free slot.
  std::vector<int> copies(e, 1);
  for (int r = 0; r < key.redundant_experts; ++r) {
    int best = 0;
    for (int i = 1; i < e; ++i) {
      if (popularity[i] / copies[i] > popularity[best] / copies[best]) best = i;
    }
    ++copies[best];
  }
  std::vector<std::pair<double, int>> replicas;
  for (int i = 0; i < e; ++i) {
    for (int c = 0; c < copies[i]; ++c) replicas.emplace_back(popularity[i] / copies[i], i);
  }
  std::stable_sort(replicas.begin(), replicas.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  std::vector<double> rank_load(key.ranks, 0.0);
  std::vector<int> rank_used(key.ranks, 0);
  for (const auto& [load, expert] : replicas) {
    int best = -1;
    for (int r = 0; r < key.ranks; ++r) {
      if (rank_used[r] < per_rank && (best < 0 || rank_load[r] < rank_load[best])) best = r;
    }
    rank_load[best] += load;
    ++rank_used[best];
    p.slots_of_expert[expert].push_back(static_cast<int>(p.rank_of_slot.size()));
    p.rank_of_slot.push_back(best);
  }
  return p;
}

}  // namespace

MoeLoadTable::MoeLoadTable(const MoeLoadKey& key) : key_(key) {
  SERVESIM_CHECK(key.num_experts > 0 && key.top_k > 0 && key.top_k <= key.num_experts);
  SERVESIM_CHECK(key.ranks > 0 && key.ranks <= key.num_experts + key.redundant_experts);
  const int e = key.num_experts;
  slots_per_rank_ = (e + key.redundant_experts + key.ranks - 1) / key.ranks;
  RandomStream rng(0x5EED, fmt::format("moe.routing/{}/{}/{}/{}/{}", e, key.top_k, key.ranks,
                                       key.redundant_experts, key.skew));

  // Popularity: Zipf weights over a random permutation of expert ids.
  std::vector<double> popularity(e);
  std::vector<int> order(e);
  std::iota(order.begin(), order.end(), 0);
  for (int i = e - 1; i > 0; --i) std::swap(order[i], order[rng.uniform_int(0, i)]);
  for (int i = 0; i < e; ++i) popularity[order[i]] = 1.0 / std::pow(i + 1.0, key.skew);
  const double total = std::accumulate(popularity.begin(), popularity.end(), 0.0);
  std::vector<double> cdf(e);
  double acc = 0;
  for (int i = 0; i < e; ++i) cdf[i] = (acc += popularity[i] / total);
  const bool uniform = key.skew == 0;

  const Placement placement = place_experts(key, popularity);
  const int slots = static_cast<int>(placement.rank_of_slot.size());
  std::vector<int> rank_load(key.ranks);
  std::vector<int> rank_active(key.ranks);
  std::vector<char> slot_active(slots);
  std::vector<int> chosen(key.top_k);

  for (int g = 0; g < kGridPoints; ++g) {
    const int tokens = 1 << g;
    const int trials = static_cast<int>(
        std::clamp(kAssignmentBudget / (static_cast<double>(tokens) * key.top_k), 8.0, 512.0));
    double sum_max_load = 0, sum_max_active = 0;
    for (int t = 0; t < trials; ++t) {
      std::fill(rank_load.begin(), rank_load.end(), 0);
      std::fill(rank_active.begin(), rank_active.end(), 0);
      std::fill(slot_active.begin(), slot_active.end(), 0);
      for (int tok = 0; tok < tokens; ++tok) {
        for (int k = 0; k < key.top_k; ++k) {
          int x;
          do {
            x = uniform ? static_cast<int>(rng.uniform_int(0, e - 1))
                        : static_cast<int>(std::lower_bound(cdf.begin(), cdf.end(),
                                                            rng.uniform() * cdf.back()) -
                                           cdf.begin());
            x = std::min(x, e - 1);
          } while (std::find(chosen.begin(), chosen.begin() + k, x) != chosen.begin() + k);
          chosen[k] = x;
          const auto& replicas = placement.slots_of_expert[x];
          const int slot = replicas.size() == 1
                               ? replicas[0]
                               : replicas[rng.uniform_int(0, static_cast<int>(replicas.size()) - 1)];
          const int rank = placement.rank_of_slot[slot];
          ++rank_load[rank];
          if (!slot_active[slot]) {
            slot_active[slot] = 1;
            ++rank_active[rank];
          }
        }
      }
      sum_max_load += *std::max_element(rank_load.begin(), rank_load.end());
      sum_max_active += *std::max_element(rank_active.begin(), rank_active.end());
    }
    const double mean_load = static_cast<double>(tokens) * key.top_k / key.ranks;
    imbalance_.push_back(std::max(1.0, sum_max_load / trials / mean_load));
    active_experts_.push_back(sum_max_active / trials);
  }
}

double MoeLoadTable::interpolate(const std::vector<double>& values, double tokens) const {
  if (tokens <= 1) return values.front();
  const double x = std::log2(tokens);
  if (x >= kGridPoints - 1) return values.back();
  const int i = static_cast<int>(x);
  const double f = x - i;
  return values[i] * (1 - f) + values[i + 1] * f;
}

double MoeLoadTable::imbalance(double tokens) const {
  return key_.ranks == 1 ? 1.0 : interpolate(imbalance_, tokens);
}

double MoeLoadTable::max_rank_assignments(double tokens) const {
  if (tokens <= 0) return 0;
  return imbalance(tokens) * tokens * key_.top_k / key_.ranks;
}

double MoeLoadTable::max_rank_active_experts(double tokens) const {
  if (tokens <= 0) return 0;
  if (tokens < 1) return tokens * interpolate(active_experts_, 1);
  if (std::log2(tokens) >= kGridPoints - 1) return slots_per_rank_;
  return std::min<double>(slots_per_rank_, interpolate(active_experts_, tokens));
}

std::shared_ptr<const MoeLoadTable> MoeLoadTable::get(const MoeLoadKey& key) {
  static std::mutex mutex;
  static std::vector<std::shared_ptr<const MoeLoadTable>> cache;
  std::lock_guard<std::mutex> lock(mutex);
  for (const auto& t : cache) {
    if (t->key() == key) return t;
  }
  cache.push_back(std::make_shared<const MoeLoadTable>(key));
  return cache.back();
}

}  // namespace servesim
