// RunResult serialisation.
#include "sim/run/run_document.hpp"

#include <cmath>

#include "sim/core/json_reader.hpp"
#include "sim/scenario/scenario_json.hpp"
#include "sim/core/version.hpp"

namespace servesim {
namespace {

Json dist(const Distribution& d) {
  return {{"mean", d.mean}, {"p50", d.p50}, {"p90", d.p90}, {"p99", d.p99}, {"min", d.min},
          {"max", d.max}};
}

Json result_to_json(const RunResult& r) {
  Json j;
  j["gpus"] = r.gpus;
  j["cluster"] = {{"gpus", r.cluster_gpus},
                  {"domain_size", r.domain_size},
                  {"scale_up_fabric", r.scale_up_fabric},
                  {"scale_out_fabric", r.scale_out_fabric},
                  {"placement", r.placement},
                  {"instance_first_gpu", r.instance_first_gpu}};
  j["requests"] = {{"issued", r.requests_issued},
                   {"completed", r.requests_completed},
                   {"measured", r.requests_measured},
                   {"preemptions", r.preemptions}};
  j["duration_s"] = r.duration_s;
  j["stability"] = {{"unstable", r.unstable},
                    {"in_system_mid", r.in_system_mid},
                    {"in_system_end", r.in_system_end},
                    {"late_arrival_rate_per_s", r.late_arrival_rate_per_s},
                    {"offered_over_served", std::isfinite(r.offered_over_served)
                                                ? Json(r.offered_over_served)
                                                : Json(nullptr)}};
  j["ttft_s"] = dist(r.ttft_s);
  j["tpot_ms"] = dist(r.tpot_ms);
  j["e2el_s"] = dist(r.e2el_s);
  j["itl_ms"] = dist(r.itl_ms);
  j["request_throughput_per_s"] = r.request_throughput_per_s;
  j["input_tok_s"] = r.input_tok_s;
  j["output_tok_s"] = r.output_tok_s;
  j["total_tok_s"] = r.total_tok_s;
  j["output_tok_s_per_gpu"] = r.output_tok_s_per_gpu;
  j["total_tok_s_per_gpu"] = r.total_tok_s_per_gpu;
  j["tok_s_per_user_median"] = r.tok_s_per_user_median;
  j["tok_s_per_user_mean"] = r.tok_s_per_user_mean;
  j["slo_attainment"] = r.slo_attainment;
  j["goodput_requests_per_s"] = r.goodput_requests_per_s;
  j["goodput_output_tok_s_per_gpu"] = r.goodput_output_tok_s_per_gpu;
  j["mean_requests_in_system"] = r.mean_requests_in_system;
  j["mean_latency_s"] = r.mean_latency_s;
  j["mean_decode_batch"] = r.mean_decode_batch;
  j["kv_peak_utilisation"] = r.kv_peak_utilisation;
  j["running_cap_bound_share"] = r.running_cap_bound_share;
  j["token_budget_bound_share"] = r.token_budget_bound_share;
  j["kv_capacity_tokens"] = r.kv_capacity_tokens;
  j["iterations"] = r.iterations;
  Json pools = Json::array();
  for (const auto& p : r.pools) {
    pools.push_back({{"name", p.name},
                     {"role", p.role},
                     {"workers", p.workers},
                     {"gpus", p.gpus},
                     {"utilisation", p.utilisation},
                     {"mean_running_per_worker", p.mean_running},
                     {"mean_waiting_per_worker", p.mean_waiting},
                     {"kv_mean_utilisation", p.kv_mean_utilisation},
                     {"kv_peak_utilisation", p.kv_peak_utilisation},
                     {"input_tok_s_per_gpu", p.input_tok_s_per_gpu},
                     {"output_tok_s_per_gpu", p.output_tok_s_per_gpu}});
  }
  j["pools"] = pools;
  if (r.disaggregated) {
    j["disaggregated"] = {{"prefill_gpus", r.prefill_gpus},
                          {"decode_gpus", r.decode_gpus},
                          {"output_tok_s_per_decode_gpu", r.output_tok_s_per_decode_gpu},
                          {"input_tok_s_per_prefill_gpu", r.input_tok_s_per_prefill_gpu},
                          {"kv_transfers", r.kv_transfers},
                          {"kv_transfer_mean_bytes", r.kv_transfer_mean_bytes},
                          {"kv_wait_s", dist(r.kv_wait_s)},
                          {"kv_transfer_s", dist(r.kv_transfer_s)}};
  }
  j["events"] = r.events;
  j["event_fingerprint"] = r.event_fingerprint;
  return j;
}

}  // namespace

std::string result_json(const RunResult& r) { return result_to_json(r).dump(); }

std::string run_document_json(const Scenario& s, const RunResult& r) {
  const Json doc = {{"servesim_version", kServesimVersion},
                    {"scenario", scenario_to_json(s)},
                    {"result", result_to_json(r)}};
  return doc.dump(2) + "\n";
}

}  // namespace servesim
