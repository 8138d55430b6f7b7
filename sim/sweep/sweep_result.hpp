// The outcome of a sweep: every point's result or skip reason, the frontier of each group, and
// the iso-interactivity comparison between groups.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "sim/sweep/cost_model.hpp"
#include "sim/run/run_result.hpp"
#include "sim/sweep/sweep_spec.hpp"

namespace servesim {

struct PointOutcome {
  bool ran = false;
  RunResult result;          ///< valid when `ran`
  PointEconomics economics;  ///< valid when `ran`
  std::string skip_reason;   ///< why the point was skipped ("field: reason"); "" when it ran
  bool meets_slo = false;    ///< ran and within every limit of spec.slo (frontier-eligible)
};

/// The value of an SLO metric (a name from slo_metric_names()) in `r`.
double slo_metric_value(const RunResult& r, const std::string& metric);

struct GroupFrontier {
  std::string name;
  std::vector<std::size_t> points;    ///< points of the group that ran, in point order
  std::size_t meeting_slo = 0;        ///< of `points`, those within the sweep's SLO
  std::vector<std::size_t> frontier;  ///< Pareto points among those, by tok/s/user ascending
};

/// One group's frontier read at one interactivity level (NaN outside the frontier's range).
struct IsoEntry {
  double tok_s_per_user = 0;
  std::size_t group = 0;  ///< index into SweepResult::groups
  double total_tok_s_per_gpu = 0;
  double output_tok_s_per_gpu = 0;
  double cost_usd_per_million_output_tokens = 0;
  double cost_usd_per_million_total_tokens = 0;
  double total_tok_s_per_mw = 0;
};

struct SkipReason {
  std::string reason;
  std::size_t count = 0;
  std::size_t first_point = 0;
};

struct SweepResult {
  SweepSpec spec;
  std::vector<SweepPoint> points;      ///< the grid's points less those the sweep excludes
  std::vector<std::size_t> excluded;   ///< points left out by each of spec.exclusions
  std::vector<PointOutcome> outcomes;  ///< parallel to `points`
  std::vector<GroupFrontier> groups;   ///< in order of first appearance among the points
  std::vector<IsoEntry> iso;           ///< by level, then group
  std::vector<SkipReason> skip_reasons;  ///< most frequent first, ties by first appearance

  std::size_t ran() const;
  std::size_t skipped() const;
  std::size_t excluded_total() const;
};

/// Fills `groups`, `iso`, `skip_reasons` and each outcome's `meets_slo` from `points` and
/// `outcomes`. The frontier is taken over (tok_s_per_user_median, total_tok_s_per_gpu) of the
/// points that meet the SLO; the iso table interpolates linearly
/// between adjacent frontier points and never extrapolates.
void analyse_sweep(SweepResult& r);

}  // namespace servesim
