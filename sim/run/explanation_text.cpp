// Writes an Explanation as text tables.
#include "sim/run/explanation_text.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace servesim {
namespace {

std::string parts_table(const StepBreakdown& b) {
  std::string out = fmt::format("  {:<24} {:>10} {:>7}  {:<8} {:>12} {:>12}\n", "part", "ms",
                                "share", "bound", "GFLOP/GPU", "MB/GPU");
  for (int i = 0; i < static_cast<int>(StepPart::kCount); ++i) {
    const auto part = static_cast<StepPart>(i);
    const auto& x = b[part];
    if (x.time_s <= 0) continue;
    out += fmt::format("  {:<24} {:>10.4f} {:>6.1f}%  {:<8} {:>12.2f} {:>12.2f}\n",
                       step_part_name(part), x.time_s * 1e3, 100 * (x.time_s / b.total_s),
                       b.bound(part), x.flops / 1e9, x.bytes / 1e6);
  }
  return out;
}

}  // namespace

std::string explanation_text(const Explanation& e) {
  std::string out;
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
  return out;
}

}  // namespace servesim
