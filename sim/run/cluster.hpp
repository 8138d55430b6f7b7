// A cluster: the instances of a validated scenario on one simulation, grouped in pools, the
// routers in front of them (the front door; prefill to decode), the KV transfers between
// disaggregated pools, and the list of observers every instance reports its records to.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "hw/step_time_model.hpp"
#include "sched/kv_transfer_engine.hpp"
#include "sched/router.hpp"
#include "sched/serving_instance.hpp"
#include "sim/core/simulation.hpp"
#include "sim/scenario/scenario_validation.hpp"

namespace servesim {

/// One pool's instances: ids [first, first + workers) of Cluster::instances().
struct ClusterPool {
  std::string name;
  PoolRole role = PoolRole::kAggregated;
  int first = 0;
  int workers = 0;
  int gpus_per_worker = 0;
  int gpus() const { return workers * gpus_per_worker; }
};

class Cluster {
 public:
  /// Builds every pool's instances (a scenario without pools: one aggregated pool of
  /// `replicas`) from their step-time model and batch scheduler (chosen by name from their
  /// registries), the front-door router (stream "router.front") and, for prefill and decode
  /// pools, the decode router ("router.decode") and the KV transfers. Instance i draws MTP
  /// acceptance from the stream "mtp.acceptance/<i>".
  Cluster(const ValidScenario& v, Simulation& sim);
  Cluster(const Cluster&) = delete;
  Cluster& operator=(const Cluster&) = delete;

  /// Adds an observer; every instance reports to all observers, in the order they were added.
  /// The observer must outlive the cluster's run.
  void add_observer(InstanceObserver& observer) { fanout_.observers.push_back(&observer); }
  /// Routes a request to a front-door (aggregated or prefill) instance now.
  void submit(const Request& r);

  const std::vector<std::unique_ptr<ServingInstance>>& instances() const { return instances_; }
  const std::vector<ClusterPool>& pools() const { return pools_; }
  bool disaggregated() const { return transfers_ != nullptr; }
  /// The KV transfers (nullptr without prefill and decode pools).
  const KvTransferEngine* transfers() const { return transfers_.get(); }
  /// GPUs the instances use, and GPUs of the clusters they are placed on (whole domains).
  int gpus() const { return gpus_; }
  int cluster_gpus() const { return cluster_gpus_; }

 private:
  struct Fanout final : InstanceObserver {
    std::vector<InstanceObserver*> observers;
    void on_request_done(const RequestRecord& r) override {
      for (InstanceObserver* o : observers) o->on_request_done(r);
    }
    void on_iteration(const IterationRecord& r) override {
      for (InstanceObserver* o : observers) o->on_iteration(r);
    }
    void on_transfer(const TransferRecord& r) override {
      for (InstanceObserver* o : observers) o->on_transfer(r);
    }
  };
  void add_pool(const std::string& name, PoolRole role, const ValidScenario& pool, int cluster,
                Simulation& sim);
  void update_front(int instance);

  Fanout fanout_;
  std::vector<std::unique_ptr<ServingInstance>> instances_;
  std::vector<std::unique_ptr<InstanceSpec>> specs_;  // per instance (the transfers read them)
  std::vector<int> instance_cluster_;                 // per instance: its placed cluster
  std::vector<int> block_size_;                       // per instance
  std::vector<ClusterPool> pools_;
  std::vector<int> front_;   // instance ids behind the front door
  std::vector<int> decode_;  // decode instance ids
  std::vector<int> front_index_;  // instance id -> index in front_ (-1: not there)
  std::unique_ptr<Router> front_router_, decode_router_;
  std::unique_ptr<KvTransferEngine> transfers_;
  int gpus_ = 0;
  int cluster_gpus_ = 0;
};

}  // namespace servesim
