// Pareto frontier of hand-made point sets, and interpolation along a frontier.
#include "sim/sweep/pareto.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace servesim {
namespace {

using Indices = std::vector<std::size_t>;

TEST(ParetoFrontier, KeepsExactlyTheUndominatedPoints) {
  // x = tok/s/user, y = tok/s/GPU. Drawn on paper:
  //   0 (10, 100)  frontier: highest y
  //   1 (20,  90)  frontier
  //   2 (15,  80)  dominated by 1 (20 >= 15, 90 >= 80)
  //   3 (30,  60)  frontier
  //   4 (30,  50)  dominated by 3 (same x, lower y)
  //   5 (40,  10)  frontier: highest x
  //   6 ( 5,  99)  dominated by 0
  //   7 (25,  60)  dominated by 3 (x lower, y equal)
  const std::vector<ParetoPoint> pts = {{10, 100}, {20, 90}, {15, 80}, {30, 60},
                                        {30, 50},  {40, 10}, {5, 99},  {25, 60}};
  EXPECT_EQ(pareto_frontier(pts), (Indices{0, 1, 3, 5}));  // by x ascending
}

TEST(ParetoFrontier, IdenticalPointsKeepTheFirst) {
  const std::vector<ParetoPoint> pts = {{1, 5}, {2, 3}, {2, 3}, {1, 5}};
  EXPECT_EQ(pareto_frontier(pts), (Indices{0, 1}));
}

TEST(ParetoFrontier, LeavesOutNonFiniteAndNonPositivePoints) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  // A run without decode steps has tok/s/user 0; it must not be "the best at x = 0".
  const std::vector<ParetoPoint> pts = {{0, 500}, {nan, 10}, {inf, 1}, {3, 2}, {-1, 9}, {1, 4}};
  EXPECT_EQ(pareto_frontier(pts), (Indices{5, 3}));
}

TEST(ParetoFrontier, EmptyAndSingle) {
  EXPECT_TRUE(pareto_frontier({}).empty());
  EXPECT_EQ(pareto_frontier({{7, 7}}), (Indices{0}));
}

TEST(ParetoFrontier, AChainOfImprovementsIsAllFrontier) {
  // Each point trades 10 tok/s/GPU for 1 tok/s/user: nobody dominates anybody.
  std::vector<ParetoPoint> pts;
  for (int i = 0; i < 10; ++i) pts.push_back({1.0 + i, 100.0 - 10 * i});
  EXPECT_EQ(pareto_frontier(pts).size(), 10u);
}

TEST(InterpolateAt, LinearBetweenNeighboursExactAtKnotsNothingOutside) {
  const std::vector<double> x = {10, 20, 40};
  const std::vector<double> y = {100, 90, 50};
  EXPECT_DOUBLE_EQ(interpolate_at(x, y, 10), 100);
  EXPECT_DOUBLE_EQ(interpolate_at(x, y, 20), 90);
  EXPECT_DOUBLE_EQ(interpolate_at(x, y, 15), 95);  // halfway from 100 to 90
  EXPECT_DOUBLE_EQ(interpolate_at(x, y, 25), 80);  // a quarter of the way from 90 to 50
  EXPECT_DOUBLE_EQ(interpolate_at(x, y, 40), 50);
  EXPECT_TRUE(std::isnan(interpolate_at(x, y, 9.99)));
  EXPECT_TRUE(std::isnan(interpolate_at(x, y, 40.01)));
  EXPECT_TRUE(std::isnan(interpolate_at({}, {}, 1)));
}

}  // namespace
}  // namespace servesim
