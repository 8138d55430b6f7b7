// Weight, activation and KV-cache bytes per GPU.
#include "hw/memory_budget.hpp"

#include <algorithm>
#include <cmath>

namespace servesim {

double kv_bytes_per_token_per_gpu(const InstanceSpec& spec) {
  const ModelSpec& m = *spec.model;
  const Parallelism& p = spec.parallelism;
  const double kv_heads_factor =
      m.attention.type == AttentionType::kMla
          ? 1.0
          : std::ceil(m.attention.num_kv_heads / double(p.attention_tp())) / m.attention.num_kv_heads;
  const int layers = m.full_attention_layers() + (spec.mtp_draft_tokens > 0 ? m.mtp_layers : 0);
  return m.kv_elements_per_token_per_layer() * kv_heads_factor * layers *
         kv_bytes_per_element(spec.kv_precision);
}

MemoryBudget memory_budget(const InstanceSpec& spec, double memory_fraction,
                           double max_batched_tokens, double max_seqs) {
  const ModelSpec& m = *spec.model;
  const Parallelism& p = spec.parallelism;
  MemoryBudget b;
  b.hbm_bytes = spec.gpu->hbm_bytes;
  b.usable_bytes = b.hbm_bytes * memory_fraction;
  b.weight_bytes = weight_bytes_per_gpu(spec);
  // Largest step's live activations: a few hidden-sized tensors per token, the FFN
  // intermediate of this GPU's share, and the logits of the sequences sampled (numerics.json).
  const Numerics& n = spec.numerics;
  const double ffn_inter = std::max<double>(
      m.dense_intermediate_size / double(p.gpus()),
      m.is_moe() ? m.moe.intermediate_size * n.reserve_moe_intermediate_per_expert * m.moe.top_k
                 : 0.0);
  const double tokens_here = max_batched_tokens / p.attention_dp();
  b.activation_bytes = tokens_here *
                           (n.reserve_hidden_tensors_per_token * m.hidden_size +
                            n.reserve_ffn_tensors_per_token * ffn_inter) *
                           n.activation_bytes_per_element +
                       max_seqs / p.attention_dp() * (m.vocab_size / double(p.attention_tp())) *
                           n.logits_bytes_per_element;
  b.kv_bytes = b.usable_bytes - b.weight_bytes - b.activation_bytes;
  b.kv_bytes_per_token = kv_bytes_per_token_per_gpu(spec);
  b.kv_capacity_tokens =
      b.kv_bytes > 0 ? std::floor(b.kv_bytes / b.kv_bytes_per_token) * p.attention_dp() : 0;
  return b;
}

}  // namespace servesim
