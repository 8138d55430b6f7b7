// Everything the cost models need to know about one serving instance's hardware and model.
#pragma once

#include <string>

#include "hw/collective_calibration.hpp"
#include "hw/gpu_spec.hpp"
#include "hw/kernel_curves.hpp"
#include "hw/knobs.hpp"
#include "hw/model_spec.hpp"
#include "hw/numerics.hpp"
#include "hw/parallelism.hpp"
#include "hw/precision.hpp"

namespace servesim {

enum class MoeExchangeMode { kAuto, kLowLatency, kHighThroughput };

/// One model replica on its GPUs. Pointers refer into a Catalog that outlives the spec.
struct InstanceSpec {
  const ModelSpec* model = nullptr;
  const GpuSpec* gpu = nullptr;
  Parallelism parallelism;
  Quantization weights;
  Precision kv_precision = Precision::kFp8;
  /// Format the MoE dispatch sends activations in (fp8 by default, bf16 for bf16 models).
  Precision dispatch_precision = Precision::kFp8;
  Knobs knobs;  ///< from the catalog (Catalog::knobs_for) plus the scenario's overrides
  Numerics numerics;  ///< the catalog's (Catalog::numerics)
  /// Draft tokens per step under MTP speculative decoding (0 = off).
  int mtp_draft_tokens = 0;
  /// Extra expert replicas placed by the load balancer (EPLB), over the whole instance.
  int redundant_experts = 0;
  /// collective_model_registry() name of the model that times this instance's collectives.
  std::string collective_model = "hierarchical";
  /// Measured collective curves of this GPU (nullptr: none) and the SMs DeepEP's normal mode
  /// runs on; the serving engine ("" = generic) picks the kernels.
  const GpuCollectiveCurves* collective_curves = nullptr;
  int deepep_normal_sms = 0;
  /// Measured operator curves of this GPU (nullptr: none); the "kernel_roofline" step model
  /// times GEMMs, fused MoE and MLA attention with them.
  const GpuKernelCurves* kernel_curves = nullptr;
  std::string framework;
  /// DeepEP mode of MoE dispatch/combine (SGLang's --deepep-mode): auto = low-latency kernels
  /// for decode-only steps, high-throughput ones when the step prefills.
  MoeExchangeMode moe_exchange_mode = MoeExchangeMode::kAuto;
  /// Two-batch overlap (SGLang --enable-two-batch-overlap, TensorRT-LLM wide-EP): each MoE
  /// layer runs as two micro-batches, one's dispatch/combine hidden behind the other's compute.
  bool two_batch_overlap = false;
  /// Where the instance sits in its cluster: GPUs [first_gpu, first_gpu + gpus) of a topology of
  /// cluster_gpus (0 = the instance alone), and the slowdown of its cross-leaf bytes from
  /// sharing leaf uplinks with the other instances (hw/spine_contention.hpp; 0 = the fabric's
  /// oversubscription, as if the leaf were full).
  int first_gpu = 0;
  int cluster_gpus = 0;
  double spine_slowdown = 0;
  /// A prefill-only worker (disaggregated serving): under attention-DP its prompts sit whole on
  /// their ranks, so the busiest rank prefills ceil(n / ranks) of a step's n prompts.
  bool prefill_only = false;
};

}  // namespace servesim
