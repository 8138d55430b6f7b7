// Closed-loop and Poisson request sources.
#include "workloads/workload.hpp"

#include <algorithm>

#include "sim/core/error.hpp"

namespace servesim {

RequestSource::RequestSource(const WorkloadSpec& spec, Simulation& sim, Submit submit)
    : spec_(spec),
      sim_(sim),
      submit_(std::move(submit)),
      lengths_(sim.stream("workload.lengths")),
      arrivals_(sim.stream("workload.arrivals")) {}

std::uint64_t RequestSource::total() const {
  return static_cast<std::uint64_t>(spec_.warmup_requests) + spec_.measured_requests;
}

void RequestSource::issue(bool measured) {
  Request r;
  r.id = issued_++;
  r.arrival = sim_.now();
  r.input_tokens = spec_.input.sample(lengths_);
  r.output_tokens = spec_.output.sample(lengths_);
  r.measured = measured;
  if (measured && measured_start_ < 0) measured_start_ = sim_.now();
  submit_(r);
}

void RequestSource::start() {
  if (spec_.kind == WorkloadSpec::Kind::kClosedLoop) {
    const bool warm = spec_.warmup_requests > 0;
    const auto first = static_cast<std::uint64_t>(
        std::min<std::int64_t>(spec_.concurrency, warm ? spec_.warmup_requests
                                                       : spec_.measured_requests));
    for (std::uint64_t i = 0; i < first; ++i) issue(!warm);
  } else {
    schedule_next_arrival();
  }
}

void RequestSource::schedule_next_arrival() {
  if (issued_ >= total()) return;
  const double gap = arrivals_.exponential(1.0 / spec_.rate_per_s);
  sim_.schedule_in(seconds_to_sim(gap), [this] {
    issue(issued_ >= static_cast<std::uint64_t>(spec_.warmup_requests));
    schedule_next_arrival();
  });
}

void RequestSource::on_complete(const Request& request) {
  ++completed_;
  if (spec_.kind != WorkloadSpec::Kind::kClosedLoop) return;
  const auto warmup = static_cast<std::uint64_t>(spec_.warmup_requests);
  if (!request.measured) {
    ++warmup_completed_;
    if (issued_ < warmup) {
      issue(false);
    } else if (warmup_completed_ == warmup) {
      // Warm-up drained: the measured phase starts with every client sending at once.
      const auto first = static_cast<std::uint64_t>(
          std::min<std::int64_t>(spec_.concurrency, spec_.measured_requests));
      for (std::uint64_t i = 0; i < first; ++i) issue(true);
    }
    return;
  }
  if (issued_ < total()) issue(true);
}

}  // namespace servesim
