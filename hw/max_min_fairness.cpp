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

  // Flows on each link (in flow order), the unfrozen count per link, the links that carry any
  // flow (in index order: the scans below touch only those) and the flows with a finite cap.
  std::vector<std::vector<std::size_t>> on_link(num_links);
  std::vector<std::size_t> capped;
  for (std::size_t f = 0; f < num_flows; ++f) {
    const FairnessFlow& flow = flows[f];
    SERVESIM_CHECK(flow.rate_cap_bytes_per_s >= 0, "a flow's rate cap must be non-negative");
    SERVESIM_CHECK(!flow.links.empty() || std::isfinite(flow.rate_cap_bytes_per_s),
                   "a flow needs a link or a finite cap");
    const std::vector<int>& links = flow.links;
    for (std::size_t i = 0; i < links.size(); ++i) {
      const int l = links[i];
      SERVESIM_CHECK(l >= 0 && static_cast<std::size_t>(l) < num_links, "unknown link index");
      for (std::size_t j = 0; j < i; ++j) SERVESIM_CHECK(links[j] != l, "a flow lists a link twice");
      on_link[l].push_back(f);
    }
    if (std::isfinite(flow.rate_cap_bytes_per_s)) capped.push_back(f);
  }

  std::vector<double> remaining = capacity_bytes_per_s;
  std::vector<std::size_t> unfrozen_on(num_links);
  std::vector<std::size_t> active;
  for (std::size_t l = 0; l < num_links; ++l) {
    unfrozen_on[l] = on_link[l].size();
    if (unfrozen_on[l] > 0) active.push_back(l);
  }
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
    // Links with no unfrozen flow left drop out of the active list (which stays in index
    // order, so ties still go to the lowest link index).
    std::size_t keep = 0;
    for (std::size_t l : active) {
      if (unfrozen_on[l] == 0) continue;
      active[keep++] = l;
      const double share = remaining[l] / static_cast<double>(unfrozen_on[l]);
      if (share < best) {
        best = share;
        best_link = static_cast<int>(l);
      }
    }
    active.resize(keep);
    for (std::size_t f : capped) {
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
