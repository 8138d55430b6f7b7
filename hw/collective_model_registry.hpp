// The collective models servesim knows, by name.
#pragma once

#include <functional>
#include <memory>

#include "hw/collective_model.hpp"
#include "hw/instance_spec.hpp"
#include "sim/core/registry.hpp"

namespace servesim {

/// Makes the (immutable, shareable) collective model of one instance.
using CollectiveModelFactory =
    std::function<std::shared_ptr<const CollectiveModel>(const InstanceSpec& spec)>;

/// "calibrated" (the default) and "hierarchical".
const Registry<CollectiveModelFactory>& collective_model_registry();

}  // namespace servesim
