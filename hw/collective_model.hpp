// Time of collectives (all-reduce, all-gather, all-to-all) and point-to-point transfers over the
// links of a group of GPUs that may span several scale-up domains.
#pragma once

#include "hw/gpu_spec.hpp"
#include "hw/knobs.hpp"

namespace servesim {

/// The links one collective runs on, as seen from one GPU of the group. The group is `domains`
/// equal slices of `size / domains` GPUs, each slice inside one scale-up domain (NVLink or
/// Infinity Fabric); slices talk over the scale-out network (one NIC per GPU).
struct GroupLink {
  int size = 1;     ///< GPUs in the group
  int domains = 1;  ///< scale-up domains the group spans
  double per_gpu_bw_bytes_per_s = 0;   ///< scale-up: what one GPU can push to its slice
  double per_peer_bw_bytes_per_s = 0;  ///< scale-up: to a single peer
  double nic_bw_bytes_per_s = 0;       ///< scale-out: per GPU, per direction
  double latency_s = 0;                ///< fixed cost of a call inside one domain
  double scale_out_latency_s = 0;      ///< added when the group spans domains
  double efficiency = 1;               ///< achieved fraction of scale-up bandwidth
  double scale_out_efficiency = 1;     ///< achieved fraction of NIC bandwidth
  int local_size() const { return size / domains; }
};

/// A group of `size` GPUs inside one scale-up domain. On a switch every GPU pushes its full
/// bandwidth to any peer; on a full mesh a GPU reaches `size - 1` peers over one link each, so
/// a small group uses only part of its links.
GroupLink scale_up_link(const GpuSpec& gpu, const Knobs& knobs, int size);

/// Hierarchical all-reduce of `bytes` per GPU: reduce-scatter and all-gather inside each slice
/// (2 (l-1)/l * bytes over scale-up) and an all-reduce of the slice's share across domains
/// (2 (m-1)/m * bytes / l over the NIC), plus latencies. Zero for a group of one.
double all_reduce_time_s(const GroupLink& link, double bytes);
/// All-gather or reduce-scatter of a `bytes` result per GPU: half an all-reduce.
double all_gather_time_s(const GroupLink& link, double bytes);
/// All-to-all where each GPU sends `bytes_out` spread evenly over the other GPUs: the part for
/// its own slice goes over scale-up, the rest over the NIC, in parallel.
double all_to_all_time_s(const GroupLink& link, double bytes_out);
/// One point-to-point transfer of `bytes` to one peer in the same domain, plus latency.
double point_to_point_time_s(const GroupLink& link, double bytes);

}  // namespace servesim
