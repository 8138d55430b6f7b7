// Max-min fair rates of flows sharing links: progressive filling (water-filling), a pure
// function with no notion of time. FlowNetwork (hw/flow_network.hpp) calls it on every change.
#pragma once

#include <cstddef>
#include <limits>
#include <vector>

namespace servesim {

/// One flow: the links it crosses (indices into the capacity vector, each at most once) and an
/// optional cap of its own (a NIC, a sender's limit), bytes/s.
struct FairnessFlow {
  std::vector<int> links;
  double rate_cap_bytes_per_s = std::numeric_limits<double>::infinity();
};

/// The allocation, one entry per input flow, in input order.
struct FairShare {
  std::vector<double> rate_bytes_per_s;
  /// The link whose fair share froze the flow, or -1 when its own cap did.
  std::vector<int> bottleneck;
};

/// Max-min fair rates by progressive filling. Every unfrozen flow's rate rises together until a
/// constraint saturates; in closed form each round is:
///   1. for every link with unfrozen flows, fair share = remaining capacity / unfrozen flows on
///      it; every unfrozen flow's cap is a private one-flow link whose share is the cap itself;
///   2. take the smallest share (ties: the lowest link index, and links before caps, so the
///      result never depends on iteration order);
///   3. freeze that link's unfrozen flows (or the one capped flow) at that share, subtract the
///      share from every link each frozen flow crosses, and repeat until all flows are frozen.
/// At most links + flows rounds of O(links + total path length): fine for the few hundred flows
/// of one cluster. No flow can exceed its cap or its links' capacity, and every flow is limited
/// by a saturated link (or its cap) on which it has the largest rate: the max-min condition.
/// Each flow must cross a link or carry a finite cap (otherwise its rate would be unbounded).
FairShare max_min_fairness(const std::vector<double>& capacity_bytes_per_s,
                           const std::vector<FairnessFlow>& flows);

/// Storage one caller reuses between allocations, so that an allocation costs time in the
/// links the flows cross and the flows themselves, never in the links of the whole cluster,
/// and allocates nothing once warm.
struct FairnessWorkspace {
  FairShare share;
  std::vector<int> touched;                 // links that carry a flow, in index order
  std::vector<std::size_t> seen;            // per link: stamp of the last call that touched it
  std::vector<std::size_t> first, count, unfrozen;  // per link: row in members, its flows, unfrozen ones
  std::vector<double> remaining;            // per link
  std::vector<std::size_t> members;         // flows of each touched link, CSR by first[]
  std::vector<std::size_t> capped;
  std::vector<char> frozen;
  std::size_t stamp = 0;
};

/// The same allocation, in `workspace.share` (valid until the next call with it).
const FairShare& max_min_fairness(const std::vector<double>& capacity_bytes_per_s,
                                  const std::vector<FairnessFlow>& flows,
                                  FairnessWorkspace& workspace);

}  // namespace servesim
