// Bandwidth-latency collective costs, hierarchical across scale-up domains.
#include "hw/hierarchical_collective_model.hpp"

#include <algorithm>

namespace servesim {

namespace {

double fixed_latency(const GroupLink& link) {
  return link.latency_s + (link.domains > 1 ? link.scale_out_latency_s : 0.0);
}

double up_bw(const GroupLink& link) { return link.per_gpu_bw_bytes_per_s * link.efficiency; }
double out_bw(const GroupLink& link) {
  return link.nic_bw_bytes_per_s * link.scale_out_efficiency;
}

}  // namespace

double HierarchicalCollectiveModel::all_reduce_time_s(const GroupLink& link, double bytes) const {
  if (link.size <= 1 || bytes <= 0) return 0;
  const double l = link.local_size();
  const double m = link.domains;
  double t = fixed_latency(link);
  if (l > 1) t += 2 * (l - 1) / l * bytes / up_bw(link);
  if (m > 1) t += 2 * (m - 1) / m * (bytes / l) / out_bw(link);
  return t;
}

double HierarchicalCollectiveModel::all_gather_time_s(const GroupLink& link, double bytes) const {
  if (link.size <= 1 || bytes <= 0) return 0;
  const double l = link.local_size();
  const double m = link.domains;
  double t = fixed_latency(link);
  if (l > 1) t += (l - 1) / l * bytes / up_bw(link);
  if (m > 1) t += (m - 1) / m * (bytes / l) / out_bw(link);
  return t;
}

double HierarchicalCollectiveModel::all_to_all_time_s(const GroupLink& link,
                                                      double bytes_out) const {
  if (link.size <= 1 || bytes_out <= 0) return 0;
  const double n = link.size;
  const double l = link.local_size();
  const double local = bytes_out * (l - 1) / (n - 1);
  const double remote = bytes_out - local;
  double t = local > 0 ? local / up_bw(link) : 0.0;
  if (remote > 0) t = std::max(t, remote / out_bw(link));
  return fixed_latency(link) + t;
}

double HierarchicalCollectiveModel::point_to_point_time_s(const GroupLink& link,
                                                          double bytes) const {
  if (bytes <= 0) return 0;
  return link.latency_s + bytes / (link.per_peer_bw_bytes_per_s * link.efficiency);
}

}  // namespace servesim
