// Building a cluster's instances and routing requests to them.
#include "sim/run/cluster.hpp"

#include <fmt/format.h>

#include <map>
#include <utility>

#include "hw/step_model_registry.hpp"
#include "sched/router_registry.hpp"
#include "sched/scheduler_registry.hpp"

namespace servesim {

Cluster::Cluster(const ValidScenario& v, Simulation& sim) {
  const Scenario& s = v.scenario;
  const auto& make_step_model = step_model_registry().get(s.step_model, s.source_label).make;
  const auto& make_scheduler = scheduler_registry().get(s.scheduler.policy, s.source_label).make;
  // Replicas at the same offset within a leaf group with the same spine share see the same
  // links, so they share one step-time model.
  const int leaf_group = v.gpu->leaf_group_size();
  std::map<std::pair<int, double>, std::shared_ptr<const StepTimeModel>> models;
  for (int i = 0; i < s.replicas; ++i) {
    const InstanceSpec spec = v.instance(i);
    auto& step_model = models[{spec.first_gpu % leaf_group, spec.spine_slowdown}];
    if (!step_model) step_model = make_step_model(spec);
    auto scheduler =
        make_scheduler(v.scheduler, v.acceptance, sim.stream(fmt::format("mtp.acceptance/{}", i)));
    instances_.push_back(
        std::make_unique<ServingInstance>(i, sim, std::move(scheduler), step_model, fanout_));
  }
  router_ = router_registry().get(s.router, s.source_label).make();
  gpus_ = s.parallelism.gpus() * s.replicas;
  cluster_gpus_ = v.placement.cluster_gpus;
}

void Cluster::submit(const Request& r) { instances_[router_->pick(instances_)]->submit(r); }

}  // namespace servesim
