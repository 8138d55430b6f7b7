// The iteration loop of one instance.
#include "sched/serving_instance.hpp"

#include <algorithm>

#include "sim/core/error.hpp"

namespace servesim {

ServingInstance::ServingInstance(int id, Simulation& sim, std::unique_ptr<BatchScheduler> scheduler,
                                 std::shared_ptr<const StepTimeModel> step_model,
                                 InstanceObserver& observer)
    : id_(id),
      sim_(sim),
      scheduler_(std::move(scheduler)),
      step_model_(std::move(step_model)),
      observer_(observer) {}

void ServingInstance::submit(const Request& request) {
  scheduler_->enqueue(request);
  outstanding_tokens_ += request.input_tokens;
  if (scheduler_->role() == SchedulerRole::kServe) outstanding_tokens_ += request.output_tokens;
  kick();
  load_changed();
}

void ServingInstance::kick() {
  if (!busy_) start_iteration();
}

void ServingInstance::release_handoff(std::uint64_t id) {
  scheduler_->release_handoff(id);
  kick();
  load_changed();
}

bool ServingInstance::reserve_incoming(const Request& request) {
  if (!scheduler_->reserve_incoming(request)) return false;
  outstanding_tokens_ += request.output_tokens - 1;
  load_changed();
  return true;
}

void ServingInstance::admit_incoming(std::uint64_t id) {
  scheduler_->admit_incoming(id, sim_.now());
  kick();
  load_changed();
}

double ServingInstance::kv_load() const {
  const auto cap = scheduler_->kv_capacity_blocks();
  return cap > 0 ? static_cast<double>(scheduler_->kv_used_blocks()) / static_cast<double>(cap)
                 : 0.0;
}

void ServingInstance::start_iteration() {
  BatchFeatures features;
  if (!scheduler_->form_batch(features)) {
    SERVESIM_CHECK(scheduler_->running() > 0 || scheduler_->waiting() == 0 ||
                       scheduler_->held_kv_blocks() > 0,
                   "requests wait on an idle instance that cannot admit them");
    busy_ = false;
    return;
  }
  busy_ = true;
  const double seconds = step_model_->step_time_s(features);
  SERVESIM_CHECK(seconds > 0, "a step must take time");
  const double host_after = step_model_->host_time_after_s(features);
  const SimTime start = sim_.now();
  sim_.schedule_in(std::max<SimTime>(1, seconds_to_sim(seconds)),
                   [this, start, host_after] { finish_iteration(start, host_after); });
}

void ServingInstance::finish_iteration(SimTime start, double host_after_s) {
  ++iterations_;
  finished_.clear();
  IterationRecord it;
  it.instance = id_;
  it.start = start;
  it.end = sim_.now();
  scheduler_->complete_batch(sim_.now(), finished_, it);
  const std::int64_t done =
      it.prefill_tokens + (scheduler_->role() == SchedulerRole::kPrefillOnly ? 0 : it.output_tokens);
  outstanding_tokens_ = std::max<std::int64_t>(0, outstanding_tokens_ - done);
  observer_.on_iteration(it);
  for (auto& r : finished_) {
    r.instance = id_;
    r.step_start = start;
    if (r.handoff) {
      SERVESIM_CHECK(static_cast<bool>(handoff_sink_), "a prefill worker has nowhere to hand off");
      handoff_sink_(r);
    } else {
      observer_.on_request_done(r);
    }
  }
  if (host_after_s > 0) {
    // Host work after the step: the outputs have left, the next step waits (busy_ stays set).
    sim_.schedule_in(std::max<SimTime>(1, seconds_to_sim(host_after_s)), [this] {
      start_iteration();
      load_changed();
    });
  } else {
    start_iteration();
  }
  load_changed();
}

}  // namespace servesim
