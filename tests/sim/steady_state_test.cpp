// Closed-loop start: the benchmark_serving convention (warm-up drains, then every client sends
// at once: the burst is part of the TTFT InferenceX reports) against a steady state in which
// clients go straight on from warm-up to measured requests.
#include <gtest/gtest.h>

#include "sim/run/run_scenario.hpp"
#include "sim/scenario/scenario_reader.hpp"
#include "tests/sim/sweep_test_fixtures.hpp"

namespace servesim {
namespace {

Scenario clients(bool drain) {
  Scenario s = read_scenario_file(SERVESIM_SOURCE_DIR "/scenarios/gpt-oss-120b-mxfp4-b200-tp1-c64.json");
  s.workload.concurrency = 256;
  s.workload.measured_requests = 2560;
  s.workload.warmup_requests = 512;
  s.workload.drain_warmup = drain;
  return s;
}

TEST(SteadyState, TheBurstRaisesTtftAndBothConserveEveryRequest) {
  const RunResult burst = run_scenario(clients(true), testing::embedded_catalog());
  const RunResult steady = run_scenario(clients(false), testing::embedded_catalog());
  for (const RunResult* r : {&burst, &steady}) {
    EXPECT_EQ(r->requests_completed, r->requests_issued);
    EXPECT_EQ(r->requests_measured, 2560u);
  }
  // 256 prompts arriving together queue behind each other; desynchronised clients do not.
  EXPECT_GT(burst.ttft_s.p99, 1.5 * steady.ttft_s.p99);
  // The decode rate hardly depends on how the phase started.
  EXPECT_NEAR(steady.tok_s_per_user_median / burst.tok_s_per_user_median, 1.0, 0.1);
}

TEST(SteadyState, WarmupSmallerThanTheClientsStillStartsEveryClient) {
  Scenario s = clients(false);
  s.workload.warmup_requests = 16;  // fewer than the 256 clients
  const RunResult r = run_scenario(s, testing::embedded_catalog());
  EXPECT_EQ(r.requests_issued, 2560u + 16u);
  EXPECT_EQ(r.requests_completed, r.requests_issued);
  // Little's law: about 256 requests in the system on average while the clients run.
  EXPECT_GT(r.mean_requests_in_system, 200);
}

}  // namespace
}  // namespace servesim
