// Per-GPU parameter counts by part, and the resident weight bytes they make.
#include "hw/weight_layout.hpp"

#include <cmath>

namespace servesim {

WeightLayout weight_layout(const InstanceSpec& spec) {
  const ModelSpec& m = *spec.model;
  const Parallelism& p = spec.parallelism;
  const auto& a = m.attention;
  const double h = m.hidden_size;
  const double atp = p.attention_tp();
  WeightLayout w;
  if (a.type == AttentionType::kMla) {
    const double qk_head = a.qk_nope_head_dim + a.qk_rope_head_dim;
    // q_a and kv_a (down-projections) are replicated on every TP rank; q_b and o are split.
    const double replicated = h * (a.q_lora_rank + a.kv_lora_rank + a.qk_rope_head_dim);
    const double q_b = a.q_lora_rank > 0 ? a.q_lora_rank * a.num_heads * qk_head
                                         : h * a.num_heads * qk_head;
    const double o = static_cast<double>(a.num_heads) * a.v_head_dim * h;
    w.attention_projections = replicated + (q_b + o) / atp;
    w.attention_kv_up = static_cast<double>(a.kv_lora_rank) * a.num_heads *
                        (a.qk_nope_head_dim + a.v_head_dim) / atp;
  } else {
    const double kv_heads = std::ceil(a.num_kv_heads / atp);  // replicated past kv heads
    const double q_dim = a.num_heads * a.head_dim / atp;
    w.attention_projections = h * (q_dim + 2 * kv_heads * a.head_dim) + q_dim * h;
    if (a.qkv_bias) w.attention_bias = q_dim + 2 * kv_heads * a.head_dim + h;
  }
  w.dense_ffn = m.dense_ffn_params_per_layer() / p.gpus();
  if (m.is_moe()) {
    w.shared_experts = m.moe.num_shared_experts * m.params_per_expert() / atp;
    w.routed_expert = m.params_per_expert() / p.moe_tp();
    w.routed_experts_resident =
        (m.moe.num_experts + spec.redundant_experts) * m.params_per_expert() / p.gpus();
    w.router = m.router_params_per_layer();
  }
  w.embedding = m.embedding_params() / atp;
  w.lm_head = m.lm_head_params() / atp;
  w.mtp_proj = 2.0 * h * h;
  return w;
}

double weight_bytes_per_gpu(const InstanceSpec& spec) {
  const ModelSpec& m = *spec.model;
  const WeightLayout w = weight_layout(spec);
  const double other = bytes_per_element(spec.weights.other);
  const double experts = bytes_per_element(spec.weights.experts);
  const double dense_ffn = m.is_moe() ? other : experts;
  const int mtp = spec.mtp_draft_tokens > 0 ? m.mtp_layers : 0;
  const int layers_with_mtp = m.num_layers + mtp;
  const int moe_layers = m.moe_layers() + mtp;
  double bytes =
      layers_with_mtp * (w.attention_projections + w.attention_kv_up + w.attention_bias) * other;
  bytes += m.dense_layers * w.dense_ffn * dense_ffn;
  if (m.is_moe()) {
    bytes += moe_layers * w.routed_experts_resident * experts;
    bytes += moe_layers * w.shared_experts * experts;
    bytes += moe_layers * w.router * spec.numerics.router_weight_bytes_per_element;
  }
  bytes += (w.embedding + w.lm_head) * other;
  bytes += mtp * w.mtp_proj * other;
  return bytes;
}

}  // namespace servesim
