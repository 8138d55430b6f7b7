// Sweep files: a base scenario, the axes to vary over it, and how points form groups; expanded
// into one scenario per point.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include "sim/core/json_reader.hpp"
#include "sim/scenario/scenario.hpp"

namespace servesim {

/// One axis of a sweep: one field ("gpu", "parallelism.tp") with a list of values, or several
/// fields zipped together (all lists of one length, varied in lockstep).
struct SweepAxis {
  std::vector<std::string> fields;       ///< dotted paths into the scenario JSON
  std::vector<std::vector<Json>> values;  ///< values[k][field] for the k-th setting
  std::vector<std::string> labels;        ///< one per setting; "" contributes nothing to labels
  bool is_load = false;  ///< sets workload.concurrency or workload.rate_per_s
  std::size_t size() const { return values.size(); }
};

/// Closed-loop request counts as multiples of the concurrency, applied to every point.
struct RequestsPerClient {
  bool set = false;
  int measured = WorkloadSpec::kMeasuredRequestsPerClient;
  int warmup = WorkloadSpec::kWarmupRequestsPerClient;
};

/// Leaves out the points whose fields all match: a field's value equals the given value, or one
/// of the given list. For combinations the sweep does not want (not ones that are invalid: those
/// are skipped by validation and counted with their reason).
struct SweepExclusion {
  std::vector<std::pair<std::string, std::vector<Json>>> when;
  std::string because;
};

struct SweepSpec {
  std::string name = "sweep";
  std::string label;           ///< the file name, for messages
  Json document;               ///< the sweep as read (written into the output)
  Json base;                   ///< the base scenario as JSON (resolved when given as a path)
  std::vector<SweepAxis> axes;  ///< grid order: the first axis varies slowest
  /// Indices of the axes whose labels name a point's group (empty: one group "all").
  std::vector<std::size_t> group_axes;
  std::vector<SweepExclusion> exclusions;
  RequestsPerClient requests_per_client;
  /// Interactivity levels (tok/s/user) of the iso-interactivity comparison between groups.
  std::vector<double> iso_tok_s_per_user = {25, 60, 90, 125, 175, 250};
  /// Latency limits a point must meet to be on a frontier, by metric name ("ttft_p99_s",
  /// "tpot_p50_ms", ...; see slo_metric_names()). Empty: every point that ran is eligible.
  std::map<std::string, double> slo;

  /// Points in the grid: the product of the axis sizes.
  std::size_t point_count() const;
};

/// The metrics an SLO may limit: {ttft, e2el}_{mean, p50, p90, p99}_s and
/// {tpot, itl}_{mean, p50, p90, p99}_ms.
const std::vector<std::string>& slo_metric_names();

/// One point of a sweep: its scenario and how it is labelled.
struct SweepPoint {
  std::size_t index = 0;    ///< position in grid order
  Scenario scenario;
  std::string group;        ///< e.g. "GB200 NVL72"
  std::string config;       ///< labels of the non-group, non-load axes, e.g. "DEP16 MTP3"
  std::string label;        ///< group, config and load, e.g. "GB200 NVL72 DEP16 MTP3 c=64"
  double load = 0;          ///< concurrency (closed loop) or arrival rate per second (Poisson)
  /// Why the point cannot run, found while preparing it (its framework profile); "" = runs.
  std::string skip_reason;
};

/// Reads a sweep document. `label` names it in messages; a base given as a path is resolved
/// against `base_dir`. Throws InputError naming the JSON path.
SweepSpec read_sweep_json(const Json& j, const std::string& label, const std::string& base_dir);
SweepSpec read_sweep_text(const std::string& text, const std::string& label,
                          const std::string& base_dir);
SweepSpec read_sweep_file(const std::string& path);

struct SweepExpansion {
  std::vector<SweepPoint> points;     ///< in grid order, excluded points left out
  std::vector<std::size_t> excluded;  ///< points left out by each of spec.exclusions
};

/// Expands the grid into points in grid order and reads each point's scenario strictly. A field
/// the scenario reader rejects throws InputError naming the point; cross-field and memory checks
/// are left to the run (where a failing point is skipped, not fatal).
SweepExpansion expand_sweep(const SweepSpec& spec);

/// Sets the dotted `path` of `doc` to `value`, creating objects on the way; an object value is
/// merged into an existing object (RFC 7396 merge patch). Throws InputError (via `where`) when a
/// step of the path is not an object.
void set_json_path(Json& doc, const std::string& path, const Json& value, const std::string& where);

}  // namespace servesim
