// The built-in batch schedulers.
#include "sched/scheduler_registry.hpp"

#include "sched/continuous_batching_scheduler.hpp"
#include "sched/per_sequence_batching_scheduler.hpp"

namespace servesim {

const Registry<SchedulerFactory>& scheduler_registry() {
  static const Registry<SchedulerFactory> registry = [] {
    Registry<SchedulerFactory> r("scheduler");
    r.add("continuous_batching",
          "iteration-level batching: decodes first, then chunked prefill under the token budget, "
          "paged KV with recompute preemption (vLLM, SGLang, TensorRT-LLM in-flight batching); "
          "decoding sequences held in aggregate, O(1) per iteration",
          [](const SchedulerConfig& c, const MtpAcceptance& a, RandomStream rng) {
            return std::make_unique<ContinuousBatchingScheduler>(c, a, std::move(rng));
          });
    r.add("continuous_batching_reference",
          "the same policy stepped one sequence at a time, each drawing its own MTP acceptance "
          "every iteration (the per-iteration reference; cost grows with the batch)",
          [](const SchedulerConfig& c, const MtpAcceptance& a, RandomStream rng) {
            return std::make_unique<PerSequenceBatchingScheduler>(c, a, std::move(rng));
          });
    return r;
  }();
  return registry;
}

}  // namespace servesim
