// The field table of framework profile settings (scenarios/catalog/frameworks.json).
#include "sim/scenario/framework_profile.hpp"

namespace servesim {

const FieldTable<FrameworkSettings>& framework_settings_fields() {
  using F = FrameworkSettings;
  static const FieldTable<F> t = {
      at_least(member_field("max_batched_tokens", &F::max_batched_tokens, "tokens",
                            "token budget per iteration (per attention rank when "
                            "token_budget_per_attention_rank)"),
               1),
      enum_field("max_batched_tokens_policy", &F::max_batched_tokens_policy,
                 {{"fixed", TokenBudgetPolicy::kFixed},
                  {"fit_prompt_and_batch", TokenBudgetPolicy::kFitPromptAndBatch}},
                 "fixed: the value; fit_prompt_and_batch: at least (1 + drafts) x seqs per rank "
                 "+ isl + 64, rounded up to 64"),
      member_field("token_budget_per_attention_rank", &F::token_budget_per_attention_rank, "",
                   "under DP attention each attention rank has its own budget"),
      member_field("chunked_prefill", &F::chunked_prefill, "", "scheduler.chunked_prefill"),
      at_least(member_field("max_running_seqs", &F::max_running_seqs, "sequences",
                            "cap on running sequences"),
               1),
      enum_field("max_running_seqs_policy", &F::max_running_seqs_policy,
                 {{"at_least_concurrency", RunningSeqsPolicy::kAtLeastConcurrency},
                  {"concurrency", RunningSeqsPolicy::kConcurrency},
                  {"fixed", RunningSeqsPolicy::kFixed}},
                 "at_least_concurrency: max(value, concurrency); concurrency: the concurrency; "
                 "fixed: the value"),
      at_least(member_field("block_size", &F::block_size, "tokens", "tokens per KV block"), 1),
      as_fraction(member_field("memory_fraction", &F::memory_fraction, "",
                               "the engine's memory fraction, a share of memory_fraction_of"),
                  false),
      enum_field("memory_fraction_of", &F::memory_fraction_of,
                 {{"total", MemoryFractionOf::kTotal},
                  {"weights_and_kv", MemoryFractionOf::kWeightsAndKv},
                  {"free_after_weights", MemoryFractionOf::kFreeAfterWeights}},
                 "what memory_fraction is a share of (vLLM total, SGLang weights_and_kv, "
                 "TRT-LLM free_after_weights)"),
      enum_field("kv_cache_dtype", &F::kv_cache_dtype,
                 {{"bf16", Precision::kBf16}, {"fp8", Precision::kFp8}}, "KV cache precision"),
      at_least(member_field("mtp_draft_tokens", &F::mtp_draft_tokens, "tokens",
                            "MTP draft tokens when speculative decoding is on"),
               0),
      at_least(
          member_field("mtp_draft_tokens_with_dp_attention", &F::mtp_draft_tokens_with_dp_attention,
                       "tokens", "MTP draft tokens under DP attention"),
          0),
      as_fraction(member_field("output_reserve_init", &F::output_reserve_init, "",
                               "scheduler.output_reserve_init"),
                  true),
      as_fraction(member_field("output_reserve_min", &F::output_reserve_min, "",
                               "scheduler.output_reserve_min"),
                  true),
      at_least(member_field("output_reserve_decay_steps", &F::output_reserve_decay_steps,
                            "iterations", "scheduler.output_reserve_decay_steps"),
               1),
      at_least(member_field("output_reserve_clip_tokens", &F::output_reserve_clip_tokens, "tokens",
                            "scheduler.output_reserve_clip_tokens"),
               0),
      member_field("mix_prefill_with_decode", &F::mix_prefill_with_decode, "",
                   "scheduler.mix_prefill_with_decode"),
  };
  return t;
}

}  // namespace servesim
