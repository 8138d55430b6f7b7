// Parameter and KV-cache counts derived from the architecture.
#include "hw/model_spec.hpp"

namespace servesim {

double ModelSpec::attention_params_per_layer() const {
  const auto& a = attention;
  const double h = hidden_size;
  if (a.type == AttentionType::kMla) {
    const double qk_head = a.qk_nope_head_dim + a.qk_rope_head_dim;
    const double q = a.q_lora_rank > 0
                         ? h * a.q_lora_rank + a.q_lora_rank * a.num_heads * qk_head
                         : h * a.num_heads * qk_head;
    const double kv_a = h * (a.kv_lora_rank + a.qk_rope_head_dim);
    const double kv_b = static_cast<double>(a.kv_lora_rank) * a.num_heads *
                        (a.qk_nope_head_dim + a.v_head_dim);
    const double o = static_cast<double>(a.num_heads) * a.v_head_dim * h;
    return q + kv_a + kv_b + o;
  }
  const double q_dim = static_cast<double>(a.num_heads) * a.head_dim;
  const double kv_dim = static_cast<double>(a.num_kv_heads) * a.head_dim;
  double p = h * (q_dim + 2 * kv_dim) + q_dim * h;
  if (a.qkv_bias) p += q_dim + 2 * kv_dim + h;
  return p;
}

double ModelSpec::params_per_expert() const {
  double p = 3.0 * hidden_size * moe.intermediate_size;
  if (moe.expert_bias) p += 2.0 * moe.intermediate_size + hidden_size;
  return p;
}

double ModelSpec::dense_ffn_params_per_layer() const {
  return 3.0 * hidden_size * dense_intermediate_size;
}

double ModelSpec::router_params_per_layer() const {
  return static_cast<double>(hidden_size) * moe.num_experts;
}

double ModelSpec::embedding_params() const { return static_cast<double>(vocab_size) * hidden_size; }
double ModelSpec::lm_head_params() const { return static_cast<double>(vocab_size) * hidden_size; }

double ModelSpec::total_params() const {
  double p = embedding_params() + lm_head_params();
  p += num_layers * attention_params_per_layer();
  p += dense_layers * dense_ffn_params_per_layer();
  p += moe_layers() * (moe.num_experts + moe.num_shared_experts) * params_per_expert();
  p += moe_layers() * router_params_per_layer();
  return p;
}

double ModelSpec::active_params() const {
  double p = lm_head_params();
  p += num_layers * attention_params_per_layer();
  p += dense_layers * dense_ffn_params_per_layer();
  p += moe_layers() * ((moe.top_k + moe.num_shared_experts) * params_per_expert() +
                       router_params_per_layer());
  return p;
}

double ModelSpec::kv_elements_per_token_per_layer() const {
  const auto& a = attention;
  if (a.type == AttentionType::kMla) return a.kv_lora_rank + a.qk_rope_head_dim;
  return 2.0 * a.num_kv_heads * a.head_dim;
}

int ModelSpec::full_attention_layers() const {
  return attention.sliding_window > 0 ? num_layers - attention.sliding_window_layers : num_layers;
}

double ModelSpec::kv_bytes_per_token(Precision kv) const {
  return kv_elements_per_token_per_layer() * full_attention_layers() * kv_bytes_per_element(kv);
}

}  // namespace servesim
