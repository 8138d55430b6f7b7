// Per-operator roofline model of one iteration: max(FLOPs / achieved peak, bytes / achieved
// bandwidth) for every GEMM and attention kernel, plus collectives and fixed overheads.
#pragma once

#include <cstdint>
#include <memory>
#include <unordered_map>

#include "hw/collective_model.hpp"
#include "hw/instance_spec.hpp"
#include "hw/moe_load_table.hpp"
#include "hw/step_time_model.hpp"

namespace servesim {

/// The time of one iteration on the busiest GPU of an instance. All quantities are per GPU:
/// weights are divided by the tensor/expert split, tokens by attention data parallelism.
/// The constants of the formulas are fixed at construction, so evaluating a step is a few
/// dozen floating-point operations.
class RooflineStepModel final : public StepTimeModel {
 public:
  /// With `kernel_curves` (and curves for the instance's GPU in spec.kernel_curves), GEMMs,
  /// fused MoE and MLA attention are timed by the measured operator curves; the rest, and
  /// every operator without a curve, by the roofline with the global efficiency knobs.
  explicit RooflineStepModel(const InstanceSpec& spec, bool kernel_curves = false);

  double step_time_s(const BatchFeatures& batch) const override;
  StepBreakdown breakdown(const BatchFeatures& batch) const override;
  /// A prefill-only worker's host work after each step with prompt tokens (transfer posting and
  /// polling, bookkeeping): prefill_worker_step_overhead_s. It holds back the next step, so it
  /// bounds a loaded worker's throughput without lengthening an idle worker's TTFT.
  double host_time_after_s(const BatchFeatures& batch) const override;

  const InstanceSpec& spec() const { return spec_; }

 private:
  struct Tokens;  // per-step token statistics
  void evaluate(const BatchFeatures& batch, StepBreakdown& out) const;
  /// Adds one transformer layer (attention + FFN + its collectives), `count` times.
  void add_layer(const Tokens& t, bool moe, bool sliding, double count, StepBreakdown& out,
                 StepPart as) const;
  void add_op(StepBreakdown& out, StepPart part, double count, double flops, double bytes,
              double flops_per_s) const;
  /// One operator family call timed by its measured curve (`c`, at `peak` FLOP/s): `calls`
  /// calls of `weights` elements each over `m` rows, quantising `quantised` activation
  /// elements; without a curve, add_op at `flops_per_s`.
  struct Kernel {
    const KernelCurve* curve = nullptr;
    double peak = 0;
  };
  void add_kernel_op(StepBreakdown& out, StepPart part, double count, double flops, double bytes,
                     double flops_per_s, const Kernel& k, double m, double weights,
                     double quantised, double calls) const;
  /// Adds one transformer layer's parts without two-batch overlap.
  void add_layer_parts(const Tokens& t, bool moe, bool sliding, double count, StepBreakdown& out,
                       StepPart as) const;
  void add_comm(StepBreakdown& out, StepPart part, double count, const CollectiveTime& time,
                double bytes) const;

  /// Pure-decode steps: the time as an affine function of the decode context sum, per batch
  /// shape (sequences, query tokens per sequence, draft passes). Every operator that reads the
  /// context is a roofline max of two terms both proportional to it (or a measured curve whose
  /// rows do not depend on it), and nothing else does, so without sliding-window layers (a min
  /// of the context) and two-batch overlap (a max of compute and communication) the step time
  /// is exactly affine in it: two evaluations give the line and a third, between them, checks
  /// it (a shape that fails the check is always evaluated in full).
  struct DecodeLine {
    double at_origin = 0, per_token = 0;
    bool affine = false;
  };
  const DecodeLine& decode_line(std::uint64_t key, const BatchFeatures& batch) const;

  InstanceSpec spec_;
  bool decode_lines_ = false;  // no sliding layers and no two-batch overlap
  // Filled as shapes are first seen; a model belongs to one run, which one thread runs.
  mutable std::unordered_map<std::uint64_t, DecodeLine> decode_lines_cache_;
  std::shared_ptr<const MoeLoadTable> moe_load_;
  std::shared_ptr<const CollectiveModel> collectives_;
  GroupLink tp_link_;    // attention TP group (all-reduce)
  GroupLink all_link_;   // all GPUs of the instance
  GroupLink ep_link_;    // expert-parallel group (dispatch / combine)
  // Achieved rates.
  double other_flops_ = 0, expert_flops_ = 0, dense_ffn_flops_ = 0, attention_flops_ = 0;
  double hbm_bw_ = 0;
  double raw_hbm_bw_ = 0;  // the catalog's, for the measured curves
  Kernel other_k_, shared_k_, dense_ffn_k_, router_k_, moe_k_, mla_ctx_k_, mla_gen_k_;
  // Per-GPU weights (parameters) and their bytes per element.
  double attn_proj_params_ = 0, kv_up_params_ = 0, dense_ffn_params_ = 0, shared_params_ = 0;
  double expert_params_ = 0, router_params_ = 0, lm_head_params_ = 0, mtp_proj_params_ = 0;
  double attn_bias_params_ = 0;  // GQA q/k/v/o biases, read with the projections
  double other_bpe_ = 2, expert_bpe_ = 2, dense_ffn_bpe_ = 2, kv_bpe_ = 1, dispatch_bpe_ = 1;
  // Attention geometry per GPU.
  double heads_per_gpu_ = 0, kv_elems_per_token_layer_ = 0;
  double decode_qk_dim_ = 0, decode_v_dim_ = 0, prefill_qk_dim_ = 0, prefill_v_dim_ = 0;
  double kv_up_flops_per_token_ = 0;  // MLA K/V up-projection FLOPs per query or context token
  int full_layers_ = 0, sliding_layers_ = 0;
};

}  // namespace servesim
