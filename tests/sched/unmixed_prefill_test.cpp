// SGLang-style scheduling without mixed chunks: a prefill batch runs alone and first, decodes
// run when no prefill can be formed; every request still completes.
#include <gtest/gtest.h>

#include "sched/continuous_batching_scheduler.hpp"

namespace servesim {
namespace {

TEST(UnmixedPrefill, PrefillAndDecodeNeverShareAnIteration) {
  SchedulerConfig c;
  c.block_size = 16;
  c.kv_capacity_blocks = 4096;
  c.max_batched_tokens = 512;
  c.max_running_seqs = 8;
  c.mix_prefill_with_decode = false;
  ContinuousBatchingScheduler s(c, MtpAcceptance(), RandomStream(1, "t"));
  for (int i = 0; i < 20; ++i) {
    Request r;
    r.id = i;
    r.input_tokens = 300;  // two 300-token prompts do not fit one 512-token budget
    r.output_tokens = 10;
    s.enqueue(r);
  }
  int done = 0, prefill_iterations = 0, decode_iterations = 0;
  std::vector<RequestRecord> finished;
  for (int it = 0; it < 10000 && s.has_work(); ++it) {
    BatchFeatures f;
    ASSERT_TRUE(s.form_batch(f));
    EXPECT_TRUE(f.decode_seqs == 0 || f.prefill_seqs == 0) << "iteration " << it;
    (f.prefill_seqs > 0 ? prefill_iterations : decode_iterations) += 1;
    IterationRecord rec;
    finished.clear();
    s.complete_batch(it, finished, rec);
    done += static_cast<int>(finished.size());
  }
  EXPECT_EQ(done, 20);
  // 20 prompts of 300 tokens in 512-token budgets: 6000 / 512 -> at least 12 prefill
  // iterations; each request then needs 9 more decode steps after its first token.
  EXPECT_GE(prefill_iterations, 12);
  EXPECT_GE(decode_iterations, 9);
  EXPECT_EQ(s.kv_used_blocks(), 0);
}

}  // namespace
}  // namespace servesim
