// The bandwidth-latency collective model: ring phases inside each scale-up domain and across
// domains over the NIC, plus one fixed latency per call (knobs.collective_latency_s, and
// knobs.scale_out_latency_s when the group spans domains).
#pragma once

#include "hw/collective_model.hpp"

namespace servesim {

class HierarchicalCollectiveModel final : public CollectiveModel {
 public:
  /// Reduce-scatter and all-gather inside each slice (2 (l-1)/l * bytes over scale-up) and an
  /// all-reduce of the slice's share across domains (2 (m-1)/m * bytes / l over the NIC).
  double all_reduce_time_s(const GroupLink& link, double bytes) const override;
  /// Half an all-reduce.
  double all_gather_time_s(const GroupLink& link, double bytes) const override;
  /// The part for the sender's own slice goes over scale-up, the rest over the NIC, in
  /// parallel.
  double all_to_all_time_s(const GroupLink& link, double bytes_out) const override;
  /// Latency plus bytes over one peer link.
  double point_to_point_time_s(const GroupLink& link, double bytes) const override;
};

}  // namespace servesim
