// A scenario: what to simulate, as plain structs with defaults (read from JSON by
// scenario_reader, checked by validate_scenario).
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>

#include "hw/parallelism.hpp"
#include "sched/batch_scheduler.hpp"
#include "workloads/workload.hpp"

namespace servesim {

struct Scenario {
  std::string name = "scenario";
  std::string source_label = "scenario";  ///< file name used in messages
  std::string model = "Llama-3.3-70B";
  std::string gpu = "H100-SXM";
  std::string precision = "fp8";           ///< scenario weight precision (bf16, fp8, nvfp4, mxfp4)
  std::string kv_cache_dtype = "fp8";
  std::string framework;                   ///< knob profile name; "" = generic
  Parallelism parallelism;
  int replicas = 1;                        ///< identical instances behind the router
  std::string router = "least_loaded";     ///< "round_robin" or "least_loaded"
  int mtp_draft_tokens = 0;
  int redundant_experts = 0;
  SchedulerConfig scheduler;               ///< kv_capacity_blocks is derived, not read
  double memory_fraction = 0.9;            ///< share of HBM the engine may use
  WorkloadSpec workload;
  std::map<std::string, double> knob_overrides;
  /// Per-request latency objectives for goodput; 0 = no limit.
  double slo_ttft_s = 0;
  double slo_tpot_ms = 0;
  std::uint64_t seed = 1;
  /// Dotted JSON paths the file set itself ("scheduler.max_running_seqs"); a framework
  /// profile fills the rest of the engine settings.
  std::set<std::string> given;
};

}  // namespace servesim
