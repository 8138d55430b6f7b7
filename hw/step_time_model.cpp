// Names of step parts.
#include "hw/step_time_model.hpp"

namespace servesim {

const char* step_part_name(StepPart part) {
  switch (part) {
    case StepPart::kAttentionProjections: return "attention_projections";
    case StepPart::kAttentionDecode: return "attention_decode";
    case StepPart::kAttentionPrefill: return "attention_prefill";
    case StepPart::kDenseFfn: return "dense_ffn";
    case StepPart::kMoeRouter: return "moe_router";
    case StepPart::kSharedExperts: return "shared_experts";
    case StepPart::kRoutedExperts: return "routed_experts";
    case StepPart::kLmHead: return "lm_head";
    case StepPart::kAllReduce: return "all_reduce";
    case StepPart::kDispatch: return "moe_dispatch";
    case StepPart::kCombine: return "moe_combine";
    case StepPart::kMtpDraft: return "mtp_draft";
    case StepPart::kLayerOverhead: return "layer_overhead";
    case StepPart::kStepOverhead: return "step_overhead";
    case StepPart::kCount: break;
  }
  return "?";
}

std::string StepBreakdown::bound(StepPart p) const {
  switch (p) {
    case StepPart::kAllReduce:
    case StepPart::kDispatch:
    case StepPart::kCombine: {
      const char* link = (*this)[p].link;
      return link && *link ? link : "network";
    }
    case StepPart::kLayerOverhead:
    case StepPart::kStepOverhead: return "fixed";
    case StepPart::kMtpDraft: return "mixed";
    default: break;
  }
  const Part& x = (*this)[p];
  return x.compute_s >= x.memory_s ? "compute" : "memory";
}

}  // namespace servesim
