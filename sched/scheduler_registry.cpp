// The built-in batch schedulers.
#include "sched/scheduler_registry.hpp"

#include "sched/continuous_batching_scheduler.hpp"

namespace servesim {

const Registry<SchedulerFactory>& scheduler_registry() {
  static const Registry<SchedulerFactory> registry = [] {
    Registry<SchedulerFactory> r("scheduler");
    r.add("continuous_batching",
          "iteration-level batching: decodes first, then chunked prefill under the token budget, "
          "paged KV with recompute preemption (vLLM, SGLang, TensorRT-LLM in-flight batching)",
          [](const SchedulerConfig& c, const MtpAcceptance& a, RandomStream rng) {
            return std::make_unique<ContinuousBatchingScheduler>(c, a, std::move(rng));
          });
    return r;
  }();
  return registry;
}

}  // namespace servesim
