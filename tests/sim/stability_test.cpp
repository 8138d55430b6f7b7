// Overload: an open-loop run whose arrivals exceed what the instances serve is flagged
// unstable (its latencies grow with the run's length), one below capacity is not, a closed
// loop never is, and a sweep keeps unstable points off its frontier without any SLO.
#include <gtest/gtest.h>

#include "sim/run/run_scenario.hpp"
#include "sim/scenario/catalog_loader.hpp"
#include "sim/scenario/scenario_reader.hpp"
#include "sim/sweep/sweep_runner.hpp"
#include "sim/sweep/sweep_spec.hpp"
#include "tests/sim/sweep_test_fixtures.hpp"

namespace servesim {
namespace {

/// gpt-oss-120b on one B200 serves about 14 requests/s of 1k/1k.
Scenario poisson(double rate) {
  Scenario s = read_scenario_file(SERVESIM_SOURCE_DIR "/scenarios/gpt-oss-120b-mxfp4-b200-tp1-c64.json");
  s.workload.type = "poisson";
  s.workload.rate_per_s = rate;
  s.workload.measured_requests = 2000;
  s.workload.warmup_requests = 100;
  return s;
}

TEST(Stability, TenTimesCapacityIsUnstableAndHalfCapacityIsNot) {
  const Catalog& c = testing::embedded_catalog();
  const RunResult over = run_scenario(poisson(140), c);
  EXPECT_TRUE(over.unstable);
  EXPECT_GT(over.in_system_end, 1.5 * over.in_system_mid);
  EXPECT_GT(over.offered_over_served, 3.0);
  // Every request still completes: the run ends at its request limit.
  EXPECT_EQ(over.requests_completed, over.requests_issued);

  const RunResult under = run_scenario(poisson(7), c);
  EXPECT_FALSE(under.unstable);
  EXPECT_NEAR(under.offered_over_served, 1.0, 0.25);
}

TEST(Stability, AClosedLoopIsNeverUnstable) {
  Scenario s = read_scenario_file(SERVESIM_SOURCE_DIR "/scenarios/gpt-oss-120b-mxfp4-b200-tp1-c64.json");
  s.workload.concurrency = 4096;  // far past the running cap: long queues, but bounded
  s.workload.measured_requests = 4096;
  s.workload.warmup_requests = 0;
  const RunResult r = run_scenario(s, testing::embedded_catalog());
  EXPECT_FALSE(r.unstable);
}

TEST(Stability, UnstablePointsAreOffTheFrontierWithoutAnSlo) {
  const char* sweep = R"({
    "name": "overload",
    "base": "../scenarios/gpt-oss-120b-mxfp4-b200-tp1-c64.json",
    "axes": [{"field": "workload", "values": [
      {"type": "poisson", "concurrency": null, "rate_per_s": 4, "measured_requests": 600, "warmup_requests": 50},
      {"type": "poisson", "concurrency": null, "rate_per_s": 140, "measured_requests": 600, "warmup_requests": 50}]}]
  })";
  const SweepResult r = run_sweep(read_sweep_text(sweep, "overload.json", SERVESIM_SOURCE_DIR "/tests"),
                                  testing::embedded_catalog(), testing::embedded_profiles(), 2,
                                  nullptr);
  ASSERT_EQ(r.outcomes.size(), 2u);
  ASSERT_TRUE(r.outcomes[0].ran && r.outcomes[1].ran);
  EXPECT_FALSE(r.outcomes[0].result.unstable);
  EXPECT_TRUE(r.outcomes[1].result.unstable);
  // The overloaded point has the higher throughput per GPU, yet only the stable one is on it.
  EXPECT_GT(r.outcomes[1].result.total_tok_s_per_gpu, r.outcomes[0].result.total_tok_s_per_gpu);
  ASSERT_EQ(r.groups.size(), 1u);
  ASSERT_EQ(r.groups[0].frontier.size(), 1u);
  EXPECT_EQ(r.groups[0].frontier[0], 0u);
}

}  // namespace
}  // namespace servesim
