// The least-KV-load router.
#include "sched/least_kv_load_router.hpp"

namespace servesim {

void LeastKvLoadRouter::reset(std::size_t workers) { index_.reset(workers); }

void LeastKvLoadRouter::update(std::size_t w, const WorkerLoad& load) {
  index_.set(w, load.kv_load);
}

std::size_t LeastKvLoadRouter::pick() { return index_.min(); }

}  // namespace servesim
