// The batch schedulers servesim knows, by name.
#pragma once

#include <functional>
#include <memory>

#include "sched/batch_scheduler.hpp"
#include "sched/speculative_decoding.hpp"
#include "sim/core/random_stream.hpp"
#include "sim/core/registry.hpp"

namespace servesim {

/// Makes a scheduler for one instance: its limits, MTP acceptance, and the stream it draws from.
using SchedulerFactory = std::function<std::unique_ptr<BatchScheduler>(
    const SchedulerConfig& config, const MtpAcceptance& acceptance, RandomStream rng)>;

/// "continuous_batching" (the default).
const Registry<SchedulerFactory>& scheduler_registry();

}  // namespace servesim
