// Point outcomes (every RunResult and PointEconomics field, the skip reason) as tables and back,
// exact to the bit: what sweep shards store and what MPI ranks send to rank 0.
#pragma once

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "sim/output/table.hpp"
#include "sim/sweep/sweep_result.hpp"

namespace servesim {

/// Outcomes of some points of a sweep: one row per point ("position" = index into
/// SweepResult::points, "point_index" = grid index, "ran", "skip_reason", then every field of
/// PointEconomics and RunResult, distributions as "<name>.<stat>") and one row per pool of
/// those points ("position", then every field of PoolResult).
struct OutcomeTables {
  Table outcomes;
  Table pools;
};

/// The outcomes of `positions` (indices into `points`; `outcomes` parallel to `positions`).
OutcomeTables outcome_tables(const std::vector<SweepPoint>& points,
                             const std::vector<std::size_t>& positions,
                             const std::vector<PointOutcome>& outcomes);

/// A point's outcome with its position and grid index, as read back.
struct PositionedOutcome {
  std::size_t position = 0;
  std::size_t point_index = 0;
  PointOutcome outcome;
};

/// Reads outcome_tables() back (meets_slo is left false: analyse_sweep sets it). Throws
/// InputError "<label>: <table>: ..." when a column is missing, of another kind, or a pool
/// belongs to no point.
std::vector<PositionedOutcome> outcomes_from_tables(const OutcomeTables& t,
                                                    const std::string& label);

}  // namespace servesim
