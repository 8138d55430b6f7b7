// Bandwidth-latency collective costs, hierarchical across scale-up domains.
#include "hw/hierarchical_collective_model.hpp"

#include <algorithm>

namespace servesim {
namespace {

constexpr const char* kKernel = "ring";

double fixed_latency(const GroupLink& link) {
  return link.latency_s + (link.domains > 1 ? link.scale_out_latency_s : 0.0);
}

double up_bw(const GroupLink& link) { return link.per_gpu_bw_bytes_per_s * link.efficiency; }

/// Latency plus a scale-up phase and a scale-out phase in series.
CollectiveTime phases(const GroupLink& link, double up_bytes, double out_bytes) {
  const double lat = fixed_latency(link);
  const double up = up_bytes > 0 ? up_bytes / up_bw(link) : 0.0;
  bool spine = false;
  const double out = link.scale_out_time_s(out_bytes, &spine);
  CollectiveTime t{lat + up + out, kKernel, "latency"};
  if (up > lat && up >= out) t.bound = "scale-up";
  if (out > lat && out > up) t.bound = spine ? "spine" : "NIC";
  return t;
}

}  // namespace

CollectiveTime HierarchicalCollectiveModel::all_reduce(const GroupLink& link, double bytes) const {
  if (link.size <= 1 || bytes <= 0) return {0, kKernel, ""};
  const double l = link.local_size();
  const double m = link.domains;
  return phases(link, l > 1 ? 2 * (l - 1) / l * bytes : 0.0,
                m > 1 ? 2 * (m - 1) / m * (bytes / l) : 0.0);
}

CollectiveTime HierarchicalCollectiveModel::all_gather(const GroupLink& link, double bytes) const {
  if (link.size <= 1 || bytes <= 0) return {0, kKernel, ""};
  const double l = link.local_size();
  const double m = link.domains;
  return phases(link, l > 1 ? (l - 1) / l * bytes : 0.0, m > 1 ? (m - 1) / m * (bytes / l) : 0.0);
}

CollectiveTime HierarchicalCollectiveModel::all_to_all(const GroupLink& link,
                                                       double bytes_out) const {
  if (link.size <= 1 || bytes_out <= 0) return {0, kKernel, ""};
  const double n = link.size;
  const double l = link.local_size();
  const double local = bytes_out * (l - 1) / (n - 1);
  const double remote = bytes_out - local;
  // The part for the sender's own domain and the part for the others move in parallel.
  const double up = local > 0 ? local / up_bw(link) : 0.0;
  bool spine = false;
  const double out = link.scale_out_time_s(remote, &spine);
  const double lat = fixed_latency(link);
  CollectiveTime t{lat + std::max(up, out), kKernel, "latency"};
  if (std::max(up, out) > lat) t.bound = out > up ? (spine ? "spine" : "NIC") : "scale-up";
  return t;
}

CollectiveTime HierarchicalCollectiveModel::moe_exchange(const GroupLink& link,
                                                         const MoeExchange& x) const {
  return all_to_all(link, x.bytes_out(link.size));
}

CollectiveTime HierarchicalCollectiveModel::point_to_point(const GroupLink& link,
                                                           double bytes) const {
  if (bytes <= 0) return {0, kKernel, ""};
  const double bw = bytes / (link.per_peer_bw_bytes_per_s * link.efficiency);
  return {link.latency_s + bw, kKernel, bw > link.latency_s ? "scale-up" : "latency"};
}

}  // namespace servesim
