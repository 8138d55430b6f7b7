// The bandwidth-latency collective model: ring phases inside each scale-up domain and across
// domains over the NIC (and the spine, when the leaf is oversubscribed), plus one fixed latency
// per call (knobs.collective_latency_s, and the scale-out fabric's latency across domains).
#pragma once

#include "hw/collective_model.hpp"

namespace servesim {

class HierarchicalCollectiveModel final : public CollectiveModel {
 public:
  /// Reduce-scatter and all-gather inside each slice (2 (l-1)/l * bytes over scale-up) and an
  /// all-reduce of the slice's share across domains (2 (m-1)/m * bytes / l over the NIC).
  CollectiveTime all_reduce(const GroupLink& link, double bytes) const override;
  /// Half an all-reduce.
  CollectiveTime all_gather(const GroupLink& link, double bytes) const override;
  /// The part for the sender's own slice goes over scale-up, the rest over the NIC, in
  /// parallel.
  CollectiveTime all_to_all(const GroupLink& link, double bytes_out) const override;
  /// An all-to-all of the exchange's bytes; both modes alike.
  CollectiveTime moe_exchange(const GroupLink& link, const MoeExchange& x) const override;
  /// Latency plus bytes over one peer link.
  CollectiveTime point_to_point(const GroupLink& link, double bytes) const override;
};

}  // namespace servesim
