// Numerical conventions of the cost models that are neither hardware specs nor fitted knobs:
// the formats activations, routers and attention run in, the activation reserve, and the token
// budget's rounding. Values live in scenarios/catalog/numerics.json, each with its source.
#pragma once

#include <limits>
#include <string>

#include "hw/precision.hpp"

namespace servesim {

/// No defaults in code: a complete set comes from numerics.json (which must name every field).
struct Numerics {
  static constexpr double kUnset = std::numeric_limits<double>::quiet_NaN();
  /// Bytes per element of activations between kernels (hidden states, all-reduce and combine
  /// payloads).
  double activation_bytes_per_element = kUnset;
  /// Bytes per element of the MoE router (gate) weights, whatever the checkpoint's format.
  double router_weight_bytes_per_element = kUnset;
  /// Bytes per element of the logits the sampler reads.
  double logits_bytes_per_element = kUnset;
  /// The tensor-core format attention (QK^T, PV) computes in; its peak bounds attention.
  Precision attention_precision = Precision::kBf16;
  /// Activation reserve per token of the largest step: this many hidden-sized tensors ...
  double reserve_hidden_tensors_per_token = kUnset;
  /// ... plus this many FFN-intermediate-sized tensors (this GPU's share) ...
  double reserve_ffn_tensors_per_token = kUnset;
  /// ... where an MoE layer's intermediate is intermediate_size x this x top_k.
  double reserve_moe_intermediate_per_expert = kUnset;
  /// Token budgets fitted to prompt and batch (TokenBudgetPolicy::kFitPromptAndBatch) add this
  /// many tokens ...
  int token_budget_headroom_tokens = 0;
  /// ... and round up to a multiple of this.
  int token_budget_round_to = 0;
};

/// Reads numerics.json: every field as {"value": ..., "source": "..."}, none missing; throws
/// InputError "<label>: <field>.<key>: <reason>".
Numerics numerics_from_text(const std::string& text, const std::string& label);

}  // namespace servesim
