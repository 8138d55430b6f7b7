// The links of a group of GPUs that may span several scale-up domains, and the interface of
// models that time collectives (all-reduce, all-gather, all-to-all, point-to-point) over them.
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

/// The time of collectives over a group's links. Implementations are chosen by name from
/// collective_model_registry() (hw/collective_model_registry.hpp); every one returns 0 for a
/// group of one or no bytes, grows with the bytes, and is never slower with more bandwidth.
class CollectiveModel {
 public:
  virtual ~CollectiveModel() = default;
  /// All-reduce of `bytes` per GPU.
  virtual double all_reduce_time_s(const GroupLink& link, double bytes) const = 0;
  /// All-gather or reduce-scatter of a `bytes` result per GPU.
  virtual double all_gather_time_s(const GroupLink& link, double bytes) const = 0;
  /// All-to-all where each GPU sends `bytes_out` spread evenly over the other GPUs.
  virtual double all_to_all_time_s(const GroupLink& link, double bytes_out) const = 0;
  /// One point-to-point transfer of `bytes` to one peer in the same domain.
  virtual double point_to_point_time_s(const GroupLink& link, double bytes) const = 0;
};

}  // namespace servesim
