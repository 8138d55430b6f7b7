// A scenario: what to simulate, as plain structs with defaults (read from JSON by
// scenario_reader through the field tables of scenario_fields, checked by validate).
// JSON nesting follows the struct nesting; docs/scenario-reference.md lists every field.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "hw/instance_spec.hpp"
#include "hw/parallelism.hpp"
#include "hw/placement.hpp"
#include "hw/precision.hpp"
#include "sched/batch_scheduler.hpp"
#include "workloads/workload.hpp"

namespace servesim {

/// The cluster the instances run on (JSON "cluster").
struct ClusterConfig {
  ClusterConfig() {}  // user-provided: GCC 12 warns falsely on value-initialising the aggregate
  /// fabrics.json scale-out fabric; "" = the GPU's default (its alternatives are allowed).
  std::string scale_out_fabric;
  int gpus = 0;  ///< GPUs in the cluster; 0 = the whole domains the instances need
  PlacementPolicy placement = PlacementPolicy::kPack;
};

/// What a pool's workers do: serve whole requests, or only prefill them (handing the KV cache
/// to a decode worker), or only decode requests whose KV arrives from a prefill worker.
enum class PoolRole { kAggregated, kPrefill, kDecode };
const char* pool_role_name(PoolRole role);

struct PoolConfig;

struct Scenario {
  std::string name = "scenario";
  std::string source_label = "scenario";  ///< file name used in messages (not a JSON field)
  std::string model = "Llama-3.3-70B";
  std::string gpu = "H100-SXM";
  Precision precision = Precision::kFp8;       ///< weight precision
  Precision kv_cache_dtype = Precision::kFp8;  ///< KV cache storage (bf16 or fp8)
  std::string framework;                       ///< knob profile name; "" = generic
  Parallelism parallelism;
  int replicas = 1;                     ///< identical instances behind the router
  /// router_registry() name of the front door: which aggregated (or prefill) worker a request
  /// goes to.
  std::string router = "least_loaded";
  /// router_registry() name of the router from prefill to decode workers (disaggregated pools).
  std::string decode_router = "least_kv_load";
  /// Disaggregated pools: the KV cache streams layer by layer while the last prefill step runs
  /// (only the last layer's share is left when it ends) instead of moving after it.
  bool layerwise_kv_transfer = false;
  std::string step_model = "roofline";  ///< step_model_registry() name
  std::string collective_model = "hierarchical";  ///< collective_model_registry() name
  MoeExchangeMode moe_exchange_mode = MoeExchangeMode::kAuto;
  bool two_batch_overlap = false;
  double memory_fraction = 0.9;         ///< share of HBM the engine may use
  int mtp_draft_tokens = 0;
  int redundant_experts = 0;
  ClusterConfig cluster;
  /// What-if hardware changes by hw/hardware_overrides name (JSON "overrides":
  /// {"gpu": {"nic_bw_bytes_per_s": 1e11}} or {"gpu.nic_bw_bytes_per_s": 1e11}).
  std::map<std::string, double> hardware_overrides;
  SchedulerConfig scheduler;  ///< kv_capacity_blocks is derived, not read
  WorkloadSpec workload;
  std::map<std::string, double> knob_overrides;  ///< JSON "knobs"
  /// Per-request latency objectives for goodput (JSON "slo": ttft_s, tpot_ms); 0 = no limit.
  double slo_ttft_s = 0;
  double slo_tpot_ms = 0;
  std::uint64_t seed = 1;
  /// Dotted JSON paths of the fields the document gave explicitly ("scheduler.block_size",
  /// "knobs.hbm_bw_efficiency"), filled by the reader; a framework
  /// profile fills the engine settings it does not name (apply_framework_profile).
  std::set<std::string> given;
  /// The cluster's pools (JSON "pools", an object keyed by pool name). Empty: one aggregated
  /// pool of `replicas` instances of the fields above. Otherwise every worker is described by
  /// its pool's `settings`, and the top-level instance fields are only the pools' defaults.
  std::vector<PoolConfig> pools;

  bool disaggregated() const;
};

/// One pool: `workers` instances of one configuration, all with the same role.
struct PoolConfig {
  std::string name;  ///< the key in "pools"
  PoolRole role = PoolRole::kAggregated;
  int workers = 1;
  /// One worker's configuration: the scenario's fields with the pool's own on top, replicas =
  /// workers (its own `pools` is empty). Its `given` holds both levels' explicit fields.
  Scenario settings;
};

}  // namespace servesim
