// Time of collectives (all-reduce, all-to-all) and point-to-point transfers over a group's links.
#pragma once

#include "hw/gpu_spec.hpp"
#include "hw/knobs.hpp"

namespace servesim {

/// The links one collective runs on, as seen from one GPU of the group.
struct GroupLink {
  int size = 1;                    ///< GPUs in the group
  double per_gpu_bw_bytes_per_s = 0;  ///< what one GPU can push into the group, per direction
  double per_peer_bw_bytes_per_s = 0; ///< to a single peer, per direction
  double latency_s = 0;            ///< fixed cost per collective call
  double efficiency = 1;           ///< achieved fraction of link bandwidth
};

/// The scale-up (NVLink / Infinity Fabric) link of a group of `size` GPUs inside one domain.
/// On a switch every GPU pushes its full bandwidth to any peer; on a full mesh a GPU reaches
/// `size - 1` peers over one link each, so a small group uses only part of its links.
GroupLink scale_up_link(const GpuSpec& gpu, const Knobs& knobs, int size);

/// Ring / direct all-reduce of `bytes` per GPU: 2 (n-1)/n * bytes over the group bandwidth,
/// plus the call latency. Zero for a group of one.
double all_reduce_time_s(const GroupLink& link, double bytes);
/// All-gather or reduce-scatter of a `bytes` result per GPU: (n-1)/n * bytes, plus latency.
double all_gather_time_s(const GroupLink& link, double bytes);
/// All-to-all where each GPU sends `bytes_out` to the others in total, plus latency.
double all_to_all_time_s(const GroupLink& link, double bytes_out);
/// One point-to-point transfer of `bytes` to one peer, plus latency.
double point_to_point_time_s(const GroupLink& link, double bytes);

}  // namespace servesim
