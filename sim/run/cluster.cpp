// Building a cluster's pools and routing requests through them.
#include "sim/run/cluster.hpp"

#include <fmt/format.h>

#include <map>
#include <tuple>
#include <utility>

#include "hw/step_model_registry.hpp"
#include "sched/router_registry.hpp"
#include "sched/scheduler_registry.hpp"
#include "sim/core/error.hpp"

namespace servesim {
namespace {

SchedulerRole scheduler_role(PoolRole role) {
  switch (role) {
    case PoolRole::kPrefill:
      return SchedulerRole::kPrefillOnly;
    case PoolRole::kDecode:
      return SchedulerRole::kDecodeOnly;
    case PoolRole::kAggregated:
      break;
  }
  return SchedulerRole::kServe;
}

}  // namespace

void Cluster::add_pool(const std::string& name, PoolRole role, const ValidScenario& pool,
                       int cluster, Simulation& sim) {
  const Scenario& s = pool.scenario;
  const auto& make_step_model = step_model_registry().get(s.step_model, s.source_label).make;
  const auto& make_scheduler = scheduler_registry().get(s.scheduler.policy, s.source_label).make;
  // Workers at the same offset within a leaf group with the same spine share see the same
  // links, so they share one step-time model.
  const int leaf_group = pool.gpu->leaf_group_size();
  std::map<std::pair<int, double>, std::shared_ptr<const StepTimeModel>> models;
  SchedulerConfig config = pool.scheduler;
  config.role = scheduler_role(role);
  ClusterPool view{name, role, static_cast<int>(instances_.size()), s.replicas,
                   s.parallelism.gpus()};
  for (int i = 0; i < s.replicas; ++i) {
    const int id = static_cast<int>(instances_.size());
    auto spec = std::make_unique<InstanceSpec>(pool.instance(i));
    spec->prefill_only = role == PoolRole::kPrefill;
    auto& step_model = models[{spec->first_gpu % leaf_group, spec->spine_slowdown}];
    if (!step_model) step_model = make_step_model(*spec);
    auto scheduler =
        make_scheduler(config, pool.acceptance, sim.stream(fmt::format("mtp.acceptance/{}", id)));
    instances_.push_back(
        std::make_unique<ServingInstance>(id, sim, std::move(scheduler), step_model, fanout_));
    specs_.push_back(std::move(spec));
    instance_cluster_.push_back(cluster);
    block_size_.push_back(config.block_size);
    front_index_.push_back(-1);
    if (role == PoolRole::kDecode) {
      decode_.push_back(id);
    } else {
      front_index_.back() = static_cast<int>(front_.size());
      front_.push_back(id);
    }
  }
  pools_.push_back(view);
  gpus_ += view.gpus();
}

Cluster::Cluster(const ValidScenario& v, Simulation& sim) {
  const Scenario& s = v.scenario;
  if (v.pools.empty()) {
    add_pool("aggregated", PoolRole::kAggregated, v, 0, sim);
    cluster_gpus_ = v.placement.cluster_gpus;
  } else {
    std::map<int, int> cluster_gpus;
    for (const auto& p : v.pools) {
      add_pool(p.name, p.role, p.v, p.cluster, sim);
      cluster_gpus[p.cluster] = p.v.placement.cluster_gpus;
    }
    for (const auto& [c, n] : cluster_gpus) cluster_gpus_ += n;
  }
  front_router_ = router_registry().get(s.router, s.source_label).make(sim.stream("router.front"));
  front_router_->reset(front_.size());
  for (int id : front_) {
    instances_[static_cast<std::size_t>(id)]->set_load_listener([this](int i) { update_front(i); });
  }
  if (decode_.empty()) return;
  decode_router_ =
      router_registry().get(s.decode_router, s.source_label).make(sim.stream("router.decode"));
  auto worker = [&](int id) {
    return TransferWorker{instances_[static_cast<std::size_t>(id)].get(),
                          specs_[static_cast<std::size_t>(id)].get(),
                          instance_cluster_[static_cast<std::size_t>(id)],
                          block_size_[static_cast<std::size_t>(id)]};
  };
  std::vector<TransferWorker> prefill, decode;
  for (int id : front_) prefill.push_back(worker(id));
  for (int id : decode_) decode.push_back(worker(id));
  transfers_ = std::make_unique<KvTransferEngine>(
      sim, std::move(prefill), std::move(decode), *decode_router_, s.layerwise_kv_transfer,
      [this](const TransferRecord& r) { fanout_.on_transfer(r); });
  for (std::size_t p = 0; p < front_.size(); ++p) {
    instances_[static_cast<std::size_t>(front_[p])]->set_handoff_sink(
        [this, p](const RequestRecord& r) { transfers_->on_handoff(static_cast<int>(p), r); });
  }
  for (std::size_t d = 0; d < decode_.size(); ++d) {
    instances_[static_cast<std::size_t>(decode_[d])]->set_load_listener(
        [this, d](int) { transfers_->on_decode_load_change(static_cast<int>(d)); });
  }
}

void Cluster::update_front(int instance) {
  const ServingInstance& w = *instances_[static_cast<std::size_t>(instance)];
  WorkerLoad load;
  load.requests = w.load();
  load.outstanding_tokens = w.outstanding_tokens();
  load.kv_load = w.kv_load();
  front_router_->update(static_cast<std::size_t>(front_index_[static_cast<std::size_t>(instance)]),
                        load);
}

void Cluster::submit(const Request& r) {
  const std::size_t pick = front_router_->pick();
  instances_[static_cast<std::size_t>(front_[pick])]->submit(r);
}

}  // namespace servesim
