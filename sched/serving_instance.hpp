// One serving instance: a scheduler and a step-time model driven by the event loop, one event
// per iteration.
#pragma once

#include <memory>
#include <vector>

#include "hw/step_time_model.hpp"
#include "sched/batch_scheduler.hpp"
#include "sched/records.hpp"
#include "sim/core/simulation.hpp"

namespace servesim {

class ServingInstance {
 public:
  ServingInstance(int id, Simulation& sim, std::unique_ptr<BatchScheduler> scheduler,
                  std::shared_ptr<const StepTimeModel> step_model, InstanceObserver& observer);

  /// A request arrives now; the instance starts an iteration if it was idle.
  void submit(const Request& request);

  int id() const { return id_; }
  bool busy() const { return busy_; }
  const BatchScheduler& scheduler() const { return *scheduler_; }
  /// Requests waiting or running here (for routers).
  int load() const { return scheduler_->running() + scheduler_->waiting(); }
  std::int64_t iterations() const { return iterations_; }

 private:
  void start_iteration();
  void finish_iteration(SimTime start);

  int id_;
  Simulation& sim_;
  std::unique_ptr<BatchScheduler> scheduler_;
  std::shared_ptr<const StepTimeModel> step_model_;
  InstanceObserver& observer_;
  bool busy_ = false;
  std::int64_t iterations_ = 0;
  std::vector<RequestRecord> finished_;  // reused buffer
};

}  // namespace servesim
