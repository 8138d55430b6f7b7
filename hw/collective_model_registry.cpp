// The built-in collective models.
#include "hw/collective_model_registry.hpp"

#include "hw/hierarchical_collective_model.hpp"

namespace servesim {

const Registry<CollectiveModelFactory>& collective_model_registry() {
  static const Registry<CollectiveModelFactory> registry = [] {
    Registry<CollectiveModelFactory> r("collective model");
    r.add("hierarchical",
          "ring phases inside each scale-up domain and over the NIC across domains, at the "
          "achieved link bandwidths, plus a fixed latency per call",
          [] { return std::make_shared<const HierarchicalCollectiveModel>(); });
    return r;
  }();
  return registry;
}

}  // namespace servesim
