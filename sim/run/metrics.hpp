// Streaming metrics of one run: observes requests and iterations, keeps bounded state.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sched/records.hpp"
#include "sim/run/run_result.hpp"
#include "sim/run/streaming_histogram.hpp"
#include "workloads/request.hpp"

namespace servesim {

/// Counts every request issued and finished, and summarises measured ones. Memory does not grow
/// with the number of requests.
class Metrics final : public InstanceObserver {
 public:
  /// `slo_ttft_s` and `slo_tpot_ms` (0 = no limit) decide which requests count as goodput.
  Metrics(double slo_ttft_s = 0, double slo_tpot_ms = 0)
      : slo_ttft_s_(slo_ttft_s), slo_tpot_ms_(slo_tpot_ms) {}
  /// Called when a request enters the system.
  void on_submit(const Request& request, SimTime now);
  void on_request_done(const RequestRecord& record) override;
  void on_iteration(const IterationRecord& record) override;
  void on_transfer(const TransferRecord& record) override;
  /// Names the pools: instance ids [first, first + workers) belong to pool k, in order.
  struct PoolInfo {
    std::string name, role;
    int first = 0, workers = 0, gpus = 0;
  };
  void set_pools(std::vector<PoolInfo> pools);
  /// The instance's batch limits, to tell when they (not the GPUs) bounded the batch:
  /// `tokens_per_decode` is the budget one decode sequence takes (1 + MTP draft tokens).
  void set_batch_limits(int max_running_seqs, int max_batched_tokens, int tokens_per_decode);
  /// Open-loop runs: `measured` requests will arrive; the requests in the system at the middle
  /// and at the end of their arrivals tell whether the queue grows without bound.
  void set_stability_probe(std::uint64_t measured);

  std::uint64_t issued() const { return issued_; }
  std::uint64_t completed() const { return completed_; }
  std::uint64_t measured_in_system() const { return measured_in_system_; }
  /// Fills the metric fields of `out` (gpus must already be set).
  void summarise(RunResult& out) const;

 private:
  void advance_area(SimTime now);

  std::uint64_t issued_ = 0, completed_ = 0, measured_ = 0, preemptions_ = 0;
  StreamingHistogram ttft_s_, tpot_ms_, e2el_s_, itl_ms_, user_tok_s_;
  double input_tokens_ = 0, output_tokens_ = 0;
  double slo_ttft_s_ = 0, slo_tpot_ms_ = 0;
  std::uint64_t good_requests_ = 0;
  double good_output_tokens_ = 0;
  SimTime window_start_ = -1, window_end_ = 0;
  // Little's law: integral of measured requests in system over time.
  std::uint64_t measured_in_system_ = 0;
  SimTime area_last_ = 0;
  double area_ = 0;
  // Iterations.
  std::uint64_t iterations_ = 0;
  double decode_seq_time_ = 0, busy_time_ = 0;
  double kv_peak_ = 0;
  // Iterations in which requests waited while a batch limit, not the KV cache, was reached.
  int max_running_seqs_ = 0, max_batched_tokens_ = 0, tokens_per_decode_ = 1;
  std::uint64_t cap_bound_iterations_ = 0, budget_bound_iterations_ = 0;
  // Stability (open loop): requests in the system when half and all measured requests arrived.
  std::uint64_t probe_measured_ = 0, measured_submitted_ = 0;
  std::uint64_t in_system_mid_ = 0, in_system_end_ = 0, completed_mid_ = 0, completed_end_ = 0;
  SimTime probe_mid_ = -1, probe_end_ = -1;
  // Pools, over iterations while measured requests are in the system.
  struct PoolAccumulator {
    PoolInfo info;
    double busy_s = 0, waiting_area = 0, running_area = 0, kv_area = 0, kv_peak = 0;
    double prefill_tokens = 0, output_tokens = 0;
  };
  std::vector<PoolAccumulator> pools_;
  std::vector<int> pool_of_;  // instance id -> pool
  StreamingHistogram kv_wait_s_, kv_transfer_s_;
  double kv_bytes_ = 0;
  std::uint64_t kv_transfers_ = 0;
};

}  // namespace servesim
