// Turns a scenario into a validated instance: catalog lookups, parallelism and memory checks.
#pragma once

#include "hw/catalog.hpp"
#include "hw/instance_spec.hpp"
#include "hw/memory_budget.hpp"
#include "sched/batch_scheduler.hpp"
#include "sched/speculative_decoding.hpp"
#include "sim/scenario/scenario.hpp"

namespace servesim {

struct BuiltInstance {
  InstanceSpec spec;
  SchedulerConfig scheduler;  ///< with kv_capacity_blocks derived from the memory budget
  MemoryBudget memory;
  MtpAcceptance acceptance;
};

/// Validates every cross-field rule of `s` against the catalog (known model, GPU, precision and
/// framework; TP divides the heads; EP divides TP and the experts; the instance fits the
/// scale-up domain; weights, activations and one longest request fit in HBM) and builds the
/// instance. Throws InputError "<file>: <field>: <reason>" on the first violation.
BuiltInstance build_instance(const Scenario& s, const Catalog& catalog);

}  // namespace servesim
