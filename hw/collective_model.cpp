// The links of a collective group inside one scale-up domain.
#include "hw/collective_model.hpp"

#include <algorithm>

namespace servesim {

GroupLink scale_up_link(const GpuSpec& gpu, const Knobs& knobs, int size) {
  GroupLink l;
  l.size = size;
  l.latency_s = knobs.collective_latency_s;
  l.scale_out_latency_s = knobs.scale_out_latency_s;
  l.efficiency = knobs.scale_up_efficiency;
  l.scale_out_efficiency = knobs.scale_out_efficiency;
  l.nic_bw_bytes_per_s = gpu.nic_bw_bytes_per_s;
  if (gpu.scale_up_kind == ScaleUpKind::kMesh) {
    l.per_peer_bw_bytes_per_s = gpu.scale_up_per_peer_bw_bytes_per_s;
    l.per_gpu_bw_bytes_per_s =
        std::min(gpu.scale_up_bw_bytes_per_s, (size - 1) * gpu.scale_up_per_peer_bw_bytes_per_s);
  } else {
    l.per_peer_bw_bytes_per_s = gpu.scale_up_bw_bytes_per_s;
    l.per_gpu_bw_bytes_per_s = gpu.scale_up_bw_bytes_per_s;
  }
  return l;
}

}  // namespace servesim
