// Whole runs: conservation of requests, Little's law, determinism (also across threads),
// closed-loop concurrency, and completion under KV pressure.
#include "sim/run/run_scenario.hpp"

#include <gtest/gtest.h>

#include <thread>

#include "sim/core/error.hpp"
#include "sim/scenario/scenario_validation.hpp"
#include "sim/run/run_document.hpp"
#include "sim/scenario/scenario_reader.hpp"
#include "tests/support/test_catalog.hpp"

namespace servesim {
namespace {

using testing::source_catalog;

/// Llama-3.1-8B fp8 on one H100: fast to simulate, 16 clients, 1k-ish prompts.
Scenario small_closed_loop() {
  return read_scenario_text(R"({"name": "small", "model": "Llama-3.1-8B", "gpu": "H100-SXM",
    "parallelism": {"tp": 1}, "workload": {"type": "closed_loop", "concurrency": 16, "measured_requests": 200, "warmup_requests": 32,
      "input": {"tokens": 1024}, "output": {"tokens": 256}}, "seed": 5})",
                            "small.json");
}

Scenario small_poisson() {
  return read_scenario_text(R"({"name": "poisson", "model": "Llama-3.1-8B", "gpu": "H100-SXM",
    "parallelism": {"tp": 1}, "workload": {"type": "poisson", "rate_per_s": 8, "measured_requests": 300, "warmup_requests": 20,
      "input": {"distribution": "lognormal", "tokens": 800}, "output": {"tokens": 200}},
    "seed": 5})",
                            "poisson.json");
}

Scenario default_scenario() {
  return read_scenario_file(SERVESIM_SOURCE_DIR "/scenarios/default.json");
}

void expect_conservation(const RunResult& r, const WorkloadSpec& w) {
  // Every request issued completes; issued = warm-up + measured; measured are counted.
  const auto total = static_cast<std::uint64_t>(w.warmup_requests + w.measured_requests);
  EXPECT_EQ(r.requests_issued, total);
  EXPECT_EQ(r.requests_completed, total);
  EXPECT_EQ(r.requests_measured, static_cast<std::uint64_t>(w.measured_requests));
}

void expect_littles_law(const RunResult& r) {
  // L = lambda * W over the measured window: time-average measured requests in the system
  // against measured throughput times mean end-to-end latency, within 2%.
  ASSERT_GT(r.duration_s, 0);
  const double lw = r.request_throughput_per_s * r.mean_latency_s;
  EXPECT_NEAR(r.mean_requests_in_system, lw, 0.02 * lw);
}

TEST(RunScenario, ClosedLoopConservesRequestsAndObeysLittlesLaw) {
  const Scenario s = small_closed_loop();
  const RunResult r = run_scenario(s, source_catalog());
  expect_conservation(r, s.workload);  // 32 + 200 = 232 issued and completed
  expect_littles_law(r);
  // With 16 clients always busy, L is at most 16 and close to it (only the final drain,
  // when clients have no requests left to send, pulls it down).
  EXPECT_LE(r.mean_requests_in_system, 16.0 + 1e-9);
  EXPECT_GT(r.mean_requests_in_system, 14.0);
  EXPECT_EQ(r.gpus, 1);
  EXPECT_GT(r.ttft_s.p50, 0);
  EXPECT_LE(r.ttft_s.p50, r.ttft_s.p99);
  // One event per iteration, plus one per request for the front-end delay when the knobs set
  // one (request_overhead_s > 0): nothing per token.
  const Knobs k = source_catalog().knobs_for(*source_catalog().find_gpu(s.gpu), s.framework);
  EXPECT_EQ(r.events, r.iterations + (k.request_overhead_s > 0 ? r.requests_issued : 0));
}

TEST(RunScenario, PoissonConservesRequestsAndObeysLittlesLaw) {
  const Scenario s = small_poisson();
  const RunResult r = run_scenario(s, source_catalog());
  expect_conservation(r, s.workload);  // 20 + 300
  expect_littles_law(r);
}

TEST(RunScenario, DefaultScenarioConservesRequestsAndObeysLittlesLaw) {
  const Scenario s = default_scenario();
  const RunResult r = run_scenario(s, source_catalog());
  expect_conservation(r, s.workload);  // 128 + 640 = 768
  expect_littles_law(r);
  EXPECT_EQ(r.gpus, 8);
}

TEST(RunScenario, SameSeedSameFingerprintAndResult) {
  const Scenario s = default_scenario();
  const RunResult a = run_scenario(s, source_catalog());
  const RunResult b = run_scenario(s, source_catalog());
  EXPECT_EQ(a.event_fingerprint, b.event_fingerprint);
  EXPECT_EQ(a.events, b.events);
  EXPECT_EQ(run_document_json(s, a), run_document_json(s, b));
  Scenario other = s;
  other.seed = 2;
  const RunResult c = run_scenario(other, source_catalog());
  EXPECT_NE(a.event_fingerprint, c.event_fingerprint);
  EXPECT_NE(result_json(a), result_json(c));
}

TEST(RunScenario, RunsOnManyThreadsGiveTheSameBytesAsOne) {
  // A dense and an MoE scenario (the MoE load table is a process-wide cache).
  std::vector<Scenario> scenarios = {
      default_scenario(),
      read_scenario_file(SERVESIM_SOURCE_DIR "/scenarios/deepseek-r1-fp8-h200-dep8-c256.json")};
  for (const Scenario& s : scenarios) {
    std::vector<std::string> outputs(4);
    std::vector<std::thread> threads;
    for (std::size_t i = 0; i < outputs.size(); ++i) {
      threads.emplace_back(
          [&, i] { outputs[i] = run_document_json(s, run_scenario(s, source_catalog())); });
    }
    for (auto& t : threads) t.join();
    const std::string serial = run_document_json(s, run_scenario(s, source_catalog()));
    for (const auto& o : outputs) EXPECT_EQ(o, serial) << s.name;
  }
}

TEST(RunScenario, KvPressurePreemptsAndStillCompletesEveryRequest) {
  // Llama-70B fp8 TP8 with just enough HBM for weights, activations and 16,000 tokens of KV
  // (20,480 B a token per GPU): far less than 64 clients x ~1.8k tokens, so requests must be
  // preempted as they grow.
  Scenario s = default_scenario();
  const MemoryBudget full = validate(s, source_catalog()).memory;
  s.memory_fraction =
      (full.weight_bytes + full.activation_bytes + 16000 * full.kv_bytes_per_token) /
      full.hbm_bytes;
  ASSERT_LT(s.memory_fraction, 0.9);
  s.workload.measured_requests = 200;
  s.workload.warmup_requests = 0;
  EXPECT_NEAR(validate(s, source_catalog()).memory.kv_capacity_tokens, 16000, 1);
  const RunResult r = run_scenario(s, source_catalog());
  EXPECT_GT(r.preemptions, 0u);
  EXPECT_LE(r.kv_peak_utilisation, 1.0);
  EXPECT_GT(r.kv_peak_utilisation, 0.9);
  expect_conservation(r, s.workload);
  expect_littles_law(r);
}

TEST(RunScenario, ReplicasSplitTheLoad) {
  Scenario one = small_closed_loop();
  Scenario two = one;
  two.replicas = 2;
  two.router = "round_robin";
  const RunResult r1 = run_scenario(one, source_catalog());
  const RunResult r2 = run_scenario(two, source_catalog());
  expect_conservation(r2, two.workload);
  EXPECT_EQ(r2.gpus, 2);
  EXPECT_DOUBLE_EQ(r2.kv_capacity_tokens, 2 * r1.kv_capacity_tokens);
  // Each replica now sees 8 clients instead of 16: smaller batches, faster tokens.
  EXPECT_LT(r2.tpot_ms.p50, r1.tpot_ms.p50);
}

TEST(RunScenario, InvalidScenarioThrowsInputError) {
  Scenario s = small_closed_loop();
  s.parallelism.tp = 3;  // Llama-8B has 32 heads
  try {
    run_scenario(s, source_catalog());
    FAIL() << "expected an InputError";
  } catch (const InputError& e) {
    EXPECT_STREQ(e.what(), "small.json: parallelism.tp: 3 does not divide num_attention_heads=32");
  }
}

}  // namespace
}  // namespace servesim
