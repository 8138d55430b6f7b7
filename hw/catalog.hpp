// The catalog: GPUs and their fabrics, models, calibration knobs and numerical conventions, loaded from JSON text (files or embedded).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "hw/collective_calibration.hpp"
#include "hw/kernel_curves.hpp"
#include "hw/fabric_catalog.hpp"
#include "hw/gpu_spec.hpp"
#include "hw/knobs.hpp"
#include "hw/model_spec.hpp"
#include "hw/numerics.hpp"

namespace servesim {

/// One catalog document: its label for messages (file name) and its JSON text.
struct CatalogText {
  std::string label;
  std::string text;
};

/// Knob values by layer of specificity: defaults, then per GPU generation, then per GPU name,
/// then per framework profile, then per framework on one generation ("SGLang@hopper", kept in
/// by_framework). Each layer overrides only the knobs it names.
struct KnobTable {
  Knobs defaults;
  std::map<std::string, std::map<std::string, double>> by_generation;
  std::map<std::string, std::map<std::string, double>> by_gpu;
  std::map<std::string, std::map<std::string, double>> by_framework;
};

/// The catalog documents (kernel_curves may be empty: no measured operator curves).
struct CatalogTexts {
  CatalogText gpus, models, knobs, numerics, collectives, fabrics, kernel_curves;
};

class Catalog {
 public:
  /// Parses the catalog documents; throws InputError naming the file and field. Every GPU gets
  /// the fabrics fabrics.json names for it.
  static Catalog from_texts(const CatalogTexts& texts);

  /// Finds a GPU by name or alias (case-insensitive); nullptr if unknown.
  const GpuSpec* find_gpu(const std::string& name) const;
  const ModelSpec* find_model(const std::string& name) const;
  const std::vector<GpuSpec>& gpus() const { return gpus_; }
  const std::vector<ModelSpec>& models() const { return models_; }
  const KnobTable& knob_table() const { return knobs_; }
  /// The formats and reserve/rounding conventions of numerics.json.
  const Numerics& numerics() const { return numerics_; }
  /// The collective curves fitted to measured kernels (collectives.json).
  const CollectiveCalibration& collectives() const { return collectives_; }
  /// The operator curves fitted to measured kernels (kernel_curves.json).
  const KernelCalibration& kernel_curves() const { return kernel_curves_; }
  /// The scale-up and scale-out fabrics (fabrics.json).
  const FabricCatalog& fabrics() const { return fabrics_; }
  /// Resolved knobs for a GPU under a framework profile ("" = generic): defaults, generation,
  /// the generation under `step_model` (by_generation["<generation>@<step model>"]), GPU,
  /// framework, framework on the generation.
  Knobs knobs_for(const GpuSpec& gpu, const std::string& framework,
                  const std::string& step_model = "") const;
  bool has_framework(const std::string& framework) const;
  std::vector<std::string> framework_names() const;

 private:
  std::vector<GpuSpec> gpus_;
  std::vector<ModelSpec> models_;
  KnobTable knobs_;
  Numerics numerics_;
  CollectiveCalibration collectives_;
  KernelCalibration kernel_curves_;
  FabricCatalog fabrics_;
};

/// Applies named overrides ("hbm_bw_efficiency": 0.85, ...) to `knobs`; unknown names are
/// rejected by the catalog reader before this is called.
void apply_knob_overrides(Knobs& knobs, const std::map<std::string, double>& overrides);
/// The names of all knobs, in declaration order.
const std::vector<std::string>& knob_names();
/// The value of a knob by name.
double knob_value(const Knobs& knobs, const std::string& name);

}  // namespace servesim
