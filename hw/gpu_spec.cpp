// GpuSpec queries.
#include "hw/gpu_spec.hpp"

#include <algorithm>

namespace servesim {

bool GpuSpec::supports(Precision p) const {
  return std::find(weight_formats.begin(), weight_formats.end(), precision_name(p)) !=
         weight_formats.end();
}

double GpuSpec::peak_flops(Precision p) const {
  auto it = dense_flops_per_s.find(compute_class(p));
  if (it != dense_flops_per_s.end()) return it->second;
  // A stored format without its own tensor-core path runs weight-only: dequantised to bf16.
  if (supports(p)) {
    auto bf16 = dense_flops_per_s.find("bf16");
    if (bf16 != dense_flops_per_s.end()) return bf16->second;
  }
  return 0.0;
}

int GpuSpec::leaf_group_size() const {
  return std::max(1, scale_out.gpus_per_leaf * std::max(1, rails_per_node));
}

}  // namespace servesim
