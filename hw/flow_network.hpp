// Flows sharing named links in simulated time: bytes drain at max-min fair rates that are
// recomputed only when a flow starts or ends (events per flow, never per packet).
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "hw/max_min_fairness.hpp"

namespace servesim {

using FlowId = std::int64_t;

/// Tracks the active flows of a cluster's shared links. Event-loop agnostic: times are seconds
/// (double) and it never schedules anything itself. The caller keeps one pending "network"
/// event and, after every start() / finish() / finish_due(), replaces it:
///   1. on a new transfer at time t:   id = net.start(t, links, bytes);
///   2. then reschedule:               if (auto next = net.next_completion())
///                                       schedule(next->second, tag = net.epoch());
///   3. when that event fires at t:    drop it if its tag != net.epoch() (rates changed since);
///                                     for (FlowId done : net.finish_due(t, slack_s)) ...; then 2.
/// A caller whose clock rounds (seconds_to_sim rounds to the nearest ns) passes slack_s of one
/// tick so that a flow finishing within the tick is not left with a sliver of bytes.
class FlowNetwork {
 public:
  static constexpr double kUncapped = std::numeric_limits<double>::infinity();

  /// Registers a link (one direction of a cable, a switch uplink) and returns its index.
  int add_link(std::string name, double capacity_bytes_per_s);
  const std::string& link_name(int link) const;
  double link_capacity_bytes_per_s(int link) const;
  int num_links() const { return static_cast<int>(links_.size()); }

  /// Starts a transfer of `bytes` over `links` (each at most once) at `now_s`, optionally
  /// capped by the sender; drains every flow up to now_s first, then recomputes all rates.
  FlowId start(double now_s, std::vector<int> links, double bytes,
               double rate_cap_bytes_per_s = kUncapped);
  /// Drains every active flow at its current rate from the last time up to now_s.
  void advance_to(double now_s);
  /// The active flow that finishes first at current rates and when (ties: the lowest id);
  /// nullopt when no flow is active or none is moving (all on zero-capacity links).
  std::optional<std::pair<FlowId, double>> next_completion() const;
  /// Advances to now_s, ends every flow with nothing left (within slack_s of its rate) and
  /// recomputes rates once; returns the ended flows in id order.
  std::vector<FlowId> finish_due(double now_s, double slack_s = 0);
  /// Ends one flow early (cancelled transfer) at now_s; its undelivered bytes are dropped.
  void finish(double now_s, FlowId id);

  bool active(FlowId id) const { return find(id) != flows_.end(); }
  int num_active() const { return static_cast<int>(flows_.size()); }
  double rate_bytes_per_s(FlowId id) const;
  double remaining_bytes(FlowId id) const;
  /// The link whose fair share bounds the flow, or -1 when its own rate cap does.
  int bottleneck(FlowId id) const;
  double now_s() const { return now_s_; }
  /// Bumped whenever rates are recomputed: tags scheduled completions so stale ones are dropped.
  std::uint64_t epoch() const { return epoch_; }
  /// Bytes delivered so far over all flows, finished or active.
  double delivered_bytes() const { return delivered_bytes_; }

 private:
  struct Link {
    std::string name;
    double capacity_bytes_per_s;
  };
  struct Flow {
    std::vector<int> links;
    double bytes;
    double remaining_bytes;
    double rate_cap_bytes_per_s;
    double rate_bytes_per_s = 0;
    int bottleneck = -1;
  };
  const Flow& flow(FlowId id) const;
  bool is_done(const Flow& f, double slack_s) const;
  void recompute();

  std::vector<Link> links_;
  using FlowList = std::vector<std::pair<FlowId, Flow>>;
  FlowList::const_iterator find(FlowId id) const;
  // In id order (ids only grow, so a new flow goes last): rates and ties never depend on
  // hashing, and the few flows of a cluster sit in one array.
  FlowList flows_;
  FlowId next_id_ = 0;
  double now_s_ = 0;
  std::uint64_t epoch_ = 0;
  double delivered_bytes_ = 0;
  // Inputs of the last recompute, reused so a change allocates nothing once warm.
  std::vector<double> capacity_scratch_;
  std::vector<FairnessFlow> flows_scratch_;
  FairnessWorkspace fairness_;
};

}  // namespace servesim
