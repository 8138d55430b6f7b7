// Router implementations.
#include "sched/router.hpp"

#include "sim/core/error.hpp"

namespace servesim {

std::size_t RoundRobinRouter::pick(const std::vector<std::unique_ptr<ServingInstance>>& instances) {
  const std::size_t i = next_ % instances.size();
  ++next_;
  return i;
}

std::size_t LeastLoadedRouter::pick(const std::vector<std::unique_ptr<ServingInstance>>& instances) {
  std::size_t best = 0;
  for (std::size_t i = 1; i < instances.size(); ++i) {
    if (instances[i]->load() < instances[best]->load()) best = i;
  }
  return best;
}

std::unique_ptr<Router> make_router(const std::string& name) {
  if (name == "round_robin") return std::make_unique<RoundRobinRouter>();
  SERVESIM_CHECK(name == "least_loaded", "unknown router name");
  return std::make_unique<LeastLoadedRouter>();
}

}  // namespace servesim
