// Reading measured rows strictly, and the scenario each row becomes.
#include "sim/validate/validate_rows.hpp"

#include <gtest/gtest.h>

#include "sim/scenario/catalog_loader.hpp"
#include "sim/core/error.hpp"
#include "sim/scenario/framework_profile.hpp"
#include "sim/scenario/scenario_validation.hpp"
#include "sim/validate/row_scenario.hpp"

namespace servesim {
namespace {

const std::string kInputs = SERVESIM_SOURCE_DIR "/tests/inputs/validate/";

std::string error_of(const std::string& text) {
  try {
    read_rows_text(text, "rows.json");
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

/// A minimal valid row with `field` (a JSON fragment "key": value) added or replacing one.
std::string row_with(const std::string& field) {
  return R"([{"model": "DeepSeek-R1", "hardware": "H200", "precision": "fp8", "mode": "aggregated",
             "parallelism": {"tp": 8}, "isl": 1024, "osl": 1024, "concurrency": 4,
             "metrics": {}, )" +
         field + "}]";
}

TEST(ValidateRows, ReadsTheRowFormatAndIgnoresExtraFields) {
  const auto rows = read_rows_file(kInputs + "two_rows.json");
  ASSERT_EQ(rows.size(), 2u);
  const MeasuredRow& a = rows[0];
  EXPECT_EQ(a.id, "0");  // no id: the index
  EXPECT_TRUE(a.id_is_number);
  EXPECT_EQ(a.hardware, "H200-HGX");
  EXPECT_EQ(a.parallelism.tp, 8);
  EXPECT_EQ(a.concurrency, 4);
  EXPECT_EQ(a.metrics.size(), 3u);  // null output_tok_s_per_decode_gpu is absent
  EXPECT_DOUBLE_EQ(a.metrics.at("ttft_s_median"), 0.2);
  EXPECT_EQ(a.month(), "2025-12");
  const MeasuredRow& b = rows[1];
  EXPECT_EQ(b.id, "b");
  EXPECT_FALSE(b.id_is_number);
  EXPECT_TRUE(b.parallelism.dp_attention);
  EXPECT_TRUE(b.quality_ok);  // absent = true
  EXPECT_FALSE(b.mtp);        // spec_decoding absent = none
  EXPECT_EQ(b.configuration(), "B200-HGX TRT-LLM nvfp4 tp4 ep4 dpa 8k/1k c32");
}

TEST(ValidateRows, RejectsWrongTypesAndRangesNamingThePath) {
  EXPECT_EQ(error_of(row_with(R"("num_gpus": 8)")), "");
  EXPECT_EQ(error_of(R"({"rows": []})"),
            "rows.json: (root): expected an array of rows, got an object");
  EXPECT_EQ(error_of(R"([{"model": "DeepSeek-R1", "hardware": "H200", "precision": "fp8",
                          "parallelism": {"tp": 0}, "isl": 1024, "osl": 1024,
                          "concurrency": 4, "metrics": {}}])"),
            "rows.json: [0].parallelism.tp: expected a positive integer, got 0");
  EXPECT_EQ(error_of(R"([{"model": "DeepSeek-R1", "hardware": "H200", "precision": "fp8",
                          "parallelism": {"tp": 8}, "isl": 1024, "osl": 1024,
                          "concurrency": 2.5, "metrics": {}}])"),
            "rows.json: [0].concurrency: expected an integer, got 2.5");
  EXPECT_EQ(error_of(R"([{"model": "DeepSeek-R1", "hardware": "H200", "precision": "fp8",
                          "mode": "prefill-only", "parallelism": {"tp": 8}, "isl": 1024,
                          "osl": 1024, "concurrency": 4, "metrics": {}}])"),
            "rows.json: [0].mode: unknown value \"prefill-only\" (expected one of: aggregated, "
            "disaggregated)");
  EXPECT_EQ(error_of(R"([{"hardware": "H200", "precision": "fp8", "parallelism": {"tp": 8},
                          "isl": 1024, "osl": 1024, "concurrency": 4, "metrics": {}}])"),
            "rows.json: [0].model: missing required field");
  EXPECT_EQ(error_of(row_with(R"("id": 1.5)")),
            "rows.json: [0].id: expected a string or an integer, got 1.5");
}

TEST(ValidateRows, MetricsMustBeNumbersOrNull) {
  EXPECT_EQ(error_of(R"([{"model": "DeepSeek-R1", "hardware": "H200", "precision": "fp8",
                          "parallelism": {"tp": 8}, "isl": 1024, "osl": 1024, "concurrency": 4,
                          "metrics": {"total_tok_s_per_gpu": "fast"}}])"),
            "rows.json: [0].metrics.total_tok_s_per_gpu: expected a number, got \"fast\"");
}

class RowScenarioTest : public ::testing::Test {
 protected:
  Catalog catalog = load_catalog(SERVESIM_SOURCE_DIR "/scenarios/catalog");
  FrameworkProfiles profiles = load_framework_profiles(SERVESIM_SOURCE_DIR "/scenarios/catalog");
  std::vector<MeasuredRow> rows = read_rows_file(kInputs + "two_rows.json");
};

TEST_F(RowScenarioTest, HasTheRowsConcurrencyLengthsAndParallelism) {
  const RowScenario rs = row_scenario(rows[0], catalog, profiles);
  ASSERT_TRUE(rs.supported) << rs.reason;
  const Scenario& s = rs.scenario;
  EXPECT_EQ(s.model, "DeepSeek-R1");  // alias DeepSeek-R1-0528 -> catalog name
  EXPECT_EQ(s.gpu, "H200-SXM");       // alias H200-HGX
  EXPECT_EQ(s.precision, Precision::kFp8);
  EXPECT_EQ(s.parallelism.tp, 8);
  EXPECT_EQ(s.parallelism.ep, 1);
  EXPECT_FALSE(s.parallelism.dp_attention);
  EXPECT_EQ(s.replicas, 1);
  const WorkloadSpec& w = s.workload;
  EXPECT_EQ(w.type, "closed_loop");
  EXPECT_EQ(w.concurrency, 4);
  EXPECT_EQ(w.warmup_requests, 8);     // 2 x concurrency
  EXPECT_EQ(w.measured_requests, 40);  // 10 x concurrency
  EXPECT_EQ(w.input.kind, LengthDistribution::Kind::kUniform);
  EXPECT_EQ(w.input.mean, 1024);
  EXPECT_DOUBLE_EQ(w.input.min_ratio, 0.8);  // [819, 1024]
  EXPECT_EQ(w.output.mean, 1024);
  EXPECT_DOUBLE_EQ(w.output.min_ratio, 0.8);
  // SGLang profile: knob entry "SGLang", 32768-token chunks, running cap at least the concurrency.
  EXPECT_EQ(s.framework, "SGLang");
  EXPECT_EQ(rs.profile, "SGLang");
  EXPECT_EQ(s.scheduler.max_batched_tokens, 32768);
  EXPECT_TRUE(s.scheduler.chunked_prefill);
  EXPECT_EQ(s.scheduler.max_running_seqs, 256);  // max(256, 4)
  EXPECT_EQ(s.kv_cache_dtype, Precision::kBf16);           // SGLang auto on H200
  EXPECT_EQ(s.mtp_draft_tokens, 0);
}

TEST_F(RowScenarioTest, TrtLlmBudgetFitsPromptAndBatchPerAttentionRank) {
  MeasuredRow row = rows[1];  // TRT-LLM, tp4 ep4 DP attention, isl 8192, concurrency 32
  row.mtp = true;
  const RowScenario rs = row_scenario(row, catalog, profiles);
  ASSERT_TRUE(rs.supported) << rs.reason;
  const Scenario& s = rs.scenario;
  EXPECT_EQ(s.parallelism.tp, 4);
  EXPECT_EQ(s.parallelism.ep, 4);
  EXPECT_TRUE(s.parallelism.dp_attention);
  EXPECT_EQ(s.mtp_draft_tokens, 1);             // TRT-LLM recipes: MTP 1 with DP attention
  EXPECT_EQ(s.scheduler.max_running_seqs, 32);  // max_batch_size = concurrency
  EXPECT_FALSE(s.scheduler.chunked_prefill);
  // Per rank: 32 / 4 = 8 sequences; (1 + 1) x 8 + 8192 + 64 = 8272 -> round up to 64: 8320
  // (above the 8192 floor); four ranks: 33280.
  EXPECT_EQ(s.scheduler.max_batched_tokens, 4 * 8320);
  EXPECT_EQ(s.scheduler.block_size, 32);
  EXPECT_EQ(s.kv_cache_dtype, Precision::kFp8);
}

TEST_F(RowScenarioTest, MemoryFractionFollowsTheEnginesDefinition) {
  // SGLang: weights + KV = 0.82 x HBM, activations on top -> share = 0.82 + activations / HBM.
  const RowScenario sg = row_scenario(rows[0], catalog, profiles);
  Scenario probe = sg.scenario;
  probe.memory_fraction = 1.0;
  const MemoryBudget m = validate(probe, catalog).memory;
  EXPECT_NEAR(sg.scenario.memory_fraction, 0.82 + m.activation_bytes / m.hbm_bytes, 1e-12);

  // TRT-LLM: KV = 0.8 x (HBM - weights - activations).
  const RowScenario trt = row_scenario(rows[1], catalog, profiles);
  probe = trt.scenario;
  probe.memory_fraction = 1.0;
  const MemoryBudget t = validate(probe, catalog).memory;
  const double fixed = t.weight_bytes + t.activation_bytes;
  EXPECT_NEAR(trt.scenario.memory_fraction, (fixed + 0.8 * (t.hbm_bytes - fixed)) / t.hbm_bytes,
              1e-12);
}

TEST_F(RowScenarioTest, UnknownGpuIsUnsupportedWithItsReason) {
  MeasuredRow row = rows[0];
  row.hardware = "X999";
  const RowScenario rs = row_scenario(row, catalog, profiles);
  EXPECT_FALSE(rs.supported);
  EXPECT_EQ(rs.reason, "unknown hardware \"X999\"");
  row = rows[0];
  row.model = "GPT-5";
  EXPECT_EQ(row_scenario(row, catalog, profiles).reason, "unknown model \"GPT-5\"");
}

TEST_F(RowScenarioTest, InstanceThatDoesNotFitIsUnsupportedWithoutTheLabel) {
  MeasuredRow row = rows[0];
  row.parallelism.tp = 2;  // 671B fp8 weights on two H200s
  row.num_gpus = 2;
  const RowScenario rs = row_scenario(row, catalog, profiles);
  EXPECT_FALSE(rs.supported);
  EXPECT_EQ(rs.reason.rfind("parallelism: DeepSeek-R1 fp8 on 2 x H200-SXM does not fit", 0), 0u)
      << rs.reason;
}

TEST_F(RowScenarioTest, InvalidParallelismIsUnsupportedWithBuildInstancesReason) {
  MeasuredRow row = rows[0];
  row.parallelism.tp = 6;
  row.num_gpus = 6;
  const RowScenario rs = row_scenario(row, catalog, profiles);
  EXPECT_FALSE(rs.supported);
  EXPECT_EQ(rs.reason, "parallelism.tp: 6 does not divide num_attention_heads=128");
}

TEST_F(RowScenarioTest, DisaggregatedRowsBecomePrefillAndDecodePools) {
  MeasuredRow row = rows[0];
  row.disaggregated = true;
  // GB200 style: attention-DP workers recorded as tp 1 with the pool's true GPU count.
  row.prefill.workers = 2;
  row.prefill.parallelism = Parallelism{1, 1, true};
  row.prefill.gpus = 16;
  row.decode.workers = 1;
  row.decode.parallelism = Parallelism{8, 8, false};
  row.decode.gpus = 8;
  const RowScenario rs = row_scenario(row, catalog, profiles);
  ASSERT_TRUE(rs.supported) << rs.reason;
  ASSERT_EQ(rs.scenario.pools.size(), 2u);
  const PoolConfig& prefill = rs.scenario.pools[0];
  EXPECT_EQ(prefill.role, PoolRole::kPrefill);
  EXPECT_EQ(prefill.workers, 2);
  EXPECT_EQ(prefill.settings.parallelism.tp, 8);  // 16 GPUs / 2 workers
  EXPECT_EQ(prefill.settings.parallelism.ep, 8);
  EXPECT_TRUE(prefill.settings.parallelism.dp_attention);
  const PoolConfig& decode = rs.scenario.pools[1];
  EXPECT_EQ(decode.role, PoolRole::kDecode);
  EXPECT_EQ(decode.settings.parallelism.tp, 8);
  EXPECT_FALSE(decode.settings.parallelism.dp_attention);
  // Legacy rows without a recorded split are reported, not guessed.
  row.decode.workers = 0;
  EXPECT_EQ(row_scenario(row, catalog, profiles).reason,
            "legacy row: the prefill/decode worker split was not recorded (workers: 0)");
}

TEST_F(RowScenarioTest, SeveralInstancesPerRowAreUnsupported) {
  MeasuredRow row = rows[0];
  row.num_gpus = 16;  // two tp8 instances
  EXPECT_EQ(row_scenario(row, catalog, profiles).reason,
            "num_gpus 16 is not the instance's 8 GPUs: several aggregated instances per row are "
            "not simulated");
}

TEST_F(RowScenarioTest, UnknownFrameworkUsesTheGenericProfileWithANote) {
  MeasuredRow row = rows[0];
  row.framework = "MyEngine";
  const RowScenario rs = row_scenario(row, catalog, profiles);
  ASSERT_TRUE(rs.supported);
  EXPECT_EQ(rs.profile, "generic");
  EXPECT_EQ(rs.scenario.framework, "");  // generic knobs
  ASSERT_EQ(rs.notes.size(), 1u);
  EXPECT_EQ(rs.notes[0], "framework \"MyEngine\" has no profile; the generic one was used");
}

}  // namespace
}  // namespace servesim
