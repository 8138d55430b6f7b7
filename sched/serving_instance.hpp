// One serving instance: a scheduler and a step-time model driven by the event loop, one event
// per iteration.
#pragma once

#include <functional>
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

  // Disaggregated serving (the cluster's KV transfers call these).
  /// Prefill role: where handed-off requests go (instead of the observer's on_request_done).
  void set_handoff_sink(std::function<void(const RequestRecord&)> sink) {
    handoff_sink_ = std::move(sink);
  }
  /// Called after every change of the instance's load (for routers).
  void set_load_listener(std::function<void(int id)> listener) {
    load_listener_ = std::move(listener);
  }
  /// Prefill role: the transfer of `id` completed; its KV is freed.
  void release_handoff(std::uint64_t id);
  /// Decode role: reserves KV for an incoming request; false when there is no room yet.
  bool reserve_incoming(const Request& request);
  /// Decode role: the reserved request's KV has arrived now.
  void admit_incoming(std::uint64_t id);
  /// Prompt tokens still to prefill plus output tokens still to write, of the requests here.
  std::int64_t outstanding_tokens() const { return outstanding_tokens_; }
  /// Share of the KV cache used or reserved.
  double kv_load() const;

  int id() const { return id_; }
  bool busy() const { return busy_; }
  const BatchScheduler& scheduler() const { return *scheduler_; }
  /// Requests waiting, running or arriving here (for routers).
  int load() const {
    return scheduler_->running() + scheduler_->waiting() + scheduler_->incoming();
  }
  std::int64_t iterations() const { return iterations_; }

 private:
  void start_iteration();
  void finish_iteration(SimTime start, double host_after_s);
  void kick();
  void load_changed() {
    if (load_listener_) load_listener_(id_);
  }

  int id_;
  Simulation& sim_;
  std::unique_ptr<BatchScheduler> scheduler_;
  std::shared_ptr<const StepTimeModel> step_model_;
  InstanceObserver& observer_;
  bool busy_ = false;
  std::int64_t iterations_ = 0;
  std::vector<RequestRecord> finished_;  // reused buffer
  std::function<void(const RequestRecord&)> handoff_sink_;
  std::function<void(int)> load_listener_;
  std::int64_t outstanding_tokens_ = 0;
};

}  // namespace servesim
