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
  FairnessWorkspace workspace;
  return max_min_fairness(capacity_bytes_per_s, flows, workspace);
}

const FairShare& max_min_fairness(const std::vector<double>& capacity_bytes_per_s,
                                  const std::vector<FairnessFlow>& flows, FairnessWorkspace& ws) {
  const std::size_t num_links = capacity_bytes_per_s.size();
  const std::size_t num_flows = flows.size();
  if (ws.seen.size() < num_links) {
    ws.seen.resize(num_links, 0);
    ws.first.resize(num_links);
    ws.count.resize(num_links);
    ws.unfrozen.resize(num_links);
    ws.remaining.resize(num_links);
  }
  const std::size_t stamp = ++ws.stamp;

  // The links that carry any flow (sorted: the scans below touch only those, in index order),
  // the flows on each of them (in flow order, compressed rows) and the flows with a finite cap.
  ws.touched.clear();
  ws.capped.clear();
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
      const auto li = static_cast<std::size_t>(l);
      if (ws.seen[li] != stamp) {
        ws.seen[li] = stamp;
        ws.unfrozen[li] = 0;
        ws.touched.push_back(l);
      }
      ++ws.unfrozen[li];
    }
    if (std::isfinite(flow.rate_cap_bytes_per_s)) ws.capped.push_back(f);
  }
  std::sort(ws.touched.begin(), ws.touched.end());
  std::size_t offset = 0;
  for (int l : ws.touched) {
    const auto li = static_cast<std::size_t>(l);
    const double c = capacity_bytes_per_s[li];
    SERVESIM_CHECK(c >= 0 && !std::isnan(c));
    ws.first[li] = offset;
    ws.count[li] = ws.unfrozen[li];
    offset += ws.unfrozen[li];
    ws.remaining[li] = c;
  }
  ws.members.resize(offset);
  // Fill each link's row in flow order (first[] advances as the row fills, then steps back).
  for (std::size_t f = 0; f < num_flows; ++f) {
    for (int l : flows[f].links) ws.members[ws.first[static_cast<std::size_t>(l)]++] = f;
  }
  for (int l : ws.touched) ws.first[static_cast<std::size_t>(l)] -= ws.count[static_cast<std::size_t>(l)];
  FairShare& out = ws.share;
  if (num_flows == 1) {
    // One flow: the lowest of its links' capacities and its cap (ties: the lowest link index,
    // links before the cap), what the rounds below arrive at in one round.
    const FairnessFlow& f = flows.front();
    double best = std::numeric_limits<double>::infinity();
    int link = -1;
    for (int l : ws.touched) {
      if (ws.remaining[static_cast<std::size_t>(l)] < best) {
        best = ws.remaining[static_cast<std::size_t>(l)];
        link = l;
      }
    }
    if (f.rate_cap_bytes_per_s < best) {
      best = f.rate_cap_bytes_per_s;
      link = -1;
    }
    out.rate_bytes_per_s.assign(1, best);
    out.bottleneck.assign(1, link);
    return out;
  }
  out.rate_bytes_per_s.assign(num_flows, 0.0);
  out.bottleneck.assign(num_flows, -1);
  ws.frozen.assign(num_flows, 0);

  auto freeze = [&](std::size_t f, double rate, int bottleneck) {
    ws.frozen[f] = 1;
    out.rate_bytes_per_s[f] = rate;
    out.bottleneck[f] = bottleneck;
    for (int l : flows[f].links) {
      const auto li = static_cast<std::size_t>(l);
      ws.remaining[li] = std::max(0.0, ws.remaining[li] - rate);
      --ws.unfrozen[li];
    }
  };

  std::vector<int>& active = ws.touched;  // links with unfrozen flows, in index order
  for (std::size_t left = num_flows; left > 0;) {
    double best = std::numeric_limits<double>::infinity();
    int best_link = -1;
    std::size_t best_capped = num_flows;  // a flow frozen by its own cap, when no link is lower
    // Links with no unfrozen flow left drop out of the active list (which stays in index
    // order, so ties still go to the lowest link index).
    std::size_t keep = 0;
    for (int l : active) {
      const auto li = static_cast<std::size_t>(l);
      if (ws.unfrozen[li] == 0) continue;
      active[keep++] = l;
      const double share = ws.remaining[li] / static_cast<double>(ws.unfrozen[li]);
      if (share < best) {
        best = share;
        best_link = l;
      }
    }
    active.resize(keep);
    for (std::size_t f : ws.capped) {
      if (!ws.frozen[f] && flows[f].rate_cap_bytes_per_s < best) {
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
    const auto bl = static_cast<std::size_t>(best_link);
    for (std::size_t k = ws.first[bl]; k < ws.first[bl] + ws.count[bl]; ++k) {
      const std::size_t f = ws.members[k];
      if (ws.frozen[f]) continue;
      freeze(f, best, best_link);
      --left;
    }
  }
  return out;
}

}  // namespace servesim
