// Text formatting of run results.
#include "sim/run/run_summary.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <string>
#include <vector>

namespace servesim {

std::string batch_limit_warning(const Scenario& s, const RunResult& r) {
  // Worth a line when a limit held the batch back in a tenth of the iterations or more.
  constexpr double kShare = 0.1;
  std::vector<std::string> limits;
  if (r.running_cap_bound_share >= kShare) {
    limits.push_back(fmt::format("the running cap (scheduler.max_running_seqs = {}) in {:.0f}%",
                                 s.scheduler.max_running_seqs, 100 * r.running_cap_bound_share));
  }
  if (r.token_budget_bound_share >= kShare) {
    limits.push_back(fmt::format("the token budget (scheduler.max_batched_tokens = {}) in {:.0f}%",
                                 s.scheduler.max_batched_tokens,
                                 100 * r.token_budget_bound_share));
  }
  if (limits.empty()) return "";
  return fmt::format("warning: {} of iterations, not the GPUs, bounded the batch: requests waited "
                     "while the KV cache had room\n",
                     fmt::join(limits, " and "));
}

namespace {

/// A loud line for an open-loop run whose queue grew without bound.
std::string stability_line(const RunResult& r) {
  if (!r.unstable) return "";
  return fmt::format(
      "UNSTABLE   requests in the system grew from {:.0f} to {:.0f} over the second half of the "
      "arrivals: {:.1f} req/s offered, {} what the instances served; latencies grow with the "
      "run's length and are not a steady state\n",
      r.in_system_mid, r.in_system_end, r.late_arrival_rate_per_s,
      r.offered_over_served > 100 ? std::string("over 100x")
                                  : fmt::format("about {:.1f}x", r.offered_over_served));
}

std::string parallelism_text(const Parallelism& p) {
  if (p.dp_attention) return fmt::format("DEP{}{}", p.tp, p.ep != p.tp ? fmt::format(" EP{}", p.ep) : "");
  return fmt::format("TP{}{}", p.tp, p.ep > 1 ? fmt::format(" EP{}", p.ep) : "");
}

/// One line per pool: its workers and configuration, engine caps, and what it did.
std::string pool_lines(const Scenario& s, const RunResult& r) {
  std::string out;
  for (std::size_t k = 0; k < s.pools.size(); ++k) {
    const PoolConfig& pool = s.pools[k];
    const Scenario& w = pool.settings;
    out += fmt::format("pool       {} ({}): {} x {} on {} GPUs of {}{}, {}: max_running_seqs {}, "
                       "max_batched_tokens {}, block {}, memory fraction {:.2f}\n",
                       pool.name, pool_role_name(pool.role), pool.workers,
                       parallelism_text(w.parallelism), pool.workers * w.parallelism.gpus(),
                       w.gpu, w.mtp_draft_tokens > 0 ? fmt::format(" MTP{}", w.mtp_draft_tokens) : "",
                       w.framework.empty() ? "generic" : w.framework,
                       w.scheduler.max_running_seqs, w.scheduler.max_batched_tokens,
                       w.scheduler.block_size, w.memory_fraction);
    if (k < r.pools.size()) {
      const PoolResult& p = r.pools[k];
      out += fmt::format("           busy {:.0f}%, per worker {:.1f} in the batch and {:.1f} waiting, KV "
                         "mean {:.0f}% peak {:.0f}%; {:.1f} input and {:.1f} output tok/s/GPU\n",
                         100 * p.utilisation, p.mean_running, p.mean_waiting,
                         100 * p.kv_mean_utilisation, 100 * p.kv_peak_utilisation,
                         p.input_tok_s_per_gpu, p.output_tok_s_per_gpu);
    }
  }
  if (r.disaggregated) {
    out += fmt::format("disagg     {:.1f} output tok/s per decode GPU ({}), {:.1f} input tok/s per "
                       "prefill GPU ({})\n",
                       r.output_tok_s_per_decode_gpu, r.decode_gpus, r.input_tok_s_per_prefill_gpu,
                       r.prefill_gpus);
    out += fmt::format("KV moves   {} transfers of {:.1f} MB: wait for decode room p50 {:.2f} ms p99 "
                       "{:.2f} ms; transfer p50 {:.2f} ms p99 {:.2f} ms\n",
                       r.kv_transfers, r.kv_transfer_mean_bytes / 1e6, 1e3 * r.kv_wait_s.p50,
                       1e3 * r.kv_wait_s.p99, 1e3 * r.kv_transfer_s.p50, 1e3 * r.kv_transfer_s.p99);
  }
  return out;
}

}  // namespace

std::string format_run_summary(const Scenario& s, const RunResult& r) {
  const auto& p = s.parallelism;
  std::string out;
  out += fmt::format("scenario   {}\n", s.name);
  if (!s.pools.empty()) {
    std::vector<std::string> parts;
    for (const auto& pool : s.pools) {
      parts.push_back(fmt::format("{} {}x{}", pool.name, pool.workers,
                                  parallelism_text(pool.settings.parallelism)));
    }
    out += fmt::format("config     {} {} on {} x {}  {}  kv {}\n", s.model,
                       precision_name(s.precision), r.gpus, s.gpu, fmt::join(parts, " + "),
                       precision_name(s.kv_cache_dtype));
  } else {
  out += fmt::format("config     {} {} on {} x {}  TP{} EP{}{}{}{}  kv {}\n", s.model, precision_name(s.precision),
                     r.gpus, s.gpu, p.tp, p.ep, p.dp_attention ? " DP-attention" : "",
                     s.replicas > 1 ? fmt::format("  x{} replicas", s.replicas) : "",
                     s.mtp_draft_tokens > 0 ? fmt::format("  MTP{}", s.mtp_draft_tokens) : "",
                     precision_name(s.kv_cache_dtype));
  }
  {
    std::vector<int> sizes;
    if (s.pools.empty()) {
      sizes.assign(r.instance_first_gpu.size(), s.parallelism.gpus());
    } else {
      for (const auto& pool : s.pools) sizes.insert(sizes.end(), pool.workers, pool.settings.parallelism.gpus());
    }
    std::vector<std::string> at;
    for (std::size_t i = 0; i < r.instance_first_gpu.size() && i < 8 && i < sizes.size(); ++i) {
      at.push_back(fmt::format("{}-{}", r.instance_first_gpu[i], r.instance_first_gpu[i] + sizes[i] - 1));
    }
    if (r.instance_first_gpu.size() > 8) at.push_back("...");
    out += fmt::format("cluster    {} GPUs: {} x {}-GPU {} domains, {}; {} placement, instances "
                       "at GPUs {}\n",
                       r.cluster_gpus, r.cluster_gpus / std::max(1, r.domain_size), r.domain_size,
                       r.scale_up_fabric, r.scale_out_fabric, r.placement, fmt::join(at, ", "));
  }
  const auto& w = s.workload;
  out += fmt::format("workload   {} {}, input ~{} / output ~{} tokens, {} measured requests\n",
                     w.closed_loop() ? "closed loop, concurrency"
                                                               : "poisson, rate/s",
                     w.closed_loop() ? fmt::format("{}", w.concurrency)
                                                               : fmt::format("{}", w.rate_per_s),
                     w.input.expected(), w.output.expected(), w.measured_requests);
  out += fmt::format("throughput {:.1f} total tok/s/GPU, {:.1f} output tok/s/GPU, {:.2f} req/s\n",
                     r.total_tok_s_per_gpu, r.output_tok_s_per_gpu, r.request_throughput_per_s);
  out += fmt::format("interactivity {:.1f} tok/s/user (1000 / median TPOT)\n",
                     r.tok_s_per_user_median);
  if (s.slo_ttft_s > 0 || s.slo_tpot_ms > 0) {
    out += fmt::format("goodput    {:.1f}% of requests within TTFT <= {} s, TPOT <= {} ms: {:.2f} "
                       "req/s, {:.1f} output tok/s/GPU\n",
                       100 * r.slo_attainment, s.slo_ttft_s > 0 ? fmt::format("{}", s.slo_ttft_s) : "-",
                       s.slo_tpot_ms > 0 ? fmt::format("{}", s.slo_tpot_ms) : "-",
                       r.goodput_requests_per_s, r.goodput_output_tok_s_per_gpu);
  }
  out += fmt::format("TTFT  s    p50 {:.3f}  p90 {:.3f}  p99 {:.3f}  mean {:.3f}\n", r.ttft_s.p50,
                     r.ttft_s.p90, r.ttft_s.p99, r.ttft_s.mean);
  out += fmt::format("TPOT  ms   p50 {:.2f}  p90 {:.2f}  p99 {:.2f}  mean {:.2f}\n", r.tpot_ms.p50,
                     r.tpot_ms.p90, r.tpot_ms.p99, r.tpot_ms.mean);
  out += fmt::format("E2E   s    p50 {:.2f}  p90 {:.2f}  p99 {:.2f}  mean {:.2f}\n", r.e2el_s.p50,
                     r.e2el_s.p90, r.e2el_s.p99, r.e2el_s.mean);
  out += fmt::format("engine     mean decode batch {:.1f}, KV capacity {:.0f} tokens, peak KV use "
                     "{:.0f}%, {} preemptions, {} iterations\n",
                     r.mean_decode_batch, r.kv_capacity_tokens, r.kv_peak_utilisation * 100,
                     r.preemptions, r.iterations);
  if (!s.pools.empty()) {
    out += pool_lines(s, r);
    out += fmt::format("requests   {} issued, {} completed, {} measured over {:.2f} s simulated\n",
                       r.requests_issued, r.requests_completed, r.requests_measured, r.duration_s);
    out += stability_line(r);
    return out;
  }
  const auto& c = s.scheduler;
  out += fmt::format("profile    {}: max_running_seqs {}, max_batched_tokens {}, block {}, chunked "
                     "prefill {}, memory fraction {:.2f}\n",
                     s.framework.empty() ? "generic" : s.framework, c.max_running_seqs,
                     c.max_batched_tokens, c.block_size, c.chunked_prefill ? "on" : "off",
                     s.memory_fraction);
  out += batch_limit_warning(s, r);
  out += fmt::format("requests   {} issued, {} completed, {} measured over {:.2f} s simulated\n",
                     r.requests_issued, r.requests_completed, r.requests_measured, r.duration_s);
  out += stability_line(r);
  return out;
}

}  // namespace servesim
