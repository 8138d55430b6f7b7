// The fabrics a GPU is wired into: its scale-up domain (NVLink/NVSwitch, Infinity Fabric) and
// the scale-out network (RoCE, InfiniBand) of one NIC per GPU, as read from fabrics.json.
#pragma once

#include <string>

namespace servesim {

/// How GPUs in one scale-up domain are connected.
enum class ScaleUpKind {
  kSwitch,  ///< NVSwitch: every GPU reaches any peer at its full per-GPU bandwidth.
  kMesh,    ///< Point-to-point full mesh (AMD Infinity Fabric): one link per peer.
};

struct ScaleUpFabric {
  std::string name;
  ScaleUpKind kind = ScaleUpKind::kSwitch;
  int domain_size = 8;
  /// Per GPU, per direction, summed over its links.
  double bw_bytes_per_s = 0;
  /// Mesh only: one link to one peer, per direction.
  double per_peer_bw_bytes_per_s = 0;
};

/// A rail-optimised leaf-spine network: GPU i of every node (rail i) meets the same leaf switch;
/// a leaf serves `gpus_per_leaf` GPUs of one rail, so `gpus_per_leaf` x rails-per-node GPUs
/// reach each other through leaves alone, and traffic between such groups crosses the spine.
struct ScaleOutFabric {
  std::string name;
  std::string transport;          ///< "roce" or "infiniband"
  double nic_bw_bytes_per_s = 0;  ///< one GPU's backend NIC line rate, per direction
  int gpus_per_leaf = 1;          ///< GPU ports one leaf serves on one rail
  double oversubscription = 1;    ///< leaf downlink : uplink bandwidth (1 = non-blocking)
  int hops_same_leaf = 1;
  int hops_cross_spine = 3;
  double nic_latency_s = 0;
  double switch_hop_latency_s = 0;
  double achievable_fraction = 1;  ///< sustained / line rate for large transfers

  /// One-way small-message latency between GPUs under one leaf, or across the spine.
  double latency_s(bool cross_spine) const {
    return nic_latency_s + (cross_spine ? hops_cross_spine : hops_same_leaf) * switch_hop_latency_s;
  }
};

}  // namespace servesim
