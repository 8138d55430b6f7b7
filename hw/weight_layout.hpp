// Which parameters one GPU of an instance holds, part by part: the one place that splits a
// model's weights over tensor, expert and attention-data parallelism. The memory budget sums it
// into resident bytes; the roofline step model reads the same parts as the weights each
// operator streams.
#pragma once

#include "hw/instance_spec.hpp"

namespace servesim {

/// Parameters (not bytes) on one GPU, per layer where the part repeats per layer.
struct WeightLayout {
  /// Attention projections of one layer: GQA q, k, v, o split by attention-TP (KV heads
  /// replicated past their count); MLA down-projections (q_a, kv_a) replicated, q_b and o split.
  double attention_projections = 0;
  /// MLA K/V up-projection (kv_b) of one layer, split by attention-TP; 0 for GQA.
  double attention_kv_up = 0;
  /// GQA biases of one layer (ModelSpec qkv_bias): q, k, v biases of this GPU's heads and the
  /// output bias (added after the all-reduce, so whole on every GPU); 0 without biases.
  double attention_bias = 0;
  /// Dense FFN of one dense layer, split over all GPUs of the instance.
  double dense_ffn = 0;
  /// Shared experts of one MoE layer, split like attention.
  double shared_experts = 0;
  /// One routed expert's share on the ranks that hold it (split by MoE-TP).
  double routed_expert = 0;
  /// Routed experts of one MoE layer resident on this GPU (plus redundant replicas), split
  /// over all GPUs.
  double routed_experts_resident = 0;
  /// Router (gate) of one MoE layer, replicated.
  double router = 0;
  /// Input embedding and LM head, each vocabulary-split by attention-TP.
  double embedding = 0, lm_head = 0;
  /// MTP module's eh_proj (concat(embedding, hidden) -> hidden), replicated.
  double mtp_proj = 0;
};

WeightLayout weight_layout(const InstanceSpec& spec);

/// Weight bytes per GPU: the layout's parts in their formats over every layer (plus the MTP
/// module's layer and projection when drafting).
double weight_bytes_per_gpu(const InstanceSpec& spec);

}  // namespace servesim
