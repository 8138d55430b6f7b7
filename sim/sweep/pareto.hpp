// Pareto frontiers over (interactivity, throughput) and interpolation along them.
#pragma once

#include <cstddef>
#include <vector>

namespace servesim {

struct ParetoPoint {
  double x = 0;  ///< e.g. tok/s/user; larger is better
  double y = 0;  ///< e.g. tok/s/GPU; larger is better
};

/// Indices of the points no other point dominates (another with x' >= x and y' >= y, one of
/// them strictly), sorted by x ascending (so y descends). Of identical points only the first
/// is kept. Points with a non-finite or non-positive coordinate are left out.
std::vector<std::size_t> pareto_frontier(const std::vector<ParetoPoint>& points);

/// Linear interpolation of `ys` over `xs` (ascending) at `x`; NaN outside [xs.front(),
/// xs.back()] or when `xs` is empty. Never extrapolates.
double interpolate_at(const std::vector<double>& xs, const std::vector<double>& ys, double x);

}  // namespace servesim
