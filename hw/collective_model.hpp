// The links of a group of GPUs that may span several scale-up domains, and the interface of
// models that time collectives (all-reduce, all-gather, all-to-all, point-to-point) over them.
#pragma once

#include "hw/gpu_spec.hpp"
#include "hw/knobs.hpp"
#include "hw/precision.hpp"

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
  /// Share of the traffic a GPU sends to other domains that leaves its leaf switch for the
  /// spine, and the leaf's oversubscription (downlink : uplink bandwidth, 1 = non-blocking).
  /// When every GPU of a leaf sends at once, cross-leaf bytes move at NIC / oversubscription.
  double cross_leaf_share = 0;
  double oversubscription = 1;
  int local_size() const { return size / domains; }
  /// Seconds to move `remote_bytes` from one GPU to other domains, NIC and spine limits
  /// included; sets `spine_bound` when the spine, not the NIC, is the limit.
  double scale_out_time_s(double remote_bytes, bool* spine_bound = nullptr) const;
};

/// A group of `size` GPUs inside one scale-up domain. On a switch every GPU pushes its full
/// bandwidth to any peer; on a full mesh a GPU reaches `size - 1` peers over one link each, so
/// a small group uses only part of its links.
GroupLink scale_up_link(const GpuSpec& gpu, const Knobs& knobs, int size);

/// How a MoE all-to-all runs: DeepEP's low-latency kernels (decode: fixed buffers, direct
/// sends, no CPU sync) or its normal, high-throughput kernels (prefill: NVLink/RDMA forwarding on
/// a set of SMs). SGLang's --deepep-mode and TensorRT-LLM pick one per step the same way.
enum class ExchangeMode { kLowLatency, kHighThroughput };
const char* exchange_mode_name(ExchangeMode m);

/// One MoE dispatch or combine seen from one GPU: each of its tokens sends a copy to the rank
/// of each of its top-k experts.
struct MoeExchange {
  bool combine = false;
  ExchangeMode mode = ExchangeMode::kLowLatency;
  double tokens = 0;          ///< tokens on this GPU
  int top_k = 1;
  double hidden = 0;             ///< hidden size, elements
  double bytes_per_element = 1;  ///< of the copies as servesim sends them
  Precision precision = Precision::kBf16;  ///< format of the copies
  double local_experts = 1;      ///< experts per rank
  /// Bytes this GPU sends: top-k copies per token, (n-1)/n of them to other ranks.
  double bytes_out(int ranks) const {
    return tokens * top_k * (ranks - 1.0) / ranks * hidden * bytes_per_element;
  }
};

/// A collective's time, the kernel family that was timed and what bounds it ("latency",
/// "scale-up", "NIC", "spine").
struct CollectiveTime {
  double time_s = 0;
  const char* kernel = "";
  const char* bound = "";
};

/// The time of collectives over a group's links. Implementations are chosen by name from
/// collective_model_registry() (hw/collective_model_registry.hpp); every one returns 0 for a
/// group of one or no bytes, grows with the bytes, and is never slower with more bandwidth.
class CollectiveModel {
 public:
  virtual ~CollectiveModel() = default;
  /// All-reduce of `bytes` per GPU.
  virtual CollectiveTime all_reduce(const GroupLink& link, double bytes) const = 0;
  /// All-gather or reduce-scatter of a `bytes` result per GPU.
  virtual CollectiveTime all_gather(const GroupLink& link, double bytes) const = 0;
  /// All-to-all where each GPU sends `bytes_out` spread evenly over the other GPUs.
  virtual CollectiveTime all_to_all(const GroupLink& link, double bytes_out) const = 0;
  /// A MoE dispatch or combine over the expert-parallel group.
  virtual CollectiveTime moe_exchange(const GroupLink& link, const MoeExchange& x) const = 0;
  /// One point-to-point transfer of `bytes` to one peer in the same domain.
  virtual CollectiveTime point_to_point(const GroupLink& link, double bytes) const = 0;
};

}  // namespace servesim
