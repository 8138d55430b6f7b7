// The built-in routers.
#include "sched/router_registry.hpp"

#include "sched/least_loaded_router.hpp"
#include "sched/round_robin_router.hpp"

namespace servesim {

const Registry<RouterFactory>& router_registry() {
  static const Registry<RouterFactory> registry = [] {
    Registry<RouterFactory> r("router");
    r.add("least_loaded", "the instance with the fewest requests waiting or running",
          [] { return std::make_unique<LeastLoadedRouter>(); });
    r.add("round_robin", "instances in turn",
          [] { return std::make_unique<RoundRobinRouter>(); });
    return r;
  }();
  return registry;
}

}  // namespace servesim
