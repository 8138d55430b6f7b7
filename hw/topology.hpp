// The cluster graph: GPUs in scale-up domains (NVSwitch or full mesh) joined by a rail-optimised
// leaf-spine scale-out fabric through one NIC per GPU. The only file that uses Boost.Graph.
#pragma once

#include <memory>

#include "hw/collective_model.hpp"
#include "hw/gpu_spec.hpp"
#include "hw/knobs.hpp"

namespace servesim {

class Topology {
 public:
  /// `num_gpus` GPUs of kind `gpu`, filled domain by domain (domain_size each).
  Topology(const GpuSpec& gpu, int num_gpus);
  ~Topology();
  Topology(Topology&&) noexcept;
  Topology& operator=(Topology&&) noexcept;

  int num_gpus() const { return num_gpus_; }
  const GpuSpec& gpu() const { return *gpu_; }
  int domain_size() const { return domain_size_; }
  int domain_of(int gpu) const { return gpu / domain_size_; }
  /// GPUs that reach each other through leaf switches alone (gpus_per_leaf on each of the
  /// node's rails); traffic between such leaf groups crosses the spine.
  int leaf_group_size() const { return leaf_group_size_; }
  int leaf_group_of(int gpu) const { return gpu / leaf_group_size_; }
  /// Of the traffic the GPUs [first, first + count) send to other scale-up domains of the
  /// group (spread evenly over those peers), the share that crosses the spine.
  double cross_leaf_share(int first, int count) const;
  /// Bottleneck bandwidth of the widest path between two GPUs, bytes/s per direction
  /// (max-min path over the graph's link bandwidths).
  double path_bw_bytes_per_s(int a, int b) const;
  /// The link of a collective over the contiguous GPUs [first, first + count): scale-up
  /// bandwidth and efficiency from the GPU and knobs, NIC rate, latency and achievable fraction
  /// from the scale-out fabric, the cross-leaf share from where the group sits, and the leaf's
  /// oversubscription (as if every GPU under the leaf sent at once; a cluster replaces it by
  /// its contended share, hw/spine_contention.hpp).
  GroupLink group_link(int first, int count, const Knobs& knobs) const;

 private:
  struct Graph;
  const GpuSpec* gpu_;
  int num_gpus_;
  int domain_size_;
  int leaf_group_size_;
  std::unique_ptr<Graph> graph_;
};

}  // namespace servesim
