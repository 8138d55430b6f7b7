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
  if (!busy_) start_iteration();
}

void ServingInstance::start_iteration() {
  BatchFeatures features;
  if (!scheduler_->form_batch(features)) {
    SERVESIM_CHECK(scheduler_->running() > 0 || scheduler_->waiting() == 0,
                   "requests wait on an idle instance that cannot admit them");
    busy_ = false;
    return;
  }
  busy_ = true;
  const double seconds = step_model_->step_time_s(features);
  SERVESIM_CHECK(seconds > 0, "a step must take time");
  const SimTime start = sim_.now();
  sim_.schedule_in(std::max<SimTime>(1, seconds_to_sim(seconds)),
                   [this, start] { finish_iteration(start); });
}

void ServingInstance::finish_iteration(SimTime start) {
  ++iterations_;
  finished_.clear();
  IterationRecord it;
  it.instance = id_;
  it.start = start;
  it.end = sim_.now();
  scheduler_->complete_batch(sim_.now(), finished_, it);
  observer_.on_iteration(it);
  for (auto& r : finished_) {
    r.instance = id_;
    observer_.on_request_done(r);
  }
  start_iteration();
}

}  // namespace servesim
