// Goodput: requests within the scenario's TTFT/TPOT objectives, per second and per GPU.
#include <gtest/gtest.h>

#include "sim/scenario/catalog_loader.hpp"
#include "sim/run/run_scenario.hpp"
#include "sim/scenario/scenario_reader.hpp"

namespace servesim {
namespace {

Scenario base() {
  return read_scenario_file(SERVESIM_SOURCE_DIR "/scenarios/llama-3.3-70b-fp8-h100-tp8.json");
}

TEST(Goodput, WithoutObjectivesEveryRequestCounts) {
  const Catalog c = load_catalog("");
  const RunResult r = run_scenario(base(), c);
  EXPECT_DOUBLE_EQ(r.slo_attainment, 1.0);
  EXPECT_DOUBLE_EQ(r.goodput_requests_per_s, r.request_throughput_per_s);
  EXPECT_NEAR(r.goodput_output_tok_s_per_gpu, r.output_tok_s_per_gpu, 1e-9);
}

TEST(Goodput, ObjectivesAtTheMedianKeepAboutHalf) {
  const Catalog c = load_catalog("");
  const RunResult all = run_scenario(base(), c);
  Scenario s = base();
  // Same seed, same run: only the accounting changes. A TPOT limit at the median keeps the
  // requests at or below it, about half; a generous TTFT limit removes none of them.
  s.slo_tpot_ms = all.tpot_ms.p50;
  s.slo_ttft_s = 1e3;
  const RunResult r = run_scenario(s, c);
  EXPECT_EQ(r.event_fingerprint, all.event_fingerprint);
  EXPECT_GT(r.slo_attainment, 0.4);
  EXPECT_LT(r.slo_attainment, 0.6);
  EXPECT_NEAR(r.goodput_requests_per_s, r.slo_attainment * r.request_throughput_per_s, 1e-9);
  // A TTFT limit below every request's TTFT leaves no goodput.
  s.slo_ttft_s = all.ttft_s.min / 2;
  EXPECT_DOUBLE_EQ(run_scenario(s, c).goodput_requests_per_s, 0.0);
}

}  // namespace
}  // namespace servesim
