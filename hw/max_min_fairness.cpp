// Progressive filling over links and per-flow caps; see the header for the algorithm.
#include "hw/max_min_fairness.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>

#include "sim/core/error.hpp"

namespace servesim {

FairShare max_min_fairness(const std::vector<double>& capacity_bytes_per_s,
                           const std::vector<FairnessFlow>& flows) {
  const std::size_t num_links = capacity_bytes_per_s.size();
  const std::size_t num_flows = flows.size();
  for (double c : capacity_bytes_per_s) SERVESIM_CHECK(c >= 0 && !std::isnan(c));

  // Flows on each link (in flow order), and the unfrozen count per link.
  std::vector<std::vector<std::size_t>> on_link(num_links);
  for (std::size_t f = 0; f < num_flows; ++f) {
    const FairnessFlow& flow = flows[f];
    SERVESIM_CHECK(flow.rate_cap_bytes_per_s >= 0, "a flow's rate cap must be non-negative");
    SERVESIM_CHECK(!flow.links.empty() || std::isfinite(flow.rate_cap_bytes_per_s),
                   "a flow needs a link or a finite cap");
    std::vector<int> sorted = flow.links;
    std::sort(sorted.begin(), sorted.end());
    SERVESIM_CHECK(std::adjacent_find(sorted.begin(), sorted.end()) == sorted.end(),
                   "a flow lists a link twice");
    for (int l : flow.links) {
      SERVESIM_CHECK(l >= 0 && static_cast<std::size_t>(l) < num_links, "unknown link index");
      on_link[l].push_back(f);
    }
  }

  std::vector<double> remaining = capacity_bytes_per_s;
  std::vector<std::size_t> unfrozen_on(num_links);
  for (std::size_t l = 0; l < num_links; ++l) unfrozen_on[l] = on_link[l].size();
  FairShare out;
  out.rate_bytes_per_s.assign(num_flows, 0.0);
  out.bottleneck.assign(num_flows, -1);
  std::vector<bool> frozen(num_flows, false);

  auto freeze = [&](std::size_t f, double rate, int bottleneck) {
    frozen[f] = true;
    out.rate_bytes_per_s[f] = rate;
    out.bottleneck[f] = bottleneck;
    for (int l : flows[f].links) {
      remaining[l] = std::max(0.0, remaining[l] - rate);
      --unfrozen_on[l];
    }
  };

  for (std::size_t left = num_flows; left > 0;) {
    double best = std::numeric_limits<double>::infinity();
    int best_link = -1;
    std::size_t best_capped = num_flows;  // a flow frozen by its own cap, when no link is lower
    for (std::size_t l = 0; l < num_links; ++l) {
      if (unfrozen_on[l] == 0) continue;
      const double share = remaining[l] / static_cast<double>(unfrozen_on[l]);
      if (share < best) {
        best = share;
        best_link = static_cast<int>(l);
      }
    }
    for (std::size_t f = 0; f < num_flows; ++f) {
      if (!frozen[f] && flows[f].rate_cap_bytes_per_s < best) {
        best = flows[f].rate_cap_bytes_per_s;
        best_capped = f;
      }
    }
    SERVESIM_CHECK(best_link >= 0 || best_capped < num_flows, "an unbounded flow");
    if (best_capped < num_flows) {
      freeze(best_capped, best, -1);
      --left;
      continue;
    }
    for (std::size_t f : on_link[best_link]) {
      if (frozen[f]) continue;
      freeze(f, best, best_link);
      --left;
    }
  }
  return out;
}

}  // namespace servesim
