// The routers servesim knows, by name.
#pragma once

#include <functional>
#include <memory>

#include "sched/router.hpp"
#include "sim/core/random_stream.hpp"
#include "sim/core/registry.hpp"

namespace servesim {

/// Makes a router; `rng` is the stream it draws from (routers that need no randomness ignore it).
using RouterFactory = std::function<std::unique_ptr<Router>(RandomStream rng)>;

/// "least_loaded" (the default), "least_kv_load", "least_outstanding_tokens", "power_of_two",
/// "round_robin".
const Registry<RouterFactory>& router_registry();

}  // namespace servesim
