// The cluster run loop for one scenario.
#include "sim/run/run_scenario.hpp"

#include <fmt/format.h>

#include <memory>
#include <vector>

#include "hw/step_model_registry.hpp"
#include "sched/router_registry.hpp"
#include "sched/scheduler_registry.hpp"
#include "sched/serving_instance.hpp"
#include "sim/core/error.hpp"
#include "sim/core/simulation.hpp"
#include "sim/scenario/instance_builder.hpp"
#include "sim/run/metrics.hpp"
#include "workloads/workload.hpp"

namespace servesim {
namespace {

/// Forwards instance records to the metrics and completions to the request source.
class RunObserver final : public InstanceObserver {
 public:
  RunObserver(Metrics& metrics) : metrics_(metrics) {}
  void set_source(RequestSource* source) { source_ = source; }
  void on_request_done(const RequestRecord& r) override {
    metrics_.on_request_done(r);
    Request done;
    done.id = r.id;
    done.measured = r.measured;
    source_->on_complete(done);
  }
  void on_iteration(const IterationRecord& r) override { metrics_.on_iteration(r); }

 private:
  Metrics& metrics_;
  RequestSource* source_ = nullptr;
};

}  // namespace

RunResult run_scenario(const Scenario& scenario, const Catalog& catalog) {
  const BuiltInstance built = build_instance(scenario, catalog);
  Simulation sim(scenario.seed);
  Metrics metrics(scenario.slo_ttft_s, scenario.slo_tpot_ms);
  metrics.set_batch_limits(built.scheduler.max_running_seqs, built.scheduler.max_batched_tokens,
                           1 + built.spec.mtp_draft_tokens);
  RunObserver observer(metrics);
  const auto step_model =
      step_model_registry().get(scenario.step_model, scenario.source_label).make(built.spec);
  const auto& make_scheduler =
      scheduler_registry().get(built.scheduler.policy, scenario.source_label).make;

  std::vector<std::unique_ptr<ServingInstance>> instances;
  for (int i = 0; i < scenario.replicas; ++i) {
    auto scheduler = make_scheduler(built.scheduler, built.acceptance,
                                    sim.stream(fmt::format("mtp.acceptance/{}", i)));
    instances.push_back(std::make_unique<ServingInstance>(i, sim, std::move(scheduler), step_model,
                                                          observer));
  }
  auto router = router_registry().get(scenario.router, scenario.source_label).make();
  // The serving front end (HTTP, tokenisation) delays every request before it reaches the
  // router; its time counts in TTFT and latency, as a benchmark client sees it.
  const SimTime front_end = seconds_to_sim(built.spec.knobs.request_overhead_s);
  RequestSource source(scenario.workload, sim, [&](const Request& r) {
    metrics.on_submit(r, sim.now());
    if (front_end == 0) {
      instances[router->pick(instances)]->submit(r);
    } else {
      sim.schedule_in(front_end, [&, r] { instances[router->pick(instances)]->submit(r); });
    }
  });
  observer.set_source(&source);
  source.start();
  sim.run();

  RunResult result;
  result.scenario = scenario.name;
  result.gpus = scenario.parallelism.gpus() * scenario.replicas;
  metrics.summarise(result);
  result.kv_capacity_tokens = built.memory.kv_capacity_tokens * scenario.replicas;
  result.events = sim.events_processed();
  result.event_fingerprint = sim.fingerprint();
  SERVESIM_CHECK(metrics.completed() == metrics.issued(), "a request was lost");
  SERVESIM_CHECK(metrics.issued() == source.total(), "the workload did not issue every request");
  return result;
}

}  // namespace servesim
