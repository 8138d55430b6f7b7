// What one request's KV transfer from a prefill instance to a decode instance moves: the shards
// (source GPU, destination GPU, bytes) its parallelism on both sides requires, the links each
// shard crosses on the cluster's network, and the fixed costs before the bytes move.
#pragma once

#include <cstdint>
#include <map>
#include <tuple>
#include <vector>

#include "hw/flow_network.hpp"
#include "hw/instance_spec.hpp"

namespace servesim {

/// One contiguous piece of a request's KV: the destination GPU's share, sent by one source GPU
/// (GPU numbers are the instances' places on their cluster).
struct KvShard {
  int src_gpu = 0;
  int dst_gpu = 0;
  double bytes = 0;
};

/// The shards of a `tokens`-token KV cache of request `request_id` from `src` to `dst`. The
/// request lives on one attention-DP rank on each side (id mod the DP size); every GPU of the
/// destination rank receives what it holds (kv_bytes_per_token_per_gpu x tokens, in the
/// destination's KV dtype), each from a source GPU of the source rank in turn.
std::vector<KvShard> kv_shards(const InstanceSpec& src, const InstanceSpec& dst,
                               std::uint64_t request_id, int tokens);

/// Seconds before a transfer's bytes move: the sender's setup knob, its descriptors (one per
/// KV block per layer of the largest shard, posted in parallel by the sending ranks) and the
/// path's one-way latency.
double kv_transfer_setup_s(const InstanceSpec& src, const InstanceSpec& dst, int tokens,
                           int src_block_size, bool same_domain);

/// The links of the cluster's network that KV transfers cross, registered in a FlowNetwork on
/// first use: per GPU the scale-up egress and ingress (a mesh: one link per GPU pair), the NIC
/// egress and ingress, and per leaf group its spine uplink and downlink. Capacities: scale-up
/// bandwidth x scale_up_efficiency, NIC line rate x the fabric's achievable fraction, a leaf
/// group's uplinks = its GPUs x NIC / oversubscription.
class KvLinkMap {
 public:
  explicit KvLinkMap(FlowNetwork& net) : net_(net) {}
  /// The links from `src_gpu` of cluster `src_cluster` (an instance `src`) to `dst_gpu` of
  /// `dst_cluster`: over the scale-up fabric when both sit in one domain of one cluster, else
  /// over both NICs and, across leaf groups or clusters, the spine.
  std::vector<int> route(const InstanceSpec& src, int src_cluster, int src_gpu,
                         const InstanceSpec& dst, int dst_cluster, int dst_gpu);
  /// True when the two GPUs share a scale-up domain (then route() uses it).
  static bool same_domain(const InstanceSpec& src, int src_cluster, int src_gpu,
                          const InstanceSpec& dst, int dst_cluster, int dst_gpu);

 private:
  int link(int cluster, int kind, int a, int b, double capacity);
  FlowNetwork& net_;
  std::map<std::tuple<int, int, int, int>, int> links_;  // (cluster, kind, a, b) -> link
};

}  // namespace servesim
