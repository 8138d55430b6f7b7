// The collective models servesim knows, by name.
#pragma once

#include <functional>
#include <memory>

#include "hw/collective_model.hpp"
#include "sim/core/registry.hpp"

namespace servesim {

/// Makes the (immutable, shareable) collective model of one instance.
using CollectiveModelFactory = std::function<std::shared_ptr<const CollectiveModel>()>;

/// "hierarchical" (the default).
const Registry<CollectiveModelFactory>& collective_model_registry();

}  // namespace servesim
