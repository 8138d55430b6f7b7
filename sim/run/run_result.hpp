// The outcome of one simulated run: the metrics inference engineers read.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace servesim {

/// Mean and percentiles of one per-request quantity.
struct Distribution {
  double mean = 0, p50 = 0, p90 = 0, p99 = 0, min = 0, max = 0;
};

/// One pool of the cluster over the measured window.
struct PoolResult {
  std::string name, role;
  int workers = 0, gpus = 0;
  double utilisation = 0;        ///< busy share of its workers' time
  double mean_waiting = 0;       ///< requests waiting per worker (time average)
  double mean_running = 0;       ///< sequences in a worker's batch (time average)
  double kv_mean_utilisation = 0, kv_peak_utilisation = 0;
  double input_tok_s_per_gpu = 0;   ///< prompt tokens prefilled per second per GPU
  double output_tok_s_per_gpu = 0;  ///< tokens emitted per second per GPU
};

struct RunResult {
  std::string scenario;
  int gpus = 0;
  /// Where the instances ran: the cluster's GPUs, its fabrics and each instance's first GPU.
  int cluster_gpus = 0;
  int domain_size = 0;
  std::string scale_up_fabric, scale_out_fabric;
  std::string placement;
  std::vector<int> instance_first_gpu;
  // Conservation.
  std::uint64_t requests_issued = 0;
  std::uint64_t requests_completed = 0;
  std::uint64_t requests_measured = 0;
  std::uint64_t preemptions = 0;
  // Measured window: first measured arrival to last measured completion.
  double duration_s = 0;
  /// Open loop: the queue grew without bound over the second half of the measured arrivals
  /// (arrivals beyond what the instances serve); its latencies grow with the run's length.
  bool unstable = false;
  /// Requests in the system when half and when all measured requests had arrived, and the
  /// arrival rate over that second half (open loop; 0 otherwise).
  double in_system_mid = 0, in_system_end = 0, late_arrival_rate_per_s = 0;
  /// Arrival rate over the rate the requests were served at in that half (> 1: overload).
  double offered_over_served = 0;
  // Per measured request.
  Distribution ttft_s, tpot_ms, e2el_s, itl_ms;
  // Throughput over the window, from measured requests' tokens.
  double request_throughput_per_s = 0;
  double input_tok_s = 0, output_tok_s = 0, total_tok_s = 0;
  double output_tok_s_per_gpu = 0, total_tok_s_per_gpu = 0;
  /// 1000 / median TPOT in ms (the InferenceX interactivity definition).
  double tok_s_per_user_median = 0;
  /// Mean over requests of 1000 / TPOT.
  double tok_s_per_user_mean = 0;
  // Goodput under the scenario's per-request SLOs (every request counts when none is set).
  double slo_attainment = 0;                ///< share of measured requests within the SLOs
  double goodput_requests_per_s = 0;        ///< such requests per second of the window
  double goodput_output_tok_s_per_gpu = 0;  ///< their output tokens per second per GPU
  // Little's law over the window: time-average requests in system vs throughput x latency.
  double mean_requests_in_system = 0;
  double mean_latency_s = 0;
  // Engine-side.
  double mean_decode_batch = 0;       ///< decode sequences per iteration (time-weighted)
  double kv_peak_utilisation = 0;
  double kv_capacity_tokens = 0;
  /// Shares of iterations in which requests waited while the KV cache had room and the running
  /// cap (max_running_seqs), or else the token budget, was reached: the engine's limits, not
  /// the GPUs, bounded the batch.
  double running_cap_bound_share = 0;
  double token_budget_bound_share = 0;
  std::uint64_t iterations = 0;
  // Pools (one aggregated pool for a scenario without pools).
  std::vector<PoolResult> pools;
  bool disaggregated = false;
  int prefill_gpus = 0, decode_gpus = 0;
  /// InferenceX conventions: output tokens per second per decode GPU, input per prefill GPU.
  double output_tok_s_per_decode_gpu = 0, input_tok_s_per_prefill_gpu = 0;
  /// KV transfers of measured requests: waiting for KV room on the decode worker (hand-off to
  /// reservation), and moving (reservation to the last byte: setup and flows).
  std::uint64_t kv_transfers = 0;
  Distribution kv_wait_s, kv_transfer_s;
  double kv_transfer_mean_bytes = 0;
  std::uint64_t events = 0;
  std::uint64_t event_fingerprint = 0;
};

}  // namespace servesim
