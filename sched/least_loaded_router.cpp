// The least-loaded router.
#include "sched/least_loaded_router.hpp"

namespace servesim {

void LeastLoadedRouter::reset(std::size_t workers) { index_.reset(workers); }

void LeastLoadedRouter::update(std::size_t w, const WorkerLoad& load) {
  index_.set(w, load.requests);
}

std::size_t LeastLoadedRouter::pick() { return index_.min(); }

}  // namespace servesim
