// Writes an Explanation as text tables.
#include "sim/run/explanation_text.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace servesim {
namespace {

std::string parts_table(const StepBreakdown& b) {
  bool hidden = false;
  for (const auto& x : b.parts) hidden = hidden || x.hidden_s > 0;
  std::string out = fmt::format("  {:<24} {:>10} {:>7}  {:<8} {:>12} {:>12}  {}\n", "part", "ms",
                                "share", "bound", "GFLOP/GPU", "MB/GPU",
                                hidden ? "kernel (ms hidden by two-batch overlap)" : "kernel");
  for (int i = 0; i < static_cast<int>(StepPart::kCount); ++i) {
    const auto part = static_cast<StepPart>(i);
    const auto& x = b[part];
    if (x.time_s <= 0 && x.hidden_s <= 0) continue;
    std::string kernel = x.kernel ? x.kernel : "";
    if (x.hidden_s > 0) kernel += fmt::format(" ({:.4f} hidden)", x.hidden_s * 1e3);
    out += fmt::format("  {:<24} {:>10.4f} {:>6.1f}%  {:<8} {:>12.2f} {:>12.2f}  {}\n",
                       step_part_name(part), x.time_s * 1e3, 100 * (x.time_s / b.total_s),
                       b.bound(part), x.flops / 1e9, x.bytes / 1e6, kernel);
  }
  return out;
}

std::string cluster_text(const ClusterExplanation& c) {
  std::string out = fmt::format(
      "network: {} ({}-GPU domains, {:.0f} GB/s per GPU per direction); {} {} ({:.0f} GB/s NIC "
      "per GPU, {} GPUs per leaf group, oversubscription {:g}:1); collectives: {}, MoE exchange "
      "{}{}\n",
      c.scale_up_fabric, c.domain_size, c.scale_up_bw_bytes_per_s / 1e9, c.transport,
      c.scale_out_fabric, c.nic_bw_bytes_per_s / 1e9, c.leaf_group_size, c.oversubscription,
      c.collective_model, c.moe_exchange_mode,
      c.two_batch_overlap ? ", two-batch overlap" : "");
  out += fmt::format("placement ({}): {} instance(s) on a {}-GPU cluster\n", c.placement,
                     c.instances.size(), c.cluster_gpus);
  const std::size_t shown = std::min<std::size_t>(c.instances.size(), 8);
  for (std::size_t i = 0; i < shown; ++i) {
    const PlacedInstance& p = c.instances[i];
    out += fmt::format("  instance {}: GPUs {}-{}, domain{} {}{}, leaf group{} {}{}{}\n", i,
                       p.first_gpu, p.first_gpu + p.gpus - 1,
                       p.last_domain > p.first_domain ? "s" : "", p.first_domain,
                       p.last_domain > p.first_domain ? fmt::format("-{}", p.last_domain) : "",
                       p.last_leaf_group > p.first_leaf_group ? "s" : "", p.first_leaf_group,
                       p.last_leaf_group > p.first_leaf_group
                           ? fmt::format("-{}", p.last_leaf_group)
                           : "",
                       p.spine_slowdown > 1 ? fmt::format(", spine share 1/{:.2f} of NIC",
                                                          p.spine_slowdown)
                                            : "");
  }
  if (shown < c.instances.size()) out += fmt::format("  ... {} more\n", c.instances.size() - shown);
  return out;
}

}  // namespace

std::string explanation_text(const Explanation& e) {
  std::string out;
  if (!e.pools.empty()) {
    for (const PoolExplanation& p : e.pools) {
      out += fmt::format("=== pool {} ({}): {} workers\n", p.name, p.role, p.workers);
      out += explanation_text(p.worker);
      out += "\n";
    }
    if (e.has_kv_transfer) {
      const KvTransferExplanation& k = e.kv_transfer;
      out += fmt::format("KV transfer of one {}-token prompt: {} shards, {:.2f} MB in all; bounded "
                         "by {} at {:.1f} GB/s per shard; setup {:.3f} ms + bytes {:.3f} ms = "
                         "{:.3f} ms\n",
                         k.tokens, k.shards, k.bytes / 1e6, k.bottleneck,
                         k.bottleneck_bytes_per_s / 1e9, k.setup_s * 1e3, k.move_s * 1e3,
                         (k.setup_s + k.move_s) * 1e3);
    }
    return out;
  }
  out += fmt::format("{} on {} x {}: TP{} EP{}{}, experts {}, other weights {}, KV {}\n", e.model,
                     e.gpus, e.gpu, e.tp, e.ep, e.dp_attention ? " DP-attention" : "",
                     precision_name(e.expert_weights), precision_name(e.other_weights),
                     precision_name(e.kv_cache));
  const MemoryBudget& m = e.memory;
  out += fmt::format("memory per GPU: {:.1f} GB usable of {:.1f}; weights {:.1f} GB, activations "
                     "{:.1f} GB, KV {:.1f} GB ({:.0f} B/token) -> {:.0f} tokens per instance\n",
                     m.usable_bytes / 1e9, m.hbm_bytes / 1e9, m.weight_bytes / 1e9,
                     m.activation_bytes / 1e9, m.kv_bytes / 1e9, m.kv_bytes_per_token,
                     m.kv_capacity_tokens);
  out += cluster_text(e.cluster);
  const BatchFeatures& d = e.decode.batch;
  out += fmt::format("\ndecode step: {} sequences x {} tokens, mean context {:.0f}: {:.3f} ms "
                     "-> {:.1f} tok/s/user, {:.1f} output tok/s/GPU\n",
                     d.decode_seqs, d.tokens_per_decode_seq,
                     d.decode_context_sum / std::max(1.0, d.decode_seqs),
                     e.decode.breakdown.total_s * 1e3, e.decode.tok_s_per_user,
                     e.decode.output_tok_s_per_gpu);
  out += parts_table(e.decode.breakdown);
  out += fmt::format("\nprefill step: one {:.0f}-token prompt: {:.3f} ms -> {:.0f} input "
                     "tok/s/GPU\n",
                     e.prefill.batch.prefill_tokens, e.prefill.breakdown.total_s * 1e3,
                     e.prefill.input_tok_s_per_gpu);
  out += parts_table(e.prefill.breakdown);
  if (e.prefill.host_after_s > 0) {
    out += fmt::format("then host work before the next step (prefill_worker_step_overhead_s): "
                       "{:.3f} ms\n",
                       e.prefill.host_after_s * 1e3);
  }
  return out;
}

}  // namespace servesim
