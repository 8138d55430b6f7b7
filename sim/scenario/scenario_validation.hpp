// validate(Scenario, Catalog): every cross-field check of a scenario, run before anything is
// simulated or any output is opened, and what the checks resolve (catalog entries, knobs,
// memory budget, scheduler capacity) for the run to build from.
#pragma once

#include <memory>
#include <vector>

#include "hw/catalog.hpp"
#include "hw/instance_spec.hpp"
#include "hw/memory_budget.hpp"
#include "sched/batch_scheduler.hpp"
#include "sched/speculative_decoding.hpp"
#include "sim/scenario/scenario.hpp"

namespace servesim {

struct ValidPool;

/// A scenario that passed validate(), with what validation resolved. The run, explain, sweep
/// and validate commands build only from this, never from a raw Scenario.
struct ValidScenario {
  Scenario scenario;          ///< as given, after the framework profile
  /// The GPU with the scenario's scale-out fabric and hardware overrides applied (shared so
  /// that spec.gpu stays valid when the ValidScenario is copied or moved).
  std::shared_ptr<const GpuSpec> gpu;
  InstanceSpec spec;          ///< catalog entries, weights, knobs and parallelism of instance 0
  Placement placement;        ///< where every replica sits on the cluster
  std::vector<double> spine_slowdown;  ///< per replica (hw/spine_contention.hpp)
  SchedulerConfig scheduler;  ///< with kv_capacity_blocks derived from the memory budget
  MemoryBudget memory;        ///< per GPU
  MtpAcceptance acceptance;
  /// A scenario with pools: one entry per pool in the scenario's order, each validated as a
  /// scenario of its own (replicas = workers) and placed jointly on the cluster; the fields
  /// above are then those of the first pool. Empty for a scenario without pools.
  std::vector<ValidPool> pools;

  /// The spec of replica `i`: spec with that replica's place on the cluster.
  InstanceSpec instance(int i) const;
  /// GPUs of all instances (all pools' workers).
  int gpus() const;
};

struct ValidPool {
  std::string name;
  PoolRole role = PoolRole::kAggregated;
  /// Which placed cluster the pool's workers sit on: pools of one GPU type share one (and their
  /// `v.placement` numbers GPUs on it); a pool of another GPU type gets its own, reached only
  /// over the scale-out network.
  int cluster = 0;
  ValidScenario v;  ///< the pool's workers as a scenario (replicas = workers)
};

/// Checks every cross-field rule of `s` against the catalog (known model, GPU, precision and
/// framework; knob ranges; TP divides the heads; EP divides TP and the experts; the instance
/// fits the scale-up domain; MTP data exists; scheduler reserves are ordered; weights,
/// activations and one longest request fit in HBM). Throws InputError
/// "<file>: <field>: <reason>" on the first violation. Single-field ranges and registry names
/// are checked earlier, by the reader's field tables.
/// A scenario with pools: every pool validated, the roles checked (aggregated pools alone, or
/// prefill and decode pools together) and all workers placed.
ValidScenario validate(const Scenario& s, const Catalog& catalog);

}  // namespace servesim
