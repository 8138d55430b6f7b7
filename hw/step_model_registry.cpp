// The built-in step-time models.
#include "hw/step_model_registry.hpp"

#include "hw/roofline_step_model.hpp"

namespace servesim {

const Registry<StepModelFactory>& step_model_registry() {
  static const Registry<StepModelFactory> registry = [] {
    Registry<StepModelFactory> r("step model");
    r.add("roofline",
          "per operator max(FLOPs / achieved peak, bytes / achieved HBM bandwidth), collectives "
          "from the topology, MoE at the busiest expert rank, fixed per-layer and per-step costs",
          [](const InstanceSpec& spec) { return std::make_shared<const RooflineStepModel>(spec); });
    r.add("kernel_roofline",
          "the roofline with GEMMs, fused MoE and MLA attention timed by the operator curves "
          "fitted to measured kernels (kernel_curves.json, docs/kernel-fit.md) where the GPU has "
          "them; the rest as roofline",
          [](const InstanceSpec& spec) {
            return std::make_shared<const RooflineStepModel>(spec, true);
          });
    return r;
  }();
  return registry;
}

}  // namespace servesim
