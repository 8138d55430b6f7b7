// The cluster graph: GPUs in scale-up domains (NVSwitch or full mesh) joined by a scale-out
// fabric through one NIC per GPU. The only file that uses Boost.Graph.
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
  int domain_of(int gpu) const { return gpu / domain_size_; }
  /// Bottleneck bandwidth of the widest path between two GPUs, bytes/s per direction
  /// (max-min path over the graph's link bandwidths).
  double path_bw_bytes_per_s(int a, int b) const;
  /// The link of a collective over the contiguous GPUs [first, first + count).
  GroupLink group_link(int first, int count, const Knobs& knobs) const;

 private:
  struct Graph;
  const GpuSpec* gpu_;
  int num_gpus_;
  int domain_size_;
  std::unique_ptr<Graph> graph_;
};

}  // namespace servesim
