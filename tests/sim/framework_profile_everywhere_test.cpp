// A framework name means the same engine settings in `run`, `explain`, `sweep` and `validate`:
// the profile fills what the scenario does not set, and what it sets wins.
#include <gtest/gtest.h>

#include "sim/core/error.hpp"
#include "sim/scenario/framework_profile.hpp"
#include "sim/scenario/profile_resolution.hpp"
#include "sim/scenario/scenario_reader.hpp"
#include "sim/scenario/scenario_validation.hpp"
#include "sim/validate/row_scenario.hpp"
#include "tests/support/test_catalog.hpp"

namespace servesim {
namespace {

using testing::source_catalog;

const FrameworkProfiles& profiles() {
  static const FrameworkProfiles p = load_framework_profiles(SERVESIM_SOURCE_DIR "/scenarios/catalog");
  return p;
}

/// DeepSeek-R1 nvfp4 DEP8 on B200, 1k/1k, `clients` clients, with `extra` top-level JSON.
Scenario deepseek(const std::string& framework, int clients, const std::string& extra = "") {
  std::string text = R"({"model": "DeepSeek-R1", "gpu": "B200", "precision": "nvfp4", )";
  if (!framework.empty()) text.append(R"("framework": ")").append(framework).append(R"(", )");
  text.append(extra);
  text.append(R"("parallelism": {"tp": 8, "ep": 8, "dp_attention": true}, )");
  text.append(R"("workload": {"type": "closed_loop", "concurrency": )");
  text.append(std::to_string(clients));
  text.append(R"(, "input": {"tokens": 1024}, "output": {"tokens": 1024}}})");
  return read_scenario_text(text, "ds.json");
}

MeasuredRow row_like(const std::string& framework, int clients) {
  MeasuredRow row;
  row.id = "profile-row";
  row.model = "DeepSeek-R1";
  row.hardware = "B200";
  row.precision = "nvfp4";
  row.framework = framework;
  row.parallelism.tp = 8;
  row.parallelism.ep = 8;
  row.parallelism.dp_attention = true;
  row.isl = 1024;
  row.osl = 1024;
  row.concurrency = clients;
  return row;
}

void expect_same_engine(const Scenario& a, const Scenario& b) {
  EXPECT_EQ(a.scheduler.max_running_seqs, b.scheduler.max_running_seqs);
  EXPECT_EQ(a.scheduler.max_batched_tokens, b.scheduler.max_batched_tokens);
  EXPECT_EQ(a.scheduler.chunked_prefill, b.scheduler.chunked_prefill);
  EXPECT_EQ(a.scheduler.mix_prefill_with_decode, b.scheduler.mix_prefill_with_decode);
  EXPECT_EQ(a.scheduler.block_size, b.scheduler.block_size);
  EXPECT_EQ(a.scheduler.output_reserve_init, b.scheduler.output_reserve_init);
  EXPECT_EQ(a.scheduler.output_reserve_min, b.scheduler.output_reserve_min);
  EXPECT_EQ(a.kv_cache_dtype, b.kv_cache_dtype);
  EXPECT_DOUBLE_EQ(a.memory_fraction, b.memory_fraction);
}

TEST(FrameworkProfileEverywhere, ScenarioNamingTrtLlmGetsTheSameEngineAsItsValidateRow) {
  for (int clients : {4, 256, 1024}) {
    Scenario s = deepseek("TRT-LLM", clients);
    apply_framework_profile(profiles(), source_catalog(), s);
    const RowScenario row = row_scenario(row_like("TRT-LLM", clients), source_catalog(), profiles());
    ASSERT_TRUE(row.supported) << row.reason;
    expect_same_engine(s, row.scenario);
    // TensorRT-LLM caps the running set at the offered concurrency (max_batch_size = conc), so
    // 1,024 clients are not held at a default cap of 256.
    EXPECT_EQ(s.scheduler.max_running_seqs, clients);
    EXPECT_FALSE(s.scheduler.chunked_prefill);
    EXPECT_EQ(s.scheduler.output_reserve_init, 1.0);  // GUARANTEED_NO_EVICT
  }
}

TEST(FrameworkProfileEverywhere, AliasesAndSglangAgreeWithValidate) {
  Scenario s = deepseek("sglang", 64);
  apply_framework_profile(profiles(), source_catalog(), s);
  const RowScenario row = row_scenario(row_like("SGLang", 64), source_catalog(), profiles());
  ASSERT_TRUE(row.supported) << row.reason;
  expect_same_engine(s, row.scenario);
  EXPECT_FALSE(s.scheduler.mix_prefill_with_decode);
}

TEST(FrameworkProfileEverywhere, FieldsTheScenarioSetsWin) {
  Scenario s = deepseek("TRT-LLM", 1024,
                        R"("scheduler": {"max_running_seqs": 64, "block_size": 16},
                           "memory_fraction": 0.5, "kv_cache_dtype": "bf16",)");
  apply_framework_profile(profiles(), source_catalog(), s);
  EXPECT_EQ(s.scheduler.max_running_seqs, 64);
  EXPECT_EQ(s.scheduler.block_size, 16);
  EXPECT_DOUBLE_EQ(s.memory_fraction, 0.5);
  EXPECT_EQ(s.kv_cache_dtype, Precision::kBf16);
  // What it did not set comes from the profile.
  EXPECT_FALSE(s.scheduler.chunked_prefill);
  EXPECT_EQ(s.scheduler.output_reserve_init, 1.0);
}

TEST(FrameworkProfileEverywhere, NoFrameworkMeansTheGenericProfile) {
  Scenario s = deepseek("", 64);
  const Scenario before = s;
  apply_framework_profile(profiles(), source_catalog(), s);
  const RowScenario row = row_scenario(row_like("", 64), source_catalog(), profiles());
  ASSERT_TRUE(row.supported) << row.reason;
  expect_same_engine(s, row.scenario);
  // The generic profile is the scheduler's own defaults.
  EXPECT_EQ(s.scheduler.max_running_seqs, before.scheduler.max_running_seqs);
  EXPECT_EQ(s.scheduler.max_batched_tokens, before.scheduler.max_batched_tokens);
  EXPECT_EQ(s.scheduler.block_size, before.scheduler.block_size);
  EXPECT_DOUBLE_EQ(s.memory_fraction, before.memory_fraction);
}

TEST(FrameworkProfileEverywhere, UnknownFrameworkNamesTheField) {
  Scenario s = deepseek("NoSuchEngine", 8);
  try {
    apply_framework_profile(profiles(), source_catalog(), s);
    FAIL() << "expected an InputError";
  } catch (const InputError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("ds.json: framework: unknown framework \"NoSuchEngine\""),
              std::string::npos)
        << what;
    EXPECT_NE(what.find("TRT-LLM"), std::string::npos) << what;
  }
}

// A profile's token budget is its engine's default for the GPU type; where the largest step's
// activations would leave no room for even one request's KV (fp8 DeepSeek-R1 on four GB200s
// takes 169 GB of weights per GPU, and the GB200 prefill profile carries the DEP8 recipes'
// 131,072 tokens), it is halved until the scenario fits, and no further.
TEST(FrameworkProfileEverywhere, TokenBudgetHalvedOnlyUntilTheInstanceFits) {
  const std::string text =
      R"({"model": "DeepSeek-R1", "gpu": "GB200", "precision": "fp8", "framework": "Dynamo+SGLang",
          "parallelism": {"tp": 4},
          "pools": {"prefill": {"workers": 1, "parallelism": {"tp": 4}},
                    "decode": {"workers": 1, "parallelism": {"tp": 4}}},
          "workload": {"type": "closed_loop", "concurrency": 4,
                       "input": {"tokens": 1024}, "output": {"tokens": 1024}}})";
  Scenario s = read_scenario_text(text, "tp4.json");
  apply_framework_profile(profiles(), source_catalog(), s);
  const Scenario& prefill = s.pools.at(0).role == PoolRole::kPrefill ? s.pools.at(0).settings
                                                                     : s.pools.at(1).settings;
  const int budget = prefill.scheduler.max_batched_tokens;
  EXPECT_LT(budget, 131072);
  EXPECT_GE(budget, 1024);
  EXPECT_NO_THROW(validate(s, source_catalog()));  // it fits now
  Scenario doubled = prefill;  // and twice the budget would not
  doubled.scheduler.max_batched_tokens = 2 * budget;
  doubled.memory_fraction = 1.0;
  EXPECT_THROW(validate(doubled, source_catalog()), InputError);
  // Where the default fits, it stays: the same profile on DEP8 keeps 131,072.
  Scenario dep8 = read_scenario_text(
      R"({"model": "DeepSeek-R1", "gpu": "GB200", "precision": "fp8", "framework": "Dynamo+SGLang",
          "parallelism": {"tp": 4},
          "pools": {"prefill": {"workers": 1, "parallelism": {"tp": 8, "ep": 8, "dp_attention": true}},
                    "decode": {"workers": 1, "parallelism": {"tp": 8, "ep": 8, "dp_attention": true}}},
          "workload": {"type": "closed_loop", "concurrency": 4,
                       "input": {"tokens": 1024}, "output": {"tokens": 1024}}})",
      "dep8.json");
  apply_framework_profile(profiles(), source_catalog(), dep8);
  for (const auto& pool : dep8.pools) {
    if (pool.role == PoolRole::kPrefill) {
      EXPECT_EQ(pool.settings.scheduler.max_batched_tokens, 131072);
    }
  }
}

}  // namespace
}  // namespace servesim
