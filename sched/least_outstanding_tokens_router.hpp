// The least-outstanding-tokens router.
#pragma once

#include "sched/ordered_worker_index.hpp"
#include "sched/router.hpp"

namespace servesim {

/// The worker with the fewest outstanding tokens (prompt tokens to prefill plus output tokens to
/// write): the "least work" choice of the SGLang router and Dynamo's KV-aware router. Ties go to
/// the lowest index. update() is O(log n), pick() O(1).
class LeastOutstandingTokensRouter final : public Router {
 public:
  void reset(std::size_t workers) override;
  void update(std::size_t w, const WorkerLoad& load) override;
  std::size_t pick() override;

 private:
  OrderedWorkerIndex<std::int64_t> index_;  ///< workers by `outstanding_tokens`
};

}  // namespace servesim
