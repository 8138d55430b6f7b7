// A cluster: the instances of a validated scenario on one simulation, the router in front of
// them, and the list of observers every instance reports its records to.
#pragma once

#include <memory>
#include <vector>

#include "hw/step_time_model.hpp"
#include "sched/router.hpp"
#include "sched/serving_instance.hpp"
#include "sim/core/simulation.hpp"
#include "sim/scenario/scenario_validation.hpp"

namespace servesim {

class Cluster {
 public:
  /// Builds `replicas` instances of the scenario's step-time model and batch scheduler (chosen
  /// by name from their registries) and its router. The instance i draws MTP acceptance from
  /// the stream "mtp.acceptance/<i>".
  Cluster(const ValidScenario& v, Simulation& sim);
  Cluster(const Cluster&) = delete;
  Cluster& operator=(const Cluster&) = delete;

  /// Adds an observer; every instance reports to all observers, in the order they were added.
  /// The observer must outlive the cluster's run.
  void add_observer(InstanceObserver& observer) { fanout_.observers.push_back(&observer); }
  /// Routes a request to an instance now.
  void submit(const Request& r);

  const std::vector<std::unique_ptr<ServingInstance>>& instances() const { return instances_; }
  /// GPUs the instances use, and GPUs of the cluster they are placed on (whole domains).
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
  };

  Fanout fanout_;
  std::vector<std::unique_ptr<ServingInstance>> instances_;
  std::unique_ptr<Router> router_;
  int gpus_ = 0;
  int cluster_gpus_ = 0;
};

}  // namespace servesim
