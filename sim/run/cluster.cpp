// Building a cluster's instances and routing requests to them.
#include "sim/run/cluster.hpp"

#include <fmt/format.h>

#include "hw/step_model_registry.hpp"
#include "sched/router_registry.hpp"
#include "sched/scheduler_registry.hpp"

namespace servesim {

Cluster::Cluster(const ValidScenario& v, Simulation& sim) {
  const Scenario& s = v.scenario;
  const auto step_model = step_model_registry().get(s.step_model, s.source_label).make(v.spec);
  const auto& make_scheduler = scheduler_registry().get(s.scheduler.policy, s.source_label).make;
  for (int i = 0; i < s.replicas; ++i) {
    auto scheduler =
        make_scheduler(v.scheduler, v.acceptance, sim.stream(fmt::format("mtp.acceptance/{}", i)));
    instances_.push_back(
        std::make_unique<ServingInstance>(i, sim, std::move(scheduler), step_model, fanout_));
  }
  router_ = router_registry().get(s.router, s.source_label).make();
  gpus_ = s.parallelism.gpus() * s.replicas;
}

void Cluster::submit(const Request& r) { instances_[router_->pick(instances_)]->submit(r); }

}  // namespace servesim
