// The table of hardware overrides and how each changes a GPU or its fabric.
#include "hw/hardware_overrides.hpp"

#include <fmt/format.h>

#include <cmath>
#include <functional>

namespace servesim {
namespace {

struct Entry {
  HardwareOverrideSpec spec;
  std::function<void(GpuSpec&, double)> apply;
};

const std::vector<Entry>& entries() {
  static const std::vector<Entry> e = {
      {{"gpu.hbm_bytes", "B", "usable HBM capacity per GPU", false, 0, true},
       [](GpuSpec& g, double v) { g.hbm_bytes = v; }},
      {{"gpu.hbm_bw_bytes_per_s", "B/s", "HBM peak bandwidth per GPU", false, 0, true},
       [](GpuSpec& g, double v) { g.hbm_bw_bytes_per_s = v; }},
      {{"gpu.scale_up_bw_bytes_per_s", "B/s",
        "scale-up (NVLink / Infinity Fabric) bandwidth per GPU per direction; on a mesh the "
        "per-peer links scale with it",
        false, 0, true},
       [](GpuSpec& g, double v) {
         if (g.scale_up.per_peer_bw_bytes_per_s > 0) {
           g.scale_up.per_peer_bw_bytes_per_s *= v / g.scale_up.bw_bytes_per_s;
         }
         g.scale_up.bw_bytes_per_s = v;
       }},
      {{"gpu.scale_up_domain_size", "GPUs", "GPUs in one scale-up domain (NVL36 = 36)", true, 1,
        false},
       [](GpuSpec& g, double v) { g.scale_up.domain_size = static_cast<int>(v); }},
      {{"gpu.nic_bw_bytes_per_s", "B/s", "backend NIC line rate per GPU per direction", false, 0,
        true},
       [](GpuSpec& g, double v) { g.scale_out.nic_bw_bytes_per_s = v; }},
      {{"fabric.oversubscription", "", "leaf downlink : uplink bandwidth (1 = non-blocking)",
        false, 1, false},
       [](GpuSpec& g, double v) { g.scale_out.oversubscription = v; }},
      {{"fabric.gpus_per_leaf", "GPUs", "GPU ports one leaf switch serves on one rail", true, 1,
        false},
       [](GpuSpec& g, double v) { g.scale_out.gpus_per_leaf = static_cast<int>(v); }},
      {{"fabric.achievable_fraction", "", "sustained / line rate of large scale-out transfers",
        false, 0, true, 1},
       [](GpuSpec& g, double v) { g.scale_out.achievable_fraction = v; }},
      {{"fabric.nic_latency_s", "s", "NIC and transport part of a small message's latency",
        false, 0, false},
       [](GpuSpec& g, double v) { g.scale_out.nic_latency_s = v; }},
      {{"fabric.switch_hop_latency_s", "s", "latency of one switch hop", false, 0, false},
       [](GpuSpec& g, double v) { g.scale_out.switch_hop_latency_s = v; }},
  };
  return e;
}

}  // namespace

const std::vector<HardwareOverrideSpec>& hardware_override_specs() {
  static const std::vector<HardwareOverrideSpec> specs = [] {
    std::vector<HardwareOverrideSpec> s;
    for (const auto& e : entries()) s.push_back(e.spec);
    return s;
  }();
  return specs;
}

const HardwareOverrideSpec* find_hardware_override(const std::string& name) {
  for (const auto& s : hardware_override_specs()) {
    if (s.name == name) return &s;
  }
  return nullptr;
}

std::string hardware_override_problem(const HardwareOverrideSpec& spec, double value) {
  if (!std::isfinite(value)) return "expected a finite number";
  if (spec.integer && value != std::floor(value)) return "expected an integer";
  if (spec.min_open ? value <= spec.min : value < spec.min) {
    return fmt::format("{} is not {} {}", value, spec.min_open ? ">" : ">=", spec.min);
  }
  if (value > spec.max) return fmt::format("{} is above {}", value, spec.max);
  return "";
}

void apply_hardware_overrides(GpuSpec& gpu, const std::map<std::string, double>& overrides) {
  for (const auto& e : entries()) {
    auto it = overrides.find(e.spec.name);
    if (it != overrides.end()) e.apply(gpu, it->second);
  }
}

}  // namespace servesim
