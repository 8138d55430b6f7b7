// The round-robin router.
#include "sched/round_robin_router.hpp"

namespace servesim {

std::size_t RoundRobinRouter::pick(const std::vector<std::unique_ptr<ServingInstance>>& instances) {
  const std::size_t i = next_ % instances.size();
  ++next_;
  return i;
}

}  // namespace servesim
