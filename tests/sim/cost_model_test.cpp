// Cost per million tokens and tokens per megawatt, derived by hand.
#include "sim/sweep/cost_model.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "sim/sweep/sweep_runner.hpp"
#include "tests/sim/sweep_test_fixtures.hpp"

namespace servesim {
namespace {

TEST(CostModel, OnePointByHand) {
  GpuSpec gpu;
  gpu.cost_usd_per_gpu_hour = 2.0;
  gpu.all_in_power_w = 2000;
  RunResult r;
  r.output_tok_s_per_gpu = 1000;
  r.total_tok_s_per_gpu = 2500;
  const PointEconomics e = point_economics(gpu, r);
  // One GPU-hour costs $2 and produces 1000 tok/s x 3600 s = 3.6e6 output tokens:
  // $2 / 3.6 Mtok = $0.5556 per million output tokens.
  EXPECT_NEAR(e.cost_usd_per_million_output_tokens, 2.0 / 3.6, 1e-12);
  // Total tokens: 2500 x 3600 = 9e6 per GPU-hour -> $2 / 9 = $0.2222 per million.
  EXPECT_NEAR(e.cost_usd_per_million_total_tokens, 2.0 / 9.0, 1e-12);
  // One megawatt feeds 1e6 W / 2000 W = 500 GPUs: 500 x 2500 = 1.25e6 tok/s, 500 x 1000 = 5e5.
  EXPECT_DOUBLE_EQ(e.total_tok_s_per_mw, 1.25e6);
  EXPECT_DOUBLE_EQ(e.output_tok_s_per_mw, 5e5);
  EXPECT_DOUBLE_EQ(e.cost_usd_per_gpu_hour, 2.0);
  EXPECT_DOUBLE_EQ(e.all_in_power_w_per_gpu, 2000);
}

TEST(CostModel, NoThroughputHasNoCost) {
  GpuSpec gpu;
  gpu.cost_usd_per_gpu_hour = 2.0;
  gpu.all_in_power_w = 0;  // unknown power
  RunResult r;
  const PointEconomics e = point_economics(gpu, r);
  EXPECT_TRUE(std::isnan(e.cost_usd_per_million_output_tokens));
  EXPECT_TRUE(std::isnan(e.total_tok_s_per_mw));
}

TEST(CostModel, SweepPointsUseTheCatalogPriceOfTheirGpu) {
  const Catalog& catalog = testing::embedded_catalog();
  const SweepResult r =
      run_sweep(read_sweep_text(testing::kTinySweep, "tiny.json", ""), catalog, testing::embedded_profiles(), 2, nullptr);
  for (std::size_t i = 0; i < r.points.size(); ++i) {
    if (!r.outcomes[i].ran) continue;
    const GpuSpec& gpu = *catalog.find_gpu(r.points[i].scenario.gpu);
    const PointOutcome& o = r.outcomes[i];
    // $/M output tokens = $/GPU-h / (output tok/s/GPU x 3600) x 1e6, from the catalog price.
    EXPECT_DOUBLE_EQ(o.economics.cost_usd_per_million_output_tokens,
                     gpu.cost_usd_per_gpu_hour / (o.result.output_tok_s_per_gpu * 3600) * 1e6);
    EXPECT_DOUBLE_EQ(o.economics.total_tok_s_per_mw,
                     o.result.total_tok_s_per_gpu / gpu.all_in_power_w * 1e6);
  }
}

}  // namespace
}  // namespace servesim
