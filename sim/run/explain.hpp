// `servesim explain`: the time of each part of a representative decode and prefill step, and
// the memory budget, for a validated scenario's operating point. The result is plain data;
// explanation_json.hpp and explanation_text.hpp write it.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "hw/batch_features.hpp"
#include "hw/memory_budget.hpp"
#include "hw/step_time_model.hpp"
#include "sim/scenario/scenario_validation.hpp"

namespace servesim {

/// One representative step: its batch, its breakdown and what it yields.
struct ExplainedStep {
  BatchFeatures batch;
  StepBreakdown breakdown;
  double tok_s_per_user = 0;        ///< decode: tokens per step per sequence / step time
  double output_tok_s_per_gpu = 0;  ///< decode
  double input_tok_s_per_gpu = 0;   ///< prefill
};

struct Explanation {
  std::string scenario;
  std::string model, gpu;
  int gpus = 0, tp = 1, ep = 1;
  bool dp_attention = false;
  Precision expert_weights = Precision::kBf16, other_weights = Precision::kBf16;
  Precision kv_cache = Precision::kBf16;
  int mtp_draft_tokens = 0;
  double mtp_tokens_per_step = 1;
  MemoryBudget memory;  ///< per GPU
  ExplainedStep decode, prefill;
  std::vector<std::pair<std::string, double>> knobs;  ///< in knob_names() order
};

/// Decode step: min(concurrency, max_running_seqs) sequences at the mean context mid-answer
/// (input + output / 2). Prefill step: one prompt of the mean input length (capped by the
/// token budget) with no prefix.
Explanation explain(const ValidScenario& v);

}  // namespace servesim
