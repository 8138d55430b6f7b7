// The fabric catalog (scenarios/catalog/fabrics.json): scale-up and scale-out fabrics, and for
// every GPU the fabrics it is sold with.
#pragma once

#include <string>
#include <vector>

#include "hw/fabric_spec.hpp"

namespace servesim {

/// Which fabrics one GPU model is wired into.
struct GpuFabrics {
  std::string gpu;
  std::string scale_up;
  std::string scale_out;                       ///< the default scale-out fabric
  std::vector<std::string> scale_out_alternatives;  ///< others it ships with (see notes)
  int rails_per_node = 8;  ///< NICs (rails) per node or compute tray
};

class FabricCatalog {
 public:
  /// Parses fabrics.json; `label` names the file in messages. Every entry needs its sources and
  /// every GPU mapping must name known fabrics. Throws InputError.
  static FabricCatalog from_text(const std::string& text, const std::string& label);

  const ScaleUpFabric* find_scale_up(const std::string& name) const;
  const ScaleOutFabric* find_scale_out(const std::string& name) const;
  const GpuFabrics* for_gpu(const std::string& gpu) const;
  const std::vector<ScaleUpFabric>& scale_up() const { return scale_up_; }
  const std::vector<ScaleOutFabric>& scale_out() const { return scale_out_; }
  const std::vector<GpuFabrics>& gpus() const { return gpus_; }
  const std::string& label() const { return label_; }

 private:
  std::string label_;
  std::vector<ScaleUpFabric> scale_up_;
  std::vector<ScaleOutFabric> scale_out_;
  std::vector<GpuFabrics> gpus_;
};

}  // namespace servesim
