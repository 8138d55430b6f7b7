// The links of a collective group inside one scale-up domain.
#include "hw/collective_model.hpp"

#include <algorithm>

namespace servesim {

GroupLink scale_up_link(const GpuSpec& gpu, const Knobs& knobs, int size) {
  GroupLink l;
  l.size = size;
  l.latency_s = knobs.collective_latency_s;
  l.scale_out_latency_s = gpu.scale_out.latency_s(false);
  l.efficiency = knobs.scale_up_efficiency;
  l.scale_out_efficiency = gpu.scale_out.achievable_fraction;
  l.nic_bw_bytes_per_s = gpu.scale_out.nic_bw_bytes_per_s;
  if (gpu.scale_up.kind == ScaleUpKind::kMesh) {
    l.per_peer_bw_bytes_per_s = gpu.scale_up.per_peer_bw_bytes_per_s;
    l.per_gpu_bw_bytes_per_s =
        std::min(gpu.scale_up.bw_bytes_per_s, (size - 1) * gpu.scale_up.per_peer_bw_bytes_per_s);
  } else {
    l.per_peer_bw_bytes_per_s = gpu.scale_up.bw_bytes_per_s;
    l.per_gpu_bw_bytes_per_s = gpu.scale_up.bw_bytes_per_s;
  }
  return l;
}

double GroupLink::scale_out_time_s(double remote_bytes, bool* spine_bound) const {
  if (remote_bytes <= 0) return 0;
  const double nic = nic_bw_bytes_per_s * scale_out_efficiency;
  const double through_nic = remote_bytes / nic;
  const double through_spine = remote_bytes * cross_leaf_share * oversubscription / nic;
  if (spine_bound) *spine_bound = through_spine > through_nic;
  return std::max(through_nic, through_spine);
}

const char* exchange_mode_name(ExchangeMode m) {
  return m == ExchangeMode::kLowLatency ? "low_latency" : "high_throughput";
}

}  // namespace servesim
