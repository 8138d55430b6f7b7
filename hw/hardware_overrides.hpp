// What-if changes to a GPU and its scale-out fabric, named like "gpu.nic_bw_bytes_per_s" or
// "fabric.oversubscription": a scenario's "overrides" (and sweep axes over them) change the
// hardware without a copied catalog.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "hw/gpu_spec.hpp"

namespace servesim {

struct HardwareOverrideSpec {
  std::string name;  ///< "gpu.hbm_bw_bytes_per_s", "fabric.oversubscription", ...
  std::string unit;
  std::string doc;
  bool integer = false;
  double min = 0;          ///< smallest allowed value
  bool min_open = false;   ///< true: strictly above min
  double max = 1e300;      ///< largest allowed value
};

/// Every override servesim knows, in the order the reference lists them.
const std::vector<HardwareOverrideSpec>& hardware_override_specs();
const HardwareOverrideSpec* find_hardware_override(const std::string& name);
/// Why `value` is not allowed for `spec` ("" = allowed).
std::string hardware_override_problem(const HardwareOverrideSpec& spec, double value);
/// Applies named overrides (names and values already checked) to `gpu`.
void apply_hardware_overrides(GpuSpec& gpu, const std::map<std::string, double>& overrides);

}  // namespace servesim
