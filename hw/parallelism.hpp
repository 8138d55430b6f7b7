// How one instance (one model replica) is spread over its GPUs.
#pragma once

namespace servesim {

/// Tensor parallelism `tp` over all GPUs of the instance; experts split over `ep` ranks
/// (each expert further tensor-split over tp/ep GPUs); with `dp_attention`, every GPU runs
/// attention for its own share of the batch with replicated attention weights ("DEP").
struct Parallelism {
  int tp = 1;
  int ep = 1;
  bool dp_attention = false;

  int gpus() const { return tp; }
  int attention_tp() const { return dp_attention ? 1 : tp; }
  int attention_dp() const { return dp_attention ? tp : 1; }
  int moe_tp() const { return tp / ep; }
};

}  // namespace servesim
