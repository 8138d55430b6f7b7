// The run loop for one scenario.
#include "sim/run/run_scenario.hpp"

#include <algorithm>
#include <cmath>

#include "sim/core/error.hpp"

namespace servesim {

ScenarioRun::ScenarioRun(const ValidScenario& v)
    : v_(v),
      sim_(v.scenario.seed),
      metrics_(v.scenario.slo_ttft_s, v.scenario.slo_tpot_ms),
      cluster_(v, sim_),
      source_(v.scenario.workload, sim_,
              [this, front_end = seconds_to_sim(v.spec.knobs.request_overhead_s)](
                  const Request& r) {
                metrics_.on_submit(r, sim_.now());
                // The serving front end (HTTP, tokenisation) delays every request before it
                // reaches the router; its time counts in TTFT and latency, as a benchmark
                // client sees it.
                if (front_end == 0) {
                  cluster_.submit(r);
                } else {
                  sim_.schedule_in(front_end, [this, r] { cluster_.submit(r); });
                }
              }),
      recorder_(metrics_),
      feedback_(source_) {
  metrics_.set_batch_limits(v.scheduler.max_running_seqs, v.scheduler.max_batched_tokens,
                            1 + v.spec.mtp_draft_tokens);
  std::vector<Metrics::PoolInfo> pools;
  for (const auto& p : cluster_.pools()) {
    pools.push_back({p.name, pool_role_name(p.role), p.first, p.workers, p.gpus()});
  }
  metrics_.set_pools(std::move(pools));
  if (!v.scenario.workload.closed_loop()) {
    metrics_.set_stability_probe(static_cast<std::uint64_t>(v.scenario.workload.measured_requests));
  }
  cluster_.add_observer(recorder_);
  cluster_.add_observer(feedback_);
}

RunResult ScenarioRun::execute() {
  source_.start();
  sim_.run();
  RunResult result;
  result.scenario = v_.scenario.name;
  result.gpus = cluster_.gpus();
  result.cluster_gpus = cluster_.cluster_gpus();
  result.domain_size = v_.gpu->scale_up.domain_size;
  result.scale_up_fabric = v_.gpu->scale_up.name;
  result.scale_out_fabric = v_.gpu->scale_out.name;
  result.placement = placement_policy_name(v_.scenario.cluster.placement);
  result.instance_first_gpu.clear();
  if (v_.pools.empty()) {
    result.instance_first_gpu = v_.placement.first_gpu;
  } else {
    for (const auto& p : v_.pools) {
      result.instance_first_gpu.insert(result.instance_first_gpu.end(),
                                       p.v.placement.first_gpu.begin(),
                                       p.v.placement.first_gpu.end());
    }
  }
  metrics_.summarise(result);
  if (v_.pools.empty()) {
    result.kv_capacity_tokens = v_.memory.kv_capacity_tokens * v_.scenario.replicas;
  } else {
    result.kv_capacity_tokens = 0;
    for (const auto& p : v_.pools) {
      result.kv_capacity_tokens += p.v.memory.kv_capacity_tokens * p.v.scenario.replicas;
    }
  }
  result.events = sim_.events_processed();
  result.event_fingerprint = sim_.fingerprint();
  // Always-on invariants of every run.
  SERVESIM_CHECK(metrics_.completed() == metrics_.issued(), "a request was lost");
  SERVESIM_CHECK(metrics_.issued() == source_.total(), "the workload did not issue every request");
  for (const auto& instance : cluster_.instances()) {
    const BatchScheduler& s = instance->scheduler();
    SERVESIM_CHECK(s.running() == 0 && s.waiting() == 0, "an instance ended with requests");
    SERVESIM_CHECK(s.kv_used_blocks() == 0 && s.held_kv_blocks() == 0,
                   "KV blocks did not return to zero");
  }
  if (const KvTransferEngine* t = cluster_.transfers()) {
    SERVESIM_CHECK(t->waiting() == 0 && t->moving() == 0, "a KV transfer never finished");
    SERVESIM_CHECK(std::abs(t->bytes_sent() - t->bytes_received()) <=
                       1e-9 * std::max(1.0, t->bytes_sent()),
                   "KV bytes sent differ from bytes received");
  }
  return result;
}

RunResult run_scenario(const ValidScenario& v) { return ScenarioRun(v).execute(); }

RunResult run_scenario(const Scenario& scenario, const Catalog& catalog) {
  return run_scenario(validate(scenario, catalog));
}

}  // namespace servesim
