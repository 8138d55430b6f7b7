// The least-loaded router.
#include "sched/least_loaded_router.hpp"

namespace servesim {

std::size_t LeastLoadedRouter::pick(const std::vector<std::unique_ptr<ServingInstance>>& instances) {
  std::size_t best = 0;
  for (std::size_t i = 1; i < instances.size(); ++i) {
    if (instances[i]->load() < instances[best]->load()) best = i;
  }
  return best;
}

}  // namespace servesim
