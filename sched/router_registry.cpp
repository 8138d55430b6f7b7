// The built-in routers.
#include "sched/router_registry.hpp"

#include <utility>

#include "sched/least_kv_load_router.hpp"
#include "sched/least_loaded_router.hpp"
#include "sched/least_outstanding_tokens_router.hpp"
#include "sched/power_of_two_choices_router.hpp"
#include "sched/round_robin_router.hpp"

namespace servesim {

const Registry<RouterFactory>& router_registry() {
  static const Registry<RouterFactory> registry = [] {
    Registry<RouterFactory> r("router");
    r.add("least_loaded", "the worker with the fewest requests waiting, running or incoming",
          [](RandomStream) { return std::make_unique<LeastLoadedRouter>(); });
    r.add("least_kv_load", "the worker with the smallest share of its KV cache used or reserved",
          [](RandomStream) { return std::make_unique<LeastKvLoadRouter>(); });
    r.add("least_outstanding_tokens",
          "the worker with the fewest prompt tokens to prefill plus output tokens to write",
          [](RandomStream) { return std::make_unique<LeastOutstandingTokensRouter>(); });
    r.add(
        "power_of_two", "two workers drawn at random, the one with fewer outstanding tokens",
        [](RandomStream rng) { return std::make_unique<PowerOfTwoChoicesRouter>(std::move(rng)); });
    r.add("round_robin", "workers in turn",
          [](RandomStream) { return std::make_unique<RoundRobinRouter>(); });
    return r;
  }();
  return registry;
}

}  // namespace servesim
