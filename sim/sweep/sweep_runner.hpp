// Runs the points of a sweep on a pool of threads and collects the results in point order.
#pragma once

#include <vector>

#include "hw/catalog.hpp"
#include "sim/output/progress.hpp"
#include "sim/scenario/framework_profile.hpp"
#include "sim/sweep/sweep_result.hpp"

namespace servesim {

/// Threads used when the caller asks for 0: the hardware's concurrency (at least 1).
int default_sweep_threads();

/// Runs every point with `threads` workers (each point its own Simulation). A point whose
/// scenario is invalid (InputError from validation, e.g. does not fit in memory) is skipped
/// with its reason; any other failure stops the sweep and is rethrown. The outcomes are in
/// point order and do not depend on `threads`. `progress` (optional) hears of every point.
std::vector<PointOutcome> run_points(const std::vector<SweepPoint>& points, const Catalog& catalog,
                                     int threads, Progress* progress);

/// Runs the points at `positions` (indices into `points`) as run_points does; the outcomes are
/// parallel to `positions`.
std::vector<PointOutcome> run_points_at(const std::vector<SweepPoint>& points,
                                        const std::vector<std::size_t>& positions,
                                        const Catalog& catalog, int threads, Progress* progress);

/// Expands `spec` and applies each point's framework profile (apply_framework_profile, as `run`
/// does; a profile that cannot apply becomes the point's skip reason): `spec`, `points` and
/// `excluded` of a result whose points have not run (no outcomes).
SweepResult prepare_sweep(const SweepSpec& spec, const Catalog& catalog,
                          const FrameworkProfiles& profiles);

/// Throws InputError "<sweep>: exclude: the rules leave out every one of the N grid points;
/// nothing ran" when the exclusions leave no point.
void require_points(const SweepResult& prepared);
/// Throws InputError "<sweep>: every one of the N points was skipped; the first because ..."
/// when no point of an analysed result ran.
void require_a_point_ran(const SweepResult& r);

/// prepare_sweep, then runs the points on `threads` workers and analyses them (frontiers, iso
/// table, skip summary).
SweepResult run_sweep(const SweepSpec& spec, const Catalog& catalog,
                      const FrameworkProfiles& profiles, int threads, Progress* progress);

}  // namespace servesim
