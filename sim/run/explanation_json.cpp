// Writes an Explanation as JSON.
#include "sim/run/explanation_json.hpp"

#include <nlohmann/json.hpp>

namespace servesim {
namespace {

using nlohmann::json;

json step_json(const ExplainedStep& s) {
  const StepBreakdown& b = s.breakdown;
  const BatchFeatures& f = s.batch;
  json parts = json::array();
  for (int i = 0; i < static_cast<int>(StepPart::kCount); ++i) {
    const auto part = static_cast<StepPart>(i);
    const auto& x = b[part];
    if (x.time_s <= 0 && x.hidden_s <= 0) continue;
    json p = {{"part", step_part_name(part)},
              {"time_ms", x.time_s * 1e3},
              {"share", x.time_s / b.total_s},
              {"bound", b.bound(part)},
              {"flops_per_gpu", x.flops},
              {"bytes_per_gpu", x.bytes}};
    if (x.kernel && *x.kernel) p["kernel"] = x.kernel;
    if (x.hidden_s > 0) p["hidden_ms"] = x.hidden_s * 1e3;
    parts.push_back(p);
  }
  return {{"batch",
           {{"decode_seqs", f.decode_seqs},
            {"tokens_per_decode_seq", f.tokens_per_decode_seq},
            {"decode_context_sum", f.decode_context_sum},
            {"prefill_seqs", f.prefill_seqs},
            {"prefill_tokens", f.prefill_tokens},
            {"draft_passes", f.draft_passes}}},
          {"total_ms", b.total_s * 1e3},
          {"parts", parts}};
}

}  // namespace

std::string explanation_json(const Explanation& e) {
  const MemoryBudget& m = e.memory;
  json j;
  if (!e.pools.empty()) {
    j["scenario"] = e.scenario;
    json pools = json::array();
    for (const PoolExplanation& p : e.pools) {
      pools.push_back({{"name", p.name},
                       {"role", p.role},
                       {"workers", p.workers},
                       {"worker", json::parse(explanation_json(p.worker))}});
    }
    j["pools"] = pools;
    if (e.has_kv_transfer) {
      const KvTransferExplanation& k = e.kv_transfer;
      j["kv_transfer"] = {{"tokens", k.tokens},
                          {"shards", k.shards},
                          {"bytes", k.bytes},
                          {"bottleneck", k.bottleneck},
                          {"bottleneck_bytes_per_s", k.bottleneck_bytes_per_s},
                          {"setup_s", k.setup_s},
                          {"move_s", k.move_s}};
    }
    return j.dump(2) + "\n";
  }
  j["scenario"] = e.scenario;
  j["instance"] = {{"model", e.model},
                   {"gpu", e.gpu},
                   {"gpus", e.gpus},
                   {"tp", e.tp},
                   {"ep", e.ep},
                   {"dp_attention", e.dp_attention},
                   {"expert_weights", precision_name(e.expert_weights)},
                   {"other_weights", precision_name(e.other_weights)},
                   {"kv_cache", precision_name(e.kv_cache)},
                   {"mtp_draft_tokens", e.mtp_draft_tokens},
                   {"mtp_tokens_per_step", e.mtp_tokens_per_step}};
  j["memory_per_gpu"] = {{"hbm_gb", m.hbm_bytes / 1e9},
                         {"usable_gb", m.usable_bytes / 1e9},
                         {"weights_gb", m.weight_bytes / 1e9},
                         {"activations_gb", m.activation_bytes / 1e9},
                         {"kv_gb", m.kv_bytes / 1e9},
                         {"kv_bytes_per_token", m.kv_bytes_per_token},
                         {"kv_capacity_tokens_instance", m.kv_capacity_tokens}};
  const ClusterExplanation& c = e.cluster;
  json placed = json::array();
  for (const PlacedInstance& p : c.instances) {
    placed.push_back({{"first_gpu", p.first_gpu},
                      {"gpus", p.gpus},
                      {"domains", {p.first_domain, p.last_domain}},
                      {"leaf_groups", {p.first_leaf_group, p.last_leaf_group}},
                      {"spine_slowdown", p.spine_slowdown}});
  }
  j["cluster"] = {{"scale_up_fabric", c.scale_up_fabric},
                  {"domain_size", c.domain_size},
                  {"scale_up_bw_bytes_per_s", c.scale_up_bw_bytes_per_s},
                  {"scale_out_fabric", c.scale_out_fabric},
                  {"transport", c.transport},
                  {"nic_bw_bytes_per_s", c.nic_bw_bytes_per_s},
                  {"leaf_group_size", c.leaf_group_size},
                  {"oversubscription", c.oversubscription},
                  {"cluster_gpus", c.cluster_gpus},
                  {"placement", c.placement},
                  {"collective_model", c.collective_model},
                  {"moe_exchange_mode", c.moe_exchange_mode},
                  {"two_batch_overlap", c.two_batch_overlap},
                  {"instances", placed}};
  j["decode_step"] = step_json(e.decode);
  j["decode_step"]["tok_s_per_user"] = e.decode.tok_s_per_user;
  j["decode_step"]["output_tok_s_per_gpu"] = e.decode.output_tok_s_per_gpu;
  j["prefill_step"] = step_json(e.prefill);
  j["prefill_step"]["input_tok_s_per_gpu"] = e.prefill.input_tok_s_per_gpu;
  j["prefill_step"]["host_after_s"] = e.prefill.host_after_s;
  json knobs;
  for (const auto& [name, value] : e.knobs) knobs[name] = value;
  j["knobs"] = knobs;
  return j.dump(2) + "\n";
}

}  // namespace servesim
