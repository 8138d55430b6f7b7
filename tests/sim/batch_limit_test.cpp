// When the engine's limits, not the GPUs, bound the batch: the running cap and the token budget
// are counted per iteration and `run` warns about them.
#include <gtest/gtest.h>

#include "sim/run/run_summary.hpp"
#include "sim/run/run_scenario.hpp"
#include "tests/support/test_catalog.hpp"

namespace servesim {
namespace {

using testing::source_catalog;

/// Llama-3.1-8B on one H100 with `clients` closed-loop clients, 1k/256 tokens.
Scenario llama_8b(int clients, int max_running_seqs, int max_batched_tokens) {
  Scenario s;
  s.name = "limits";
  s.model = "Llama-3.1-8B";
  s.gpu = "H100-SXM";
  s.parallelism.tp = 1;
  s.scheduler.max_running_seqs = max_running_seqs;
  s.scheduler.max_batched_tokens = max_batched_tokens;
  s.workload.type = "closed_loop";
  s.workload.concurrency = clients;
  s.workload.measured_requests = 4 * clients;
  s.workload.warmup_requests = clients;
  s.workload.input.kind = LengthDistribution::Kind::kFixed;
  s.workload.input.mean = 1024;
  s.workload.output.kind = LengthDistribution::Kind::kFixed;
  s.workload.output.mean = 256;
  return s;
}

TEST(BatchLimit, RunningCapBelowTheClientsBoundsMostIterations) {
  // 64 clients against a cap of 8: 56 requests always wait while the KV cache is nearly empty.
  const Scenario s = llama_8b(64, 8, 8192);
  const RunResult r = run_scenario(s, source_catalog());
  EXPECT_GT(r.running_cap_bound_share, 0.8);
  const std::string warning = batch_limit_warning(s, r);
  EXPECT_NE(warning.find("scheduler.max_running_seqs = 8"), std::string::npos) << warning;
  EXPECT_NE(format_run_summary(s, r).find(warning), std::string::npos);
}

TEST(BatchLimit, NoWarningWhenTheCapCoversTheClients) {
  const Scenario s = llama_8b(16, 256, 8192);
  const RunResult r = run_scenario(s, source_catalog());
  EXPECT_EQ(r.running_cap_bound_share, 0.0);
  EXPECT_LT(r.token_budget_bound_share, 0.1);
  EXPECT_EQ(batch_limit_warning(s, r), "");
}

TEST(BatchLimit, SmallTokenBudgetBoundsPrefill) {
  // A 256-token budget chunks every 1k prompt over four or more iterations while others wait.
  const Scenario s = llama_8b(64, 256, 256);
  const RunResult r = run_scenario(s, source_catalog());
  EXPECT_EQ(r.running_cap_bound_share, 0.0);
  EXPECT_GT(r.token_budget_bound_share, 0.1);
  EXPECT_NE(batch_limit_warning(s, r).find("scheduler.max_batched_tokens = 256"),
            std::string::npos);
}

}  // namespace
}  // namespace servesim
