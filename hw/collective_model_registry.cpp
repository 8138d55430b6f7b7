// The built-in collective models.
#include "hw/collective_model_registry.hpp"

#include "hw/calibrated_collective_model.hpp"
#include "hw/hierarchical_collective_model.hpp"

namespace servesim {

const Registry<CollectiveModelFactory>& collective_model_registry() {
  static const Registry<CollectiveModelFactory> registry = [] {
    Registry<CollectiveModelFactory> r("collective model");
    r.add("calibrated",
          "latency-bandwidth curves fitted to measured NCCL, custom all-reduce, DeepEP and "
          "TensorRT-LLM all-to-all kernels (collectives.json) inside the scale-up domain, the "
          "NIC and spine beyond it; the hierarchical model where the GPU has no measurements",
          [](const InstanceSpec& spec) {
            return std::make_shared<const CalibratedCollectiveModel>(
                spec.collective_curves, spec.framework, spec.deepep_normal_sms);
          });
    r.add("hierarchical",
          "ring phases inside each scale-up domain and over the NIC across domains, at the "
          "achieved link bandwidths, plus a fixed latency per call",
          [](const InstanceSpec&) { return std::make_shared<const HierarchicalCollectiveModel>(); });
    return r;
  }();
  return registry;
}

}  // namespace servesim
