// How one GPU's HBM divides into weights, activations and KV cache for an instance.
#pragma once

#include "hw/instance_spec.hpp"
#include "hw/weight_layout.hpp"

namespace servesim {

/// Bytes on one GPU of the instance (the busiest one; all are alike here).
struct MemoryBudget {
  double hbm_bytes = 0;          ///< catalog capacity
  double usable_bytes = 0;       ///< hbm_bytes * memory utilisation fraction
  double weight_bytes = 0;       ///< model weights resident on this GPU
  double activation_bytes = 0;   ///< reserve for activations of the largest step
  double kv_bytes = 0;           ///< what is left for the KV cache (may be negative)
  double kv_bytes_per_token = 0; ///< KV bytes one token occupies on this GPU
  /// KV capacity of the whole instance in tokens (summed over attention-DP ranks).
  double kv_capacity_tokens = 0;
};

/// KV bytes one token of one request occupies on each GPU that holds it (MLA: the latent on
/// every attention-TP rank; GQA: the KV heads of one rank, replicated once TP exceeds them),
/// MTP layers included when MTP is on.
double kv_bytes_per_token_per_gpu(const InstanceSpec& spec);

/// The budget for `max_batched_tokens` tokens per step and `max_seqs` running sequences.
MemoryBudget memory_budget(const InstanceSpec& spec, double memory_fraction,
                           double max_batched_tokens, double max_seqs);

}  // namespace servesim
