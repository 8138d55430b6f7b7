// Where requests come from: a closed loop of clients or an open-loop Poisson process.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>

#include "sim/core/random_stream.hpp"
#include "sim/core/simulation.hpp"
#include "workloads/length_distribution.hpp"
#include "workloads/request.hpp"

namespace servesim {

struct WorkloadSpec {
  enum class Kind { kClosedLoop, kPoisson };
  /// Closed-loop defaults when a scenario gives no counts: measured and warm-up requests per
  /// client (the InferenceX convention, 10 x and 2 x concurrency).
  static constexpr int kMeasuredRequestsPerClient = 10;
  static constexpr int kWarmupRequestsPerClient = 2;
  Kind kind = Kind::kClosedLoop;
  /// Closed loop: clients, each sending its next request when its last one finishes.
  int concurrency = 64;
  /// Poisson: mean arrivals per second.
  double rate_per_s = 1.0;
  /// Requests excluded from metrics, sent first. In a closed loop they run as a phase of their
  /// own that drains before the measured phase starts (the benchmark_serving convention).
  int warmup_requests = 0;
  /// Requests whose metrics are reported.
  int measured_requests = 640;
  LengthDistribution input;
  LengthDistribution output;
};

/// Generates requests into `submit` and reacts to completions. Lengths come from the stream
/// "workload.lengths", arrival times from "workload.arrivals".
class RequestSource {
 public:
  using Submit = std::function<void(const Request&)>;
  RequestSource(const WorkloadSpec& spec, Simulation& sim, Submit submit);

  /// Schedules the first arrivals.
  void start();
  /// Tells the source that `request` finished (closed loop: the client sends its next one).
  void on_complete(const Request& request);

  std::uint64_t issued() const { return issued_; }
  std::uint64_t completed() const { return completed_; }
  std::uint64_t total() const;
  /// When the first measured request was sent; -1 before that.
  SimTime measured_start() const { return measured_start_; }

 private:
  void issue(bool measured);
  void schedule_next_arrival();

  WorkloadSpec spec_;
  Simulation& sim_;
  Submit submit_;
  RandomStream lengths_;
  RandomStream arrivals_;
  std::uint64_t issued_ = 0;
  std::uint64_t completed_ = 0;
  std::uint64_t warmup_completed_ = 0;
  SimTime measured_start_ = -1;
};

}  // namespace servesim
