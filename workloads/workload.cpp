// The request source: request numbering, lengths, phases; arrivals from the process.
#include "workloads/workload.hpp"

#include "workloads/arrival_process.hpp"
#include "workloads/arrival_registry.hpp"

namespace servesim {

RequestSource::RequestSource(const WorkloadSpec& spec, Simulation& sim, Submit submit)
    : spec_(spec),
      sim_(sim),
      submit_(std::move(submit)),
      lengths_(sim.stream("workload.lengths")),
      arrivals_(sim.stream("workload.arrivals")),
      process_(arrival_registry().get(spec_.type, "workload.type").make.make()) {}

RequestSource::~RequestSource() = default;

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

void RequestSource::start() { process_->start(*this); }

void RequestSource::on_complete(const Request& request) {
  ++completed_;
  if (!request.measured) ++warmup_completed_;
  process_->on_complete(*this, request);
}

bool WorkloadSpec::closed_loop() const {
  return arrival_registry().get(type, "workload.type").make.closed_loop;
}

}  // namespace servesim
