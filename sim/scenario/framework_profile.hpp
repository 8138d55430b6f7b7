// Framework profiles: the scheduler defaults a serving engine (SGLang, TRT-LLM, vLLM, ATOM, ...)
// runs with, read from scenarios/catalog/frameworks.json, and how they become scenario fields.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "hw/catalog.hpp"
#include "sim/scenario/field_table.hpp"
#include "sim/scenario/scenario.hpp"

namespace servesim {

/// How the per-iteration token budget follows from the profile value.
enum class TokenBudgetPolicy {
  kFixed,              ///< the value
  kFitPromptAndBatch,  ///< max(value, round_up_64((1 + drafts) * seqs_per_rank + isl + 64)),
                       ///< the 64s from numerics.json
};
/// How the running-sequence cap follows from the profile value and the offered concurrency.
enum class RunningSeqsPolicy {
  kAtLeastConcurrency,  ///< max(value, concurrency)
  kConcurrency,         ///< the concurrency
  kFixed,  ///< the value (per attention rank when the token budget is): a prefill worker's cap
};
/// What the engine's memory fraction is a share of.
enum class MemoryFractionOf {
  kTotal,             ///< all memory of the engine (vLLM gpu_memory_utilization)
  kWeightsAndKv,      ///< weights + KV; activations outside (SGLang mem_fraction_static)
  kFreeAfterWeights,  ///< memory left after weights and activations (TRT-LLM
                      ///< free_gpu_memory_fraction)
};

/// The resolved settings of one profile on one GPU. The generic profile sets every field, so
/// these initialisers only say which SchedulerConfig / Scenario defaults a field mirrors.
struct FrameworkSettings {
  int max_batched_tokens = SchedulerConfig{}.max_batched_tokens;
  TokenBudgetPolicy max_batched_tokens_policy = TokenBudgetPolicy::kFixed;
  /// Under DP attention each attention rank has its own budget (and the instance the sum).
  bool token_budget_per_attention_rank = false;
  bool chunked_prefill = SchedulerConfig{}.chunked_prefill;
  int max_running_seqs = SchedulerConfig{}.max_running_seqs;
  RunningSeqsPolicy max_running_seqs_policy = RunningSeqsPolicy::kAtLeastConcurrency;
  int block_size = SchedulerConfig{}.block_size;
  double memory_fraction = Scenario{}.memory_fraction;
  MemoryFractionOf memory_fraction_of = MemoryFractionOf::kTotal;
  Precision kv_cache_dtype = Scenario{}.kv_cache_dtype;
  int mtp_draft_tokens = 3;
  int mtp_draft_tokens_with_dp_attention = 3;
  /// Admission reserve (SchedulerConfig::output_reserve_*): 0 = optimistic admission.
  double output_reserve_init = SchedulerConfig{}.output_reserve_init;
  double output_reserve_min = SchedulerConfig{}.output_reserve_min;
  int output_reserve_decay_steps = SchedulerConfig{}.output_reserve_decay_steps;
  int output_reserve_clip_tokens = SchedulerConfig{}.output_reserve_clip_tokens;
  /// SchedulerConfig::mix_prefill_with_decode.
  bool mix_prefill_with_decode = SchedulerConfig{}.mix_prefill_with_decode;
};

/// The fields of a profile (JSON keys of frameworks.json), with their ranges and docs.
const FieldTable<FrameworkSettings>& framework_settings_fields();

/// Settings a profile layer names; the fields not in `given` come from the layer below.
struct PartialFrameworkSettings {
  FrameworkSettings values;     ///< meaningful for the keys in `given` only
  std::set<std::string> given;  ///< keys of framework_settings_fields() this layer sets

  /// Overwrites the fields of `out` that this layer names.
  void apply_to(FrameworkSettings& out) const;
  /// Overwrites the fields of `out` that this layer names (layering two partial layers).
  void apply_to(PartialFrameworkSettings& out) const;
};

struct FrameworkProfile {
  std::string name;  ///< also the knobs.json by_framework key it selects ("generic": none)
  std::vector<std::string> aliases;
  FrameworkSettings settings;  ///< inheritance applied
  /// Per-GPU overrides, keyed by a catalog GPU name or alias as written in the file ("B200"),
  /// optionally for one tensor-parallel size only ("B200@tp4", for recipes that branch on TP).
  std::map<std::string, PartialFrameworkSettings> by_gpu;
  /// Per disaggregated role ("prefill", "decode"): overrides for that pool's workers, and per
  /// role and GPU (keyed "role|GPU").
  std::map<std::string, PartialFrameworkSettings> by_role, by_role_gpu;

  bool is_generic() const { return name == "generic"; }
  /// The settings of an instance of `tp` GPUs on `gpu`: `settings`, then the by_gpu entry
  /// naming the GPU (or an alias), then the one naming the GPU at this tp; for a pool role
  /// ("prefill", "decode"; "" = aggregated), then its by_role entry and its by_gpu entry.
  FrameworkSettings settings_for(const GpuSpec& gpu, int tp, const std::string& role = "") const;
};

class FrameworkProfiles {
 public:
  /// Parses frameworks.json; throws InputError naming the file and field. Every value a profile
  /// sets needs a source; "generic" must exist and set every field.
  static FrameworkProfiles from_text(const std::string& text, const std::string& label);

  /// The profile named `name` or one of its aliases (case-insensitive); "" is "generic".
  /// nullptr when unknown.
  const FrameworkProfile* find(const std::string& name) const;
  const FrameworkProfile& generic() const;
  const std::vector<FrameworkProfile>& profiles() const { return profiles_; }

 private:
  std::vector<FrameworkProfile> profiles_;
};

/// Reads frameworks.json from `dir`, or the embedded copy when `dir` is empty or has none.
FrameworkProfiles load_framework_profiles(const std::string& dir);

/// Fills the scheduler, memory fraction, KV dtype and MTP draft count of `s` from `settings`
/// for a closed loop of `concurrency` clients with prompts of at most `isl` tokens; `mtp` turns
/// speculative decoding on. s.model, s.gpu, s.precision, s.parallelism must already be set.
/// Converting the memory fraction to servesim's (share of HBM for everything) needs the weight
/// and activation bytes, so this builds the instance once; throws its InputError.
void apply_framework_settings(const FrameworkSettings& settings, int concurrency, int isl, bool mtp,
                              const Catalog& catalog, Scenario& s);

}  // namespace servesim
