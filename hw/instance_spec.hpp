// Everything the cost models need to know about one serving instance's hardware and model.
#pragma once

#include <string>

#include "hw/gpu_spec.hpp"
#include "hw/knobs.hpp"
#include "hw/model_spec.hpp"
#include "hw/numerics.hpp"
#include "hw/parallelism.hpp"
#include "hw/precision.hpp"

namespace servesim {

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
};

}  // namespace servesim
