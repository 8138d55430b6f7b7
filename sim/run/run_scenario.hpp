// One run: a cluster built from a validated scenario, its workload driven through it, the
// metrics summarised. ScenarioRun can be composed (extra observers); run_scenario is the usual
// one-call form.
#pragma once

#include <memory>

#include "hw/catalog.hpp"
#include "sim/core/simulation.hpp"
#include "sim/run/cluster.hpp"
#include "sim/run/metrics.hpp"
#include "sim/run/run_observers.hpp"
#include "sim/run/run_result.hpp"
#include "sim/scenario/scenario_validation.hpp"
#include "workloads/workload.hpp"

namespace servesim {

class ScenarioRun {
 public:
  explicit ScenarioRun(const ValidScenario& v);
  ScenarioRun(const ScenarioRun&) = delete;
  ScenarioRun& operator=(const ScenarioRun&) = delete;

  /// Adds an observer after the run's own (metrics first, then the request source's completion
  /// feedback), so it sees the metrics already updated for the record it gets.
  void add_observer(InstanceObserver& observer) { cluster_.add_observer(observer); }
  /// Simulates to completion and summarises; call once.
  RunResult execute();

  const Metrics& metrics() const { return metrics_; }
  const RequestSource& source() const { return source_; }
  const Cluster& cluster() const { return cluster_; }
  const Simulation& simulation() const { return sim_; }

 private:
  const ValidScenario& v_;
  Simulation sim_;
  Metrics metrics_;
  Cluster cluster_;
  RequestSource source_;
  MetricsRecorder recorder_;
  CompletionFeedback feedback_;
};

/// Simulates a validated scenario to completion and returns its metrics. Deterministic: the
/// same scenario (seed included) gives the same result.
RunResult run_scenario(const ValidScenario& v);
/// validate() then run_scenario(); throws InputError for invalid scenarios.
RunResult run_scenario(const Scenario& scenario, const Catalog& catalog);

}  // namespace servesim
