// Admission reserve (SGLang new_token_ratio, TensorRT-LLM GUARANTEED_NO_EVICT): requests wait
// instead of being admitted when the KV left would not cover the running requests' outputs.
#include <gtest/gtest.h>

#include "sched/continuous_batching_scheduler.hpp"

namespace servesim {
namespace {

Request req(std::uint64_t id, int in, int out) {
  Request r;
  r.id = id;
  r.input_tokens = in;
  r.output_tokens = out;
  return r;
}

// Runs until every request finishes; returns the most requests ever running at once and
// checks the cache never over-fills and ends empty.
int run_all(ContinuousBatchingScheduler& s, int requests) {
  int peak = 0, done = 0;
  std::vector<RequestRecord> finished;
  for (int it = 0; it < 100000 && done < requests; ++it) {
    BatchFeatures f;
    if (!s.form_batch(f)) break;
    peak = std::max(peak, s.running());
    EXPECT_LE(s.kv_used_blocks(), s.kv_capacity_blocks());
    IterationRecord rec;
    finished.clear();
    s.complete_batch(it, finished, rec);
    done += static_cast<int>(finished.size());
  }
  EXPECT_EQ(done, requests);
  EXPECT_EQ(s.kv_used_blocks(), 0);
  return peak;
}

SchedulerConfig config(double reserve) {
  SchedulerConfig c;
  c.block_size = 16;
  c.kv_capacity_blocks = 100;  // 1600 tokens
  c.max_batched_tokens = 4096;
  c.max_running_seqs = 64;
  c.output_reserve_init = c.output_reserve_min = reserve;
  return c;
}

TEST(AdmissionReserve, GuaranteedNoEvictAdmitsOnlyWhatCanFinish) {
  // Each request: 96 prompt + 304 output tokens = 400 tokens = 25 blocks at the end.
  // Reserving the whole output (ratio 1), at most 100 / 25 = 4 run at once and nobody is ever
  // preempted; optimistic admission (ratio 0) lets 16 prompts in (16 x 6 blocks) and then has to
  // preempt as they grow.
  ContinuousBatchingScheduler guarded(config(1.0), MtpAcceptance(), RandomStream(1, "t"));
  ContinuousBatchingScheduler optimistic(config(0.0), MtpAcceptance(), RandomStream(1, "t"));
  for (int i = 0; i < 12; ++i) {
    guarded.enqueue(req(i, 96, 304));
    optimistic.enqueue(req(i, 96, 304));
  }
  EXPECT_LE(run_all(guarded, 12), 4);
  EXPECT_EQ(guarded.preemptions(), 0);
  EXPECT_GT(run_all(optimistic, 12), 4);
  EXPECT_GT(optimistic.preemptions(), 0);
}

}  // namespace
}  // namespace servesim
