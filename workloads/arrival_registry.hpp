// The arrival processes servesim knows, by name.
#pragma once

#include <functional>
#include <memory>

#include "sim/core/registry.hpp"
#include "workloads/arrival_process.hpp"

namespace servesim {

struct ArrivalFactory {
  /// Whether the load of this process is a client count (closed loop) or a rate (open loop).
  bool closed_loop = false;
  std::function<std::unique_ptr<ArrivalProcess>()> make;
};

/// "closed_loop" (the default) and "poisson".
const Registry<ArrivalFactory>& arrival_registry();

}  // namespace servesim
