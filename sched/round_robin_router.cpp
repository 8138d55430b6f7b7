// The round-robin router.
#include "sched/round_robin_router.hpp"

#include "sim/core/error.hpp"

namespace servesim {

void RoundRobinRouter::reset(std::size_t workers) {
  workers_ = workers;
  next_ = 0;
}

void RoundRobinRouter::update(std::size_t w, const WorkerLoad&) {
  SERVESIM_CHECK(w < workers_, "a router update names a worker outside its pool");
}

std::size_t RoundRobinRouter::pick() {
  SERVESIM_CHECK(workers_ > 0, "a router picks from an empty pool (reset it first)");
  const std::size_t i = next_;
  next_ = next_ + 1 == workers_ ? 0 : next_ + 1;
  return i;
}

}  // namespace servesim
