// The least-loaded router.
#pragma once

#include "sched/ordered_worker_index.hpp"
#include "sched/router.hpp"

namespace servesim {

/// The worker with the fewest requests waiting, running or incoming; ties go to the lowest index.
/// update() is O(log n), pick() O(1).
class LeastLoadedRouter final : public Router {
 public:
  void reset(std::size_t workers) override;
  void update(std::size_t w, const WorkerLoad& load) override;
  std::size_t pick() override;

 private:
  OrderedWorkerIndex<int> index_;  ///< workers by `requests`
};

}  // namespace servesim
