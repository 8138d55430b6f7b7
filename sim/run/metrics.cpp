// Metric accumulation and summary.
#include "sim/run/metrics.hpp"

#include <algorithm>
#include <limits>

namespace servesim {
namespace {

Distribution summarise_hist(const StreamingHistogram& h) {
  Distribution d;
  d.mean = h.mean();
  d.p50 = h.quantile(0.5);
  d.p90 = h.quantile(0.9);
  d.p99 = h.quantile(0.99);
  d.min = h.min();
  d.max = h.max();
  return d;
}

}  // namespace

void Metrics::advance_area(SimTime now) {
  area_ += static_cast<double>(measured_in_system_) * sim_to_seconds(now - area_last_);
  area_last_ = now;
}

void Metrics::set_stability_probe(std::uint64_t measured) { probe_measured_ = measured; }

void Metrics::on_submit(const Request& request, SimTime now) {
  ++issued_;
  if (!request.measured) return;
  ++measured_submitted_;
  if (probe_measured_ > 0) {
    const std::uint64_t in_system = issued_ - completed_;  // this request included
    if (measured_submitted_ == (probe_measured_ + 1) / 2) {
      in_system_mid_ = in_system;
      completed_mid_ = completed_;
      probe_mid_ = now;
    }
    if (measured_submitted_ == probe_measured_) {
      in_system_end_ = in_system;
      completed_end_ = completed_;
      probe_end_ = now;
    }
  }
  advance_area(now);
  ++measured_in_system_;
  if (window_start_ < 0) window_start_ = now;
}

void Metrics::on_request_done(const RequestRecord& r) {
  ++completed_;
  preemptions_ += static_cast<std::uint64_t>(r.preemptions);
  if (!r.measured) return;
  advance_area(r.finish);
  --measured_in_system_;
  ++measured_;
  window_end_ = std::max(window_end_, r.finish);
  const double ttft = sim_to_seconds(r.first_token - r.arrival);
  const double e2el = sim_to_seconds(r.finish - r.arrival);
  ttft_s_.add(ttft);
  e2el_s_.add(e2el);
  if (r.output_tokens > 1) {
    const double tpot_ms = sim_to_seconds(r.finish - r.first_token) * 1e3 / (r.output_tokens - 1);
    tpot_ms_.add(tpot_ms);
    if (tpot_ms > 0) user_tok_s_.add(1e3 / tpot_ms);
  }
  input_tokens_ += r.input_tokens;
  output_tokens_ += r.output_tokens;
  const double tpot_ms =
      r.output_tokens > 1 ? sim_to_seconds(r.finish - r.first_token) * 1e3 / (r.output_tokens - 1)
                          : 0.0;
  if ((slo_ttft_s_ <= 0 || ttft <= slo_ttft_s_) && (slo_tpot_ms_ <= 0 || tpot_ms <= slo_tpot_ms_)) {
    ++good_requests_;
    good_output_tokens_ += r.output_tokens;
  }
}

void Metrics::set_batch_limits(int max_running_seqs, int max_batched_tokens,
                               int tokens_per_decode) {
  max_running_seqs_ = max_running_seqs;
  max_batched_tokens_ = max_batched_tokens;
  tokens_per_decode_ = tokens_per_decode;
}

void Metrics::set_pools(std::vector<PoolInfo> pools) {
  pools_.clear();
  pool_of_.clear();
  for (std::size_t k = 0; k < pools.size(); ++k) {
    for (int i = 0; i < pools[k].workers; ++i) pool_of_.push_back(static_cast<int>(k));
    pools_.push_back(PoolAccumulator{std::move(pools[k])});
  }
}

void Metrics::on_transfer(const TransferRecord& r) {
  if (!r.measured) return;
  ++kv_transfers_;
  kv_wait_s_.add(sim_to_seconds(r.start - r.handoff));
  kv_transfer_s_.add(sim_to_seconds(r.end - r.start));
  kv_bytes_ += r.bytes;
}

void Metrics::on_iteration(const IterationRecord& it) {
  ++iterations_;
  if (measured_in_system_ > 0 && static_cast<std::size_t>(it.instance) < pool_of_.size()) {
    PoolAccumulator& p = pools_[static_cast<std::size_t>(pool_of_[static_cast<std::size_t>(it.instance)])];
    const double dt = sim_to_seconds(it.end - it.start);
    p.busy_s += dt;
    p.waiting_area += dt * it.waiting;
    p.running_area += dt * (it.decode_seqs + it.prefill_seqs);  // sequences in the batch
    if (it.kv_capacity_blocks > 0) {
      const double kv = double(it.kv_used_blocks) / double(it.kv_capacity_blocks);
      p.kv_area += dt * kv;
      p.kv_peak = std::max(p.kv_peak, kv);
    }
    p.prefill_tokens += static_cast<double>(it.prefill_tokens);
    p.output_tokens += static_cast<double>(it.output_tokens);
  }
  // A limit bounded this batch when requests waited and the KV cache still had room (below
  // kKvRoom of it in use): the running cap when the running set was at it, else the token
  // budget when the batch used nearly all of it (kBudgetFull).
  constexpr double kKvRoom = 0.9, kBudgetFull = 0.9;
  const bool kv_room = it.kv_capacity_blocks > 0 &&
                       double(it.kv_used_blocks) < kKvRoom * double(it.kv_capacity_blocks);
  if (it.waiting > 0 && kv_room && max_running_seqs_ > 0) {
    const double used = double(it.decode_seqs) * tokens_per_decode_ + double(it.prefill_tokens);
    if (it.running >= max_running_seqs_) {
      ++cap_bound_iterations_;
    } else if (used >= kBudgetFull * max_batched_tokens_) {
      ++budget_bound_iterations_;
    }
  }
  const double dt = sim_to_seconds(it.end - it.start);
  busy_time_ += dt;
  decode_seq_time_ += dt * it.decode_seqs;
  if (it.decode_seqs > 0 && it.prefill_seqs == 0) {
    // Inter-token latency of pure decode steps, per emitted token.
    itl_ms_.add(dt * 1e3);
  }
  if (it.kv_capacity_blocks > 0) {
    kv_peak_ = std::max(kv_peak_, double(it.kv_used_blocks) / double(it.kv_capacity_blocks));
  }
}

void Metrics::summarise(RunResult& out) const {
  out.requests_issued = issued_;
  out.requests_completed = completed_;
  out.requests_measured = measured_;
  out.preemptions = preemptions_;
  out.duration_s = window_start_ >= 0 ? sim_to_seconds(window_end_ - window_start_) : 0.0;
  if (probe_end_ > probe_mid_ && probe_mid_ >= 0) {
    // In a stable system the requests in flight fluctuate around arrival rate x latency; under
    // overload they grow in proportion to time. Over the second half of the arrivals, growth of
    // half or more, and by at least a tenth of that half's arrivals (so a short run's noise is
    // not overload), is a queue without bound.
    const double span = sim_to_seconds(probe_end_ - probe_mid_);
    const double arrivals = double(probe_measured_ - (probe_measured_ + 1) / 2);
    const double mid = double(in_system_mid_), end = double(in_system_end_);
    out.in_system_mid = mid;
    out.in_system_end = end;
    out.late_arrival_rate_per_s = arrivals / span;
    const double served = double(completed_end_ - completed_mid_) / span;
    out.offered_over_served = served > 0 ? out.late_arrival_rate_per_s / served
                                         : std::numeric_limits<double>::infinity();
    out.unstable = end >= 1.5 * mid && end - mid >= std::max(10.0, 0.1 * arrivals);
  }
  out.ttft_s = summarise_hist(ttft_s_);
  out.tpot_ms = summarise_hist(tpot_ms_);
  out.e2el_s = summarise_hist(e2el_s_);
  out.itl_ms = summarise_hist(itl_ms_);
  const double t = out.duration_s;
  if (t > 0) {
    out.request_throughput_per_s = measured_ / t;
    out.input_tok_s = input_tokens_ / t;
    out.output_tok_s = output_tokens_ / t;
    out.total_tok_s = (input_tokens_ + output_tokens_) / t;
    out.mean_requests_in_system = area_ / t;
  }
  if (out.gpus > 0) {
    out.output_tok_s_per_gpu = out.output_tok_s / out.gpus;
    out.total_tok_s_per_gpu = out.total_tok_s / out.gpus;
  }
  out.tok_s_per_user_median = out.tpot_ms.p50 > 0 ? 1e3 / out.tpot_ms.p50 : 0.0;
  out.slo_attainment = measured_ > 0 ? double(good_requests_) / double(measured_) : 0.0;
  if (t > 0) {
    out.goodput_requests_per_s = good_requests_ / t;
    if (out.gpus > 0) out.goodput_output_tok_s_per_gpu = good_output_tokens_ / t / out.gpus;
  }
  out.tok_s_per_user_mean = user_tok_s_.mean();
  out.mean_latency_s = out.e2el_s.mean;
  out.mean_decode_batch = busy_time_ > 0 ? decode_seq_time_ / busy_time_ : 0.0;
  out.kv_peak_utilisation = kv_peak_;
  out.iterations = iterations_;
  for (const auto& p : pools_) {
    PoolResult r;
    r.name = p.info.name;
    r.role = p.info.role;
    r.workers = p.info.workers;
    r.gpus = p.info.gpus;
    const double worker_s = t * p.info.workers;
    if (worker_s > 0) {
      r.utilisation = p.busy_s / worker_s;
      r.mean_waiting = p.waiting_area / worker_s;
      r.mean_running = p.running_area / worker_s;
      r.kv_mean_utilisation = p.kv_area / worker_s;
    }
    r.kv_peak_utilisation = p.kv_peak;
    if (t > 0 && p.info.gpus > 0) {
      r.input_tok_s_per_gpu = p.prefill_tokens / t / p.info.gpus;
      r.output_tok_s_per_gpu = p.output_tokens / t / p.info.gpus;
    }
    if (r.role == "prefill") out.prefill_gpus += r.gpus;
    if (r.role == "decode") out.decode_gpus += r.gpus;
    out.pools.push_back(std::move(r));
  }
  out.disaggregated = out.decode_gpus > 0;
  if (out.decode_gpus > 0) out.output_tok_s_per_decode_gpu = out.output_tok_s / out.decode_gpus;
  if (out.prefill_gpus > 0) out.input_tok_s_per_prefill_gpu = out.input_tok_s / out.prefill_gpus;
  out.kv_transfers = kv_transfers_;
  if (kv_transfers_ > 0) {
    out.kv_wait_s = summarise_hist(kv_wait_s_);
    out.kv_transfer_s = summarise_hist(kv_transfer_s_);
    out.kv_transfer_mean_bytes = kv_bytes_ / double(kv_transfers_);
  }
  if (iterations_ > 0) {
    out.running_cap_bound_share = double(cap_bound_iterations_) / double(iterations_);
    out.token_budget_bound_share = double(budget_bound_iterations_) / double(iterations_);
  }
}

}  // namespace servesim
