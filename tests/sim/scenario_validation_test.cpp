// Cross-field validation of scenarios: precision support, parallelism, memory fit.
#include "sim/scenario/scenario_validation.hpp"

#include <gtest/gtest.h>

#include "sim/scenario/catalog_loader.hpp"
#include "sim/core/error.hpp"

namespace servesim {
namespace {

class ScenarioValidation : public ::testing::Test {
 protected:
  Catalog catalog = load_catalog(SERVESIM_SOURCE_DIR "/scenarios/catalog");
  Scenario deepseek() {
    Scenario s;
    s.source_label = "s.json";
    s.model = "DeepSeek-R1";
    s.gpu = "B200";
    s.precision = Precision::kNvfp4;
    s.parallelism.tp = 8;
    s.parallelism.ep = 8;
    s.workload.input.kind = LengthDistribution::Kind::kFixed;
    s.workload.input.mean = 1024;
    s.workload.output = s.workload.input;
    return s;
  }
  std::string error_of(const Scenario& s) {
    try {
      validate(s, catalog);
    } catch (const InputError& e) {
      return e.what();
    }
    return "";
  }
};

TEST_F(ScenarioValidation, Nvfp4OnHopperIsRejected) {
  Scenario s = deepseek();
  s.gpu = "H100";
  EXPECT_EQ(error_of(s),
            "s.json: precision: nvfp4 weights need nvfp4 support, which H100-SXM lacks (it runs: "
            "bf16, fp8, mxfp4)");
}

TEST_F(ScenarioValidation, ParallelismMustDivide) {
  Scenario s = deepseek();
  s.parallelism.tp = 6;
  s.parallelism.ep = 6;
  EXPECT_EQ(error_of(s), "s.json: parallelism.tp: 6 does not divide num_attention_heads=128");
  s = deepseek();
  s.parallelism.ep = 3;
  EXPECT_EQ(error_of(s), "s.json: parallelism.ep: 3 does not divide tp=8");
  s = deepseek();
  s.model = "Llama-3.3-70B";
  s.precision = Precision::kFp8;
  EXPECT_EQ(error_of(s), "s.json: parallelism.ep: Llama-3.3-70B is a dense model: ep must be 1");
}

TEST_F(ScenarioValidation, InstanceSpansWholeScaleUpDomains) {
  Scenario s = deepseek();
  s.parallelism.tp = s.parallelism.ep = 16;
  s.parallelism.dp_attention = true;
  EXPECT_EQ(error_of(s), "");  // two 8-GPU B200 nodes joined by the scale-out network
  s.model = "gpt-oss-120b";
  s.precision = Precision::kMxfp4;
  s.parallelism.tp = 12;
  s.parallelism.ep = 4;
  EXPECT_EQ(error_of(s),
            "s.json: parallelism.tp: 12 GPUs do not fill whole 8-GPU scale-up domains of B200; "
            "an instance spans part of one domain or a whole number of them");
  s.gpu = "GB200";  // NVL72: 12 GPUs fit inside the one 72-GPU NVLink domain
  EXPECT_EQ(error_of(s), "");
}

TEST_F(ScenarioValidation, OverLargeConfigurationSaysByHowMuch) {
  Scenario s = deepseek();
  s.gpu = "H100";
  s.precision = Precision::kFp8;
  // DeepSeek-R1 fp8 over 8 x 80 GB: ~84 GB of weights per GPU against 72 GB usable.
  const std::string e = error_of(s);
  EXPECT_NE(e.find("s.json: parallelism: DeepSeek-R1 fp8 on 8 x H100-SXM does not fit: per GPU "
                   "it needs "),
            std::string::npos)
      << e;
  EXPECT_NE(e.find("but has 77.3 GB (90% of 85.9 GB); short by"), std::string::npos) << e;
}

TEST_F(ScenarioValidation, MtpNeedsAnMtpModule) {
  Scenario s = deepseek();
  s.mtp_draft_tokens = 3;
  const ValidScenario b = validate(s, catalog);
  // Published 1.92 / 2.58 / 2.82 mean lengths for 1..3 drafts give 2.82 tokens per step.
  EXPECT_NEAR(b.acceptance.expected_tokens_per_step(), 2.82, 1e-12);
  s.model = "Llama-3.3-70B";
  s.precision = Precision::kFp8;
  s.parallelism.ep = 1;
  EXPECT_EQ(error_of(s), "s.json: mtp_draft_tokens: Llama-3.3-70B has no MTP module");
}

}  // namespace
}  // namespace servesim
