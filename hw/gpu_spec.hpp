// One accelerator's published specification, as read from the GPU catalog, with the fabrics
// it is wired into (from the fabric catalog).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "hw/fabric_spec.hpp"
#include "hw/precision.hpp"

namespace servesim {

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
  /// The fabrics it is wired into (fabrics.json gpu_fabrics): its scale-up domain and the
  /// scale-out network in use (the catalog default unless a scenario picks an alternative).
  ScaleUpFabric scale_up;
  ScaleOutFabric scale_out;
  /// Scale-out fabrics this GPU ships with: the default first, then the alternatives.
  std::vector<std::string> scale_out_choices;
  int rails_per_node = 8;  ///< NICs (rails) per node or compute tray

  /// GPUs that reach each other through leaf switches alone: gpus_per_leaf on each of the
  /// node's rails. Traffic between leaf groups crosses the spine.
  int leaf_group_size() const;
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
