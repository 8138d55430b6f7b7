// Bandwidth-latency collective costs.
#include "hw/collective_model.hpp"

#include <algorithm>

namespace servesim {

GroupLink scale_up_link(const GpuSpec& gpu, const Knobs& knobs, int size) {
  GroupLink l;
  l.size = size;
  l.latency_s = knobs.collective_latency_s;
  l.efficiency = knobs.scale_up_efficiency;
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

double all_reduce_time_s(const GroupLink& link, double bytes) {
  if (link.size <= 1 || bytes <= 0) return 0;
  const double n = link.size;
  return link.latency_s + 2 * (n - 1) / n * bytes / (link.per_gpu_bw_bytes_per_s * link.efficiency);
}

double all_gather_time_s(const GroupLink& link, double bytes) {
  if (link.size <= 1 || bytes <= 0) return 0;
  const double n = link.size;
  return link.latency_s + (n - 1) / n * bytes / (link.per_gpu_bw_bytes_per_s * link.efficiency);
}

double all_to_all_time_s(const GroupLink& link, double bytes_out) {
  if (link.size <= 1 || bytes_out <= 0) return 0;
  return link.latency_s + bytes_out / (link.per_gpu_bw_bytes_per_s * link.efficiency);
}

double point_to_point_time_s(const GroupLink& link, double bytes) {
  if (bytes <= 0) return 0;
  return link.latency_s + bytes / (link.per_peer_bw_bytes_per_s * link.efficiency);
}

}  // namespace servesim
