// Pareto frontier: one pass over the points sorted by x descending.
#include "sim/sweep/pareto.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "sim/core/error.hpp"

namespace servesim {

std::vector<std::size_t> pareto_frontier(const std::vector<ParetoPoint>& points) {
  std::vector<std::size_t> order;
  for (std::size_t i = 0; i < points.size(); ++i) {
    const auto& p = points[i];
    if (std::isfinite(p.x) && std::isfinite(p.y) && p.x > 0 && p.y > 0) order.push_back(i);
  }
  // Best x first; among equal x, best y first; among identical points, the first index first.
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    if (points[a].x != points[b].x) return points[a].x > points[b].x;
    if (points[a].y != points[b].y) return points[a].y > points[b].y;
    return a < b;
  });
  // A point is on the frontier when its y beats every point with a larger or equal x.
  std::vector<std::size_t> frontier;
  double best_y = -std::numeric_limits<double>::infinity();
  for (std::size_t i : order) {
    if (points[i].y > best_y) {
      frontier.push_back(i);
      best_y = points[i].y;
    }
  }
  std::reverse(frontier.begin(), frontier.end());
  return frontier;
}

double interpolate_at(const std::vector<double>& xs, const std::vector<double>& ys, double x) {
  SERVESIM_CHECK(xs.size() == ys.size());
  constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
  if (xs.empty() || !(x >= xs.front()) || !(x <= xs.back())) return kNaN;
  const auto hi = static_cast<std::size_t>(std::lower_bound(xs.begin(), xs.end(), x) - xs.begin());
  if (xs[hi] == x) return ys[hi];
  const std::size_t lo = hi - 1;
  const double t = (x - xs[lo]) / (xs[hi] - xs[lo]);
  return ys[lo] + t * (ys[hi] - ys[lo]);
}

}  // namespace servesim
