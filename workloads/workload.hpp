// Where requests come from: the workload spec and the source that issues its requests through
// an arrival process (workloads/arrival_process.hpp).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "sim/core/random_stream.hpp"
#include "sim/core/simulation.hpp"
#include "workloads/length_distribution.hpp"
#include "workloads/request.hpp"

namespace servesim {

class ArrivalProcess;

struct WorkloadSpec {
  /// Closed-loop defaults when a scenario gives no counts: measured and warm-up requests per
  /// client (the InferenceX convention, 10 x and 2 x concurrency).
  static constexpr int kMeasuredRequestsPerClient = 10;
  static constexpr int kWarmupRequestsPerClient = 2;
  /// arrival_registry() name of the arrival process.
  std::string type = "closed_loop";
  /// Closed loop: clients, each sending its next request when its last one finishes.
  int concurrency = 64;
  /// Poisson: mean arrivals per second.
  double rate_per_s = 1.0;
  /// Requests excluded from metrics, sent first. In a closed loop they run as a phase of their
  /// own that drains before the measured phase starts (the benchmark_serving convention).
  int warmup_requests = 0;
  /// Requests whose metrics are reported.
  int measured_requests = 640;
  /// Closed loop: the warm-up phase drains before the measured phase starts with every client
  /// sending at once (benchmark_serving, hence the InferenceX rows); false: each client sends its
  /// next request as soon as its last one finishes throughout (a steady state, no burst).
  bool drain_warmup = true;
  LengthDistribution input;
  LengthDistribution output;
  /// Whether the arrival process is a closed loop (load = concurrency) rather than open (load =
  /// rate_per_s).
  bool closed_loop() const;
};

/// Generates requests into `submit` and reacts to completions, through the spec's arrival
/// process. Lengths come from the stream "workload.lengths", arrival times from
/// "workload.arrivals".
class RequestSource {
 public:
  using Submit = std::function<void(const Request&)>;
  RequestSource(const WorkloadSpec& spec, Simulation& sim, Submit submit);
  ~RequestSource();
  RequestSource(const RequestSource&) = delete;
  RequestSource& operator=(const RequestSource&) = delete;

  /// Schedules the first arrivals.
  void start();
  /// Tells the source that `request` finished (closed loop: the client sends its next one).
  void on_complete(const Request& request);

  std::uint64_t issued() const { return issued_; }
  std::uint64_t completed() const { return completed_; }
  std::uint64_t total() const;
  /// When the first measured request was sent; -1 before that.
  SimTime measured_start() const { return measured_start_; }
  std::uint64_t warmup_completed() const { return warmup_completed_; }
  const WorkloadSpec& spec() const { return spec_; }

  // For arrival processes.
  /// Sends one request now.
  void issue(bool measured);
  Simulation& simulation() { return sim_; }
  RandomStream& arrival_stream() { return arrivals_; }

 private:

  WorkloadSpec spec_;
  Simulation& sim_;
  Submit submit_;
  RandomStream lengths_;
  RandomStream arrivals_;
  std::unique_ptr<ArrivalProcess> process_;
  std::uint64_t issued_ = 0;
  std::uint64_t completed_ = 0;
  std::uint64_t warmup_completed_ = 0;
  SimTime measured_start_ = -1;
};

}  // namespace servesim
