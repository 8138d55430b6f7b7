// Strict scenario reading: defaults, every field, and exact messages naming the JSON path.
// (Whole-file bad inputs run through the CLI in cli_test.cpp.)
#include "sim/scenario/scenario_reader.hpp"

#include <gtest/gtest.h>

#include <set>

#include "sim/core/error.hpp"
#include "sim/scenario/scenario_json.hpp"

namespace servesim {
namespace {

const char* kMinimal = R"({"model": "Llama-3.1-8B", "gpu": "H100", "parallelism": {},
  "workload": {"concurrency": 8, "input": {"tokens": 100}, "output": {"tokens": 50}}})";

std::string error_of(const std::string& text) {
  try {
    read_scenario_text(text, "s.json");
  } catch (const InputError& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(ScenarioReader, ParallelismMustBeGivenEvenIfEmpty) {
  EXPECT_EQ(error_of(R"({"model": "m", "gpu": "g", "workload": {}})"),
            "s.json: parallelism: missing required field");
}

TEST(ScenarioReader, MinimalScenarioGetsDocumentedDefaults) {
  const Scenario s = read_scenario_text(kMinimal, "s.json");
  EXPECT_EQ(s.model, "Llama-3.1-8B");
  EXPECT_EQ(s.precision, Precision::kFp8);
  EXPECT_EQ(s.parallelism.tp, 1);
  EXPECT_EQ(s.scheduler.max_running_seqs, 256);
  EXPECT_EQ(s.scheduler.max_batched_tokens, 8192);
  EXPECT_DOUBLE_EQ(s.memory_fraction, 0.9);
  EXPECT_EQ(s.workload.type, "closed_loop");
  // Requests default to 10 x concurrency, warm-up to 2 x concurrency.
  EXPECT_EQ(s.workload.measured_requests, 80);
  EXPECT_EQ(s.workload.warmup_requests, 16);
  EXPECT_EQ(s.workload.input.kind, LengthDistribution::Kind::kUniform);
  EXPECT_DOUBLE_EQ(s.workload.input.min_ratio, 0.8);
  EXPECT_EQ(s.seed, 1u);
}

TEST(ScenarioReader, ReadsTheShippedDefaultScenario) {
  const Scenario s = read_scenario_file(SERVESIM_SOURCE_DIR "/scenarios/default.json");
  EXPECT_EQ(s.model, "Llama-3.3-70B");
  EXPECT_EQ(s.parallelism.tp, 8);
  EXPECT_EQ(s.workload.concurrency, 64);
  EXPECT_EQ(s.workload.measured_requests, 640);
  EXPECT_EQ(s.workload.warmup_requests, 128);
}

TEST(ScenarioReader, ToJsonRoundTrips) {
  Scenario s = read_scenario_file(SERVESIM_SOURCE_DIR "/scenarios/default.json");
  s.knob_overrides["hbm_bw_efficiency"] = 0.7;
  const Json j = scenario_to_json(s);
  const Scenario back = read_scenario_json(j, "round-trip", "");
  EXPECT_EQ(scenario_to_json(back), j);
}

TEST(ScenarioReader, PoissonAndLengthDistributions) {
  const Scenario s =
      read_scenario_text(R"({"model": "m", "gpu": "g", "parallelism": {}, "workload": {
      "type": "poisson", "rate_per_s": 2.5, "measured_requests": 100,
      "input": {"distribution": "lognormal", "tokens": 1000, "sigma": 0.7},
      "output": {"distribution": "empirical", "values": [10, 20, 30]}}})",
                         "s.json");
  EXPECT_EQ(s.workload.type, "poisson");
  EXPECT_DOUBLE_EQ(s.workload.rate_per_s, 2.5);
  EXPECT_EQ(s.workload.warmup_requests, 0);
  EXPECT_EQ(s.workload.input.kind, LengthDistribution::Kind::kLognormal);
  EXPECT_EQ(s.workload.input.max, 4000);  // default max_tokens = 4 x tokens
  EXPECT_EQ(s.workload.output.values, (std::vector<int>{10, 20, 30}));
}

TEST(ScenarioReader, MessagesNameTheJsonPath) {
  auto with = [](const std::string& workload_extra) {
    return std::string(
               R"({"model": "m", "gpu": "g", "parallelism": {}, "workload": {"concurrency": 8, )") +
           workload_extra + R"("input": {"tokens": 100}, "output": {"tokens": 50}}})";
  };
  EXPECT_EQ(error_of(with(R"("measured_requests": 2.7, )")),
            "s.json: workload.measured_requests: expected an integer, got 2.7");
  EXPECT_EQ(error_of(with(R"("warmup_requests": -3, )")),
            "s.json: workload.warmup_requests: expected an integer >= 0, got -3");
  EXPECT_EQ(error_of(with(R"("clients": 4, )")), "s.json: workload.clients: unknown field");
  EXPECT_EQ(error_of(R"({"model": "m", "gpu": "g", "parallelism": {}, "workload": {"concurrency": 8,
      "input": {"tokens": 100, "min_ratio": 0}, "output": {"tokens": 50}}})"),
            "s.json: workload.input.min_ratio: expected a fraction in (0, 1], got 0");
  EXPECT_EQ(error_of(R"({"model": "m", "gpu": "g", "parallelism": {"tp": 0},
      "workload": {"concurrency": 8, "input": {"tokens": 1}, "output": {"tokens": 1}}})"),
            "s.json: parallelism.tp: expected a positive integer, got 0");
  EXPECT_EQ(error_of(R"({"model": "m", "gpu": "g", "parallelism": {}, "workload": {"concurrency": 8,
      "input": {"distribution": "empirical", "values": [10, 0]}, "output": {"tokens": 1}}})"),
            "s.json: workload.input.values[1]: expected a positive integer, got 0");
  EXPECT_EQ(error_of(R"({"model": 7, "gpu": "g"})"), "s.json: model: expected a string, got 7");
}

TEST(ScenarioReader, RecordsTheFieldsTheFileGave) {
  const Scenario s = read_scenario_text(R"({"model": "m", "gpu": "g", "parallelism": {"tp": 2},
      "scheduler": {"block_size": 32}, "knobs": {"hbm_bw_efficiency": 0.8},
      "workload": {"concurrency": 8, "input": {"tokens": 100}, "output": {"tokens": 50}}})",
                                        "s.json");
  const std::set<std::string> expected = {
      "model", "gpu", "parallelism.tp", "scheduler.block_size", "knobs.hbm_bw_efficiency",
      "workload.concurrency", "workload.input.tokens", "workload.output.tokens"};
  EXPECT_EQ(s.given, expected);
  EXPECT_EQ(s.scheduler.block_size, 32);
  EXPECT_EQ(s.scheduler.max_batched_tokens, 8192);  // default, not in `given`
}

TEST(ScenarioReader, TopLevelReplicasRouterMemoryFractionAndEnums) {
  const Scenario s = read_scenario_text(R"({"model": "m", "gpu": "g", "parallelism": {},
      "replicas": 3, "router": "round_robin", "memory_fraction": 0.75, "precision": "nvfp4",
      "kv_cache_dtype": "bf16",
      "workload": {"type": "poisson", "rate_per_s": 1, "measured_requests": 9,
                   "input": {"tokens": 100}, "output": {"tokens": 50}}})",
                                        "s.json");
  EXPECT_EQ(s.replicas, 3);
  EXPECT_EQ(s.router, "round_robin");
  EXPECT_DOUBLE_EQ(s.memory_fraction, 0.75);
  EXPECT_EQ(s.precision, Precision::kNvfp4);
  EXPECT_EQ(s.kv_cache_dtype, Precision::kBf16);
  EXPECT_EQ(s.workload.measured_requests, 9);
}

TEST(ScenarioReader, RenamedKeysNameTheirNewPlace) {
  auto scenario = [](const std::string& parallelism, const std::string& scheduler,
                     const std::string& workload_extra) {
    return R"({"model": "m", "gpu": "g", "parallelism": {)" + parallelism +
           R"(}, "scheduler": {)" + scheduler + R"(}, "workload": {"concurrency": 8, )" +
           workload_extra + R"("input": {"tokens": 100}, "output": {"tokens": 50}}})";
  };
  EXPECT_EQ(error_of(scenario(R"("replicas": 2)", "", "")),
            "s.json: parallelism.replicas: renamed: use \"replicas\" at the top level");
  EXPECT_EQ(error_of(scenario(R"("router": "round_robin")", "", "")),
            "s.json: parallelism.router: renamed: use \"router\" at the top level");
  EXPECT_EQ(error_of(scenario("", R"("memory_fraction": 0.8)", "")),
            "s.json: scheduler.memory_fraction: renamed: use \"memory_fraction\" at the top level");
  EXPECT_EQ(error_of(scenario("", "", R"("requests": 80, )")),
            "s.json: workload.requests: renamed: use \"workload.measured_requests\"");
}

TEST(ScenarioReader, AFieldOfTheOtherWorkloadTypeSaysWhenItApplies) {
  EXPECT_EQ(error_of(R"({"model": "m", "gpu": "g", "parallelism": {}, "workload": {
      "type": "poisson", "rate_per_s": 1, "measured_requests": 9, "concurrency": 4,
      "input": {"tokens": 100}, "output": {"tokens": 50}}})"),
            "s.json: workload.concurrency: only allowed when type = \"closed_loop\"");
  EXPECT_EQ(error_of(R"({"model": "m", "gpu": "g", "parallelism": {}, "workload": {
      "type": "poisson", "rate_per_s": 1, "input": {"tokens": 100}, "output": {"tokens": 50}}})"),
            "s.json: workload.measured_requests: missing required field");
  EXPECT_EQ(error_of(R"({"model": "m", "gpu": "g", "parallelism": {}, "workload": {
      "concurrency": 4, "input": {"tokens": 100, "sigma": 0.5}, "output": {"tokens": 50}}})"),
            "s.json: workload.input.sigma: only allowed when distribution = \"lognormal\"");
}

TEST(ScenarioReader, MalformedJsonGivesLineAndColumn) {
  // The stray ']' is on line 2, column 13.
  EXPECT_EQ(error_of("{\"model\": \"m\",\n  \"gpu\": \"g\"]}"),
            "s.json: malformed JSON at line 2 column 13: syntax error while parsing object - "
            "unexpected ']'; expected '}'");
}

}  // namespace
}  // namespace servesim
