// A transformer's architecture (dense or mixture-of-experts; GQA or MLA attention), as read
// from the model catalog, with the parameter and KV-cache counts derived from it.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "hw/precision.hpp"

namespace servesim {

enum class AttentionType { kGqa, kMla };

struct AttentionSpec {
  AttentionType type = AttentionType::kGqa;
  int num_heads = 0;
  // GQA
  int num_kv_heads = 0;
  int head_dim = 0;
  bool qkv_bias = false;
  int sliding_window = 0;         ///< tokens; 0 = no sliding-window layers
  int sliding_window_layers = 0;  ///< how many layers use the window
  bool attention_sinks = false;
  // MLA (DeepSeek-V2/V3 latent attention)
  int q_lora_rank = 0;
  int kv_lora_rank = 0;
  int qk_nope_head_dim = 0;
  int qk_rope_head_dim = 0;
  int v_head_dim = 0;
};

struct MoeSpec {
  int num_experts = 0;  ///< routed experts; 0 = dense model
  int top_k = 0;
  int num_shared_experts = 0;
  int intermediate_size = 0;
  bool expert_bias = false;
};

/// Weight formats of the two parts of a model for one served precision.
struct Quantization {
  Precision experts = Precision::kBf16;  ///< routed+shared experts, or the dense FFN
  Precision other = Precision::kBf16;    ///< attention, dense layers of MoE models, heads
};

struct ModelSpec {
  std::string name;
  std::vector<std::string> aliases;
  int hidden_size = 0;
  int num_layers = 0;
  int vocab_size = 0;
  /// Longest sequence (prompt + output) the model is trained for (max_position_embeddings).
  int max_context_tokens = 0;
  AttentionSpec attention;
  int dense_layers = 0;  ///< layers with a dense FFN (all of them for a dense model)
  int dense_intermediate_size = 0;
  MoeSpec moe;
  int mtp_layers = 0;
  /// Published mean tokens per step with 1, 2, ... MTP draft tokens (empty: no data).
  std::vector<double> mtp_acceptance_lengths;
  std::map<std::string, Quantization> quantization;  ///< by scenario precision name

  bool is_moe() const { return moe.num_experts > 0; }
  int moe_layers() const { return num_layers - dense_layers; }

  // --- Derived counts (parameters, not bytes) ---
  /// Attention projection parameters of one layer (QKV/latent projections and output).
  double attention_params_per_layer() const;
  /// One routed expert (gate, up, down).
  double params_per_expert() const;
  double dense_ffn_params_per_layer() const;
  double router_params_per_layer() const;
  double embedding_params() const;
  double lm_head_params() const;
  double total_params() const;
  /// Parameters touched per token (top-k routed + shared experts, attention, head; no embedding).
  double active_params() const;

  /// KV-cache elements per token per full-attention layer (MLA: kv_lora + rope; GQA: 2·kv·hd).
  double kv_elements_per_token_per_layer() const;
  /// Layers whose KV grows with the whole context (excludes sliding-window layers).
  int full_attention_layers() const;
  /// KV bytes per token over all full-attention layers, in `kv` format, unsharded.
  double kv_bytes_per_token(Precision kv) const;
};

}  // namespace servesim
