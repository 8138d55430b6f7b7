// RooflineStepModel's pure-decode shortcut (the step time as an affine function of the decode
// context, per batch shape) against the full evaluation, on the shipped scenarios' instances:
// dense and MoE, MLA and GQA, MTP, attention-DP, sliding windows (which take the full path),
// with the roofline and with the measured kernel curves.
#include <gtest/gtest.h>

#include "hw/roofline_step_model.hpp"
#include "sim/scenario/framework_profile.hpp"
#include "sim/scenario/profile_resolution.hpp"
#include "sim/scenario/scenario_reader.hpp"
#include "sim/scenario/scenario_validation.hpp"
#include "tests/support/test_catalog.hpp"

namespace servesim {
namespace {

class DecodeLine : public ::testing::TestWithParam<const char*> {};

TEST_P(DecodeLine, EqualsTheFullEvaluation) {
  Scenario s = read_scenario_file(std::string(SERVESIM_SOURCE_DIR "/scenarios/") + GetParam());
  apply_framework_profile(load_framework_profiles(""), testing::source_catalog(), s);
  const ValidScenario v = validate(s, testing::source_catalog());
  for (bool kernel_curves : {false, true}) {
    const RooflineStepModel model(v.spec, kernel_curves);
    for (double n : {1.0, 7.0, 64.0, 255.0, 1024.0}) {
      for (double q : {1.0, 2.0, 4.0}) {
        for (double per_seq : {1.0, 100.0, 921.5, 5000.0, 40000.0}) {
          BatchFeatures b;
          b.decode_seqs = n;
          b.tokens_per_decode_seq = q;
          b.draft_passes = q - 1;
          b.decode_context_sum = n * per_seq;
          const double full = model.breakdown(b).total_s;
          // Twice: the first fills the shape's line, the second reads it.
          EXPECT_NEAR(model.step_time_s(b), full, 1e-12 * full);
          EXPECT_NEAR(model.step_time_s(b), full, 1e-12 * full)
              << GetParam() << " n " << n << " q " << q << " context/seq " << per_seq
              << (kernel_curves ? " kernel curves" : " roofline");
        }
      }
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Shipped, DecodeLine,
                         ::testing::Values("llama-3.3-70b-fp8-h100-tp8.json",
                                           "deepseek-r1-fp8-h200-dep8-c256.json",
                                           "deepseek-r1-nvfp4-b200-dep8-mtp3-c256.json",
                                           "deepseek-r1-nvfp4-b200-tp8-c4.json",
                                           "gpt-oss-120b-mxfp4-b200-tp1-c64.json"));

}  // namespace
}  // namespace servesim

namespace servesim {
namespace {

// A prefill-only DEP8 worker: one prompt sits whole on one attention rank (8x the even share of
// its attention), eight equal prompts fill the eight ranks (no change); aggregated instances
// keep the even split.
TEST(PrefillOnlyWorker, PromptsSitWholeOnTheirAttentionRanks) {
  Scenario s = read_scenario_file(SERVESIM_SOURCE_DIR "/scenarios/deepseek-r1-fp8-h200-dep8-c256.json");
  apply_framework_profile(load_framework_profiles(""), testing::source_catalog(), s);
  const ValidScenario v = validate(s, testing::source_catalog());
  ASSERT_EQ(v.spec.parallelism.attention_dp(), 8);
  InstanceSpec prefill = v.spec;
  prefill.prefill_only = true;
  const RooflineStepModel even(v.spec), whole(prefill);
  auto batch = [](double prompts) {
    BatchFeatures b;
    b.prefill_seqs = prompts;
    b.prefill_tokens = 1024 * prompts;
    b.prefill_context_sum = 1024 * prompts;
    b.prefill_attention_pairs = prompts * 1024 * 1025 / 2.0;
    return b;
  };
  const double one_even = even.breakdown(batch(1))[StepPart::kAttentionPrefill].time_s;
  const double one_whole = whole.breakdown(batch(1))[StepPart::kAttentionPrefill].time_s;
  EXPECT_NEAR(one_whole, 8 * one_even, 1e-9 * one_whole);
  EXPECT_GT(whole.step_time_s(batch(1)), even.step_time_s(batch(1)));
  EXPECT_DOUBLE_EQ(whole.step_time_s(batch(8)), even.step_time_s(batch(8)));
  // Nine prompts: the busiest rank has two, 16/9 of the even share.
  const double nine_even = even.breakdown(batch(9))[StepPart::kAttentionPrefill].time_s;
  const double nine_whole = whole.breakdown(batch(9))[StepPart::kAttentionPrefill].time_s;
  EXPECT_NEAR(nine_whole, 16.0 / 9.0 * nine_even, 1e-9 * nine_whole);
}

}  // namespace
}  // namespace servesim
