// The field tables of the scenario document: one per struct (Scenario's own fields, Parallelism,
// SchedulerConfig, WorkloadSpec, LengthDistribution, the slo block), the objects they form, and
// the keys that were renamed.
#pragma once

#include <string>
#include <vector>

#include "sim/scenario/field_table.hpp"
#include "sim/scenario/scenario.hpp"

namespace servesim {

/// Scenario's scalar fields at the document root.
const FieldTable<Scenario>& scenario_fields();
/// "parallelism": how one instance spreads over its GPUs.
const FieldTable<Parallelism>& parallelism_fields();
/// "scheduler": batching limits and admission reserve (kv_capacity_blocks is derived).
const FieldTable<SchedulerConfig>& scheduler_fields();
/// "workload": arrivals and request counts (input and output lengths are nested objects).
const FieldTable<WorkloadSpec>& workload_fields();
/// "workload.input" and "workload.output".
const FieldTable<LengthDistribution>& length_fields();
/// "slo": latency objectives for goodput (stored in Scenario::slo_*).
const FieldTable<Scenario>& slo_fields();
/// "cluster": the fabric the instances' GPUs are joined by and how they are placed.
const FieldTable<ClusterConfig>& cluster_fields();

/// "pools.<name>": a pool's own fields (role, workers).
const FieldTable<PoolConfig>& pool_fields();
/// The top-level keys a pool may set for its workers (instance fields, objects included).
const std::vector<std::string>& pool_setting_keys();

/// One object of the scenario document, for the reference.
struct ScenarioObjectDoc {
  std::string path;  ///< "" for the root, "workload.input", ...
  std::string doc;
  std::vector<FieldDoc> fields;
};
/// Every object of the document in reading order.
std::vector<ScenarioObjectDoc> scenario_object_docs();

/// A key that an earlier version read, and what to write instead.
struct RenamedField {
  std::string old_path;  ///< dotted, e.g. "parallelism.replicas"
  std::string advice;    ///< e.g. "use \"replicas\" at the top level"
};
const std::vector<RenamedField>& renamed_scenario_fields();

/// Why dotted `path` names nothing in a scenario document ("" when it names a field, an object,
/// or a knob under "knobs"): "renamed: use ..." for an old key, else "not a scenario field".
/// Sweep axes and exclusions check their paths with it.
std::string scenario_path_problem(const std::string& path);

}  // namespace servesim
