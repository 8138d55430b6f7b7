// The least-KV-load router.
#pragma once

#include "sched/ordered_worker_index.hpp"
#include "sched/router.hpp"

namespace servesim {

/// The worker with the smallest share of its KV cache used or reserved; ties go to the lowest
/// index. update() is O(log n), pick() O(1).
class LeastKvLoadRouter final : public Router {
 public:
  void reset(std::size_t workers) override;
  void update(std::size_t w, const WorkerLoad& load) override;
  std::size_t pick() override;

 private:
  OrderedWorkerIndex<double> index_;  ///< workers by `kv_load`
};

}  // namespace servesim
