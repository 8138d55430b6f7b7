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
  return it == dense_flops_per_s.end() ? 0.0 : it->second;
}

}  // namespace servesim
