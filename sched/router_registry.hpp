// The routers servesim knows, by name.
#pragma once

#include <functional>
#include <memory>

#include "sched/router.hpp"
#include "sim/core/registry.hpp"

namespace servesim {

using RouterFactory = std::function<std::unique_ptr<Router>()>;

/// "least_loaded" (the default), "round_robin".
const Registry<RouterFactory>& router_registry();

}  // namespace servesim
