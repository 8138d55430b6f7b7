// Running sweeps: invalid points skipped and counted with their reason, results independent of
// the thread count and equal to running each point alone, frontiers and iso table consistent.
#include "sim/sweep/sweep_runner.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "sim/sweep/pareto.hpp"
#include "sim/run/run_scenario.hpp"
#include "tests/sim/sweep_test_fixtures.hpp"

namespace servesim {
namespace {

SweepResult run_tiny(int threads, Progress* progress = nullptr) {
  return run_sweep(read_sweep_text(testing::kTinySweep, "tiny.json", ""),
                   testing::embedded_catalog(), testing::embedded_profiles(), threads, progress);
}

TEST(SweepRunner, InvalidPointsAreSkippedAndCountedWithTheirReason) {
  const SweepResult r = run_tiny(2);
  ASSERT_EQ(r.points.size(), 18u);
  EXPECT_EQ(r.ran(), 12u);
  EXPECT_EQ(r.skipped(), 6u);  // TP3 on both GPUs at three concurrencies
  ASSERT_EQ(r.skip_reasons.size(), 1u);
  // The reason without the "<file>: point N: " prefix, so equal reasons count together.
  EXPECT_EQ(r.skip_reasons[0].reason, "parallelism.tp: 3 does not divide num_attention_heads=32");
  EXPECT_EQ(r.skip_reasons[0].count, 6u);
  EXPECT_EQ(r.skip_reasons[0].first_point, 6u);  // H100 TP3 c=2
  for (std::size_t i = 0; i < r.points.size(); ++i) {
    EXPECT_EQ(r.outcomes[i].ran, r.points[i].scenario.parallelism.tp != 3) << r.points[i].label;
  }
}

TEST(SweepRunner, ResultsDoNotDependOnTheThreadCount) {
  const SweepResult one = run_tiny(1);
  const SweepResult four = run_tiny(4);
  ASSERT_EQ(one.outcomes.size(), four.outcomes.size());
  for (std::size_t i = 0; i < one.outcomes.size(); ++i) {
    const auto& a = one.outcomes[i];
    const auto& b = four.outcomes[i];
    EXPECT_EQ(a.ran, b.ran);
    EXPECT_EQ(a.skip_reason, b.skip_reason);
    EXPECT_EQ(a.result.event_fingerprint, b.result.event_fingerprint) << one.points[i].label;
    EXPECT_EQ(a.result.total_tok_s_per_gpu, b.result.total_tok_s_per_gpu);
    EXPECT_EQ(a.result.tpot_ms.p50, b.result.tpot_ms.p50);
  }
}

TEST(SweepRunner, EachPointEqualsItsScenarioRunAlone) {
  const SweepResult r = run_tiny(4);
  for (std::size_t i : {0u, 4u, 14u}) {
    const RunResult alone = run_scenario(r.points[i].scenario, testing::embedded_catalog());
    EXPECT_EQ(alone.event_fingerprint, r.outcomes[i].result.event_fingerprint);
    EXPECT_EQ(alone.output_tok_s_per_gpu, r.outcomes[i].result.output_tok_s_per_gpu);
  }
}

TEST(SweepRunner, FrontierPointsAreUndominatedAndDominateTheRest) {
  const SweepResult r = run_tiny(2);
  ASSERT_EQ(r.groups.size(), 2u);
  EXPECT_EQ(r.groups[0].name, "H100");
  EXPECT_EQ(r.groups[1].name, "H200");
  for (const auto& g : r.groups) {
    EXPECT_EQ(g.points.size(), 6u);
    ASSERT_FALSE(g.frontier.empty());
    auto xy = [&](std::size_t i) {
      return ParetoPoint{r.outcomes[i].result.tok_s_per_user_median,
                         r.outcomes[i].result.total_tok_s_per_gpu};
    };
    for (std::size_t k = 1; k < g.frontier.size(); ++k) {
      // Along the frontier interactivity rises and throughput falls.
      EXPECT_LT(xy(g.frontier[k - 1]).x, xy(g.frontier[k]).x);
      EXPECT_GT(xy(g.frontier[k - 1]).y, xy(g.frontier[k]).y);
    }
    for (std::size_t i : g.points) {
      bool on = std::find(g.frontier.begin(), g.frontier.end(), i) != g.frontier.end();
      bool dominated = false;
      for (std::size_t f : g.frontier) {
        dominated |= f != i && xy(f).x >= xy(i).x && xy(f).y >= xy(i).y;
      }
      EXPECT_NE(on, dominated) << r.points[i].label;
    }
  }
}

TEST(SweepRunner, IsoTableInterpolatesEachFrontier) {
  const SweepResult r = run_tiny(2);
  ASSERT_EQ(r.iso.size(), 4u);  // levels {250, 300} x 2 groups, by level then group
  for (const IsoEntry& e : r.iso) {
    const GroupFrontier& g = r.groups[e.group];
    std::vector<double> x, y;
    for (std::size_t i : g.frontier) {
      x.push_back(r.outcomes[i].result.tok_s_per_user_median);
      y.push_back(r.outcomes[i].result.total_tok_s_per_gpu);
    }
    const double expect = interpolate_at(x, y, e.tok_s_per_user);
    if (std::isnan(expect)) {
      EXPECT_TRUE(std::isnan(e.total_tok_s_per_gpu));
    } else {
      EXPECT_DOUBLE_EQ(e.total_tok_s_per_gpu, expect);
    }
  }
  EXPECT_EQ(r.iso[0].tok_s_per_user, 250);
  EXPECT_EQ(r.iso[1].group, 1u);
  EXPECT_EQ(r.iso[2].tok_s_per_user, 300);
}

TEST(SweepRunner, FrontiersOnlyCoverPointsWithinTheSlo) {
  const SweepResult all = run_tiny(2);
  // A TPOT limit between the fastest and slowest points that ran.
  double lo = 1e300, hi = 0;
  for (const auto& o : all.outcomes) {
    if (!o.ran) continue;
    lo = std::min(lo, o.result.tpot_ms.p50);
    hi = std::max(hi, o.result.tpot_ms.p50);
  }
  const double limit = (lo + hi) / 2;
  Json j = Json::parse(testing::kTinySweep);
  j["slo"] = {{"tpot_p50_ms", limit}};
  const SweepResult r = run_sweep(read_sweep_json(j, "tiny.json", ""), testing::embedded_catalog(),
                                  testing::embedded_profiles(), 2, nullptr);
  std::size_t within = 0, outside = 0;
  for (std::size_t i = 0; i < r.points.size(); ++i) {
    const auto& o = r.outcomes[i];
    EXPECT_EQ(o.meets_slo, o.ran && o.result.tpot_ms.p50 <= limit) << r.points[i].label;
    (o.meets_slo ? within : outside) += o.ran ? 1 : 0;
  }
  EXPECT_GT(within, 0u);
  EXPECT_GT(outside, 0u);
  for (const auto& g : r.groups) {
    for (std::size_t i : g.frontier) EXPECT_TRUE(r.outcomes[i].meets_slo) << r.points[i].label;
  }
  EXPECT_EQ(r.groups[0].meeting_slo + r.groups[1].meeting_slo, within);
}

TEST(SweepRunner, ProgressHearsOfEveryPoint) {
  Progress progress(0, Progress::Mode::kQuiet);
  const SweepResult r = run_tiny(3, &progress);
  EXPECT_EQ(progress.done(), r.points.size());
}

}  // namespace
}  // namespace servesim
