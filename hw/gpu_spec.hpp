// One accelerator's published specification, as read from the GPU catalog.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "hw/precision.hpp"

namespace servesim {

/// How GPUs in one scale-up domain are connected.
enum class ScaleUpKind {
  kSwitch,  ///< NVSwitch: every GPU reaches any peer at its full per-GPU bandwidth.
  kMesh,    ///< Point-to-point full mesh (AMD Infinity Fabric): one link per peer.
};

struct GpuSpec {
  std::string name;
  std::vector<std::string> aliases;
  std::string vendor;
  std::string generation;
  /// Dense tensor-core peaks by compute class ("bf16", "fp8", "fp4"); absent = unsupported.
  std::map<std::string, double> dense_flops_per_s;
  std::vector<std::string> weight_formats;
  double hbm_bytes = 0;
  double hbm_bw_bytes_per_s = 0;
  ScaleUpKind scale_up_kind = ScaleUpKind::kSwitch;
  /// Per GPU, per direction, summed over its links.
  double scale_up_bw_bytes_per_s = 0;
  /// Mesh only: one link to one peer, per direction.
  double scale_up_per_peer_bw_bytes_per_s = 0;
  int scale_up_domain_size = 8;
  /// Scale-out NIC line rate per GPU, per direction.
  double nic_bw_bytes_per_s = 0;
  double tdp_w = 0;
  double all_in_power_w = 0;
  double cost_usd_per_gpu_hour = 0;

  bool supports(Precision p) const;
  /// Peak FLOP/s for GEMMs on weights stored in `p`: the tensor-core peak of its compute class,
  /// or the bf16 peak for a format the GPU stores but has no tensor cores for (weight-only,
  /// e.g. mxfp4 on Hopper); 0 when the GPU cannot run `p` at all.
  double peak_flops(Precision p) const;
};

}  // namespace servesim
