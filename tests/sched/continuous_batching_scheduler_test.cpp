// Both continuous-batching schedulers (the aggregate one and its per-sequence reference) driven
// directly: batch contents, chunked prefill, the token budget, KV capacity, preemption and
// conservation of requests and tokens.
#include "sched/continuous_batching_scheduler.hpp"
#include "sched/per_sequence_batching_scheduler.hpp"

#include <gtest/gtest.h>

#include <map>
#include <set>

#include "tests/sched/scheduler_driver.hpp"

namespace servesim {
namespace {

using testing::drive;
using testing::DriveResult;
using testing::make_request;

SchedulerConfig config(int max_running, int budget, std::int64_t kv_blocks, bool chunked = true) {
  SchedulerConfig c;
  c.max_running_seqs = max_running;
  c.max_batched_tokens = budget;
  c.block_size = 16;
  c.kv_capacity_blocks = kv_blocks;
  c.chunked_prefill = chunked;
  return c;
}

template <class S>
S make_scheduler(const SchedulerConfig& c, MtpAcceptance mtp = {}) {
  return S(c, std::move(mtp), RandomStream(1, "mtp.acceptance/0"));
}

template <class S>
class BothSchedulers : public ::testing::Test {};
using Schedulers = ::testing::Types<ContinuousBatchingScheduler, PerSequenceBatchingScheduler>;
TYPED_TEST_SUITE(BothSchedulers, Schedulers);


/// Every request id finishes exactly once with the output length it asked for, the cache is
/// empty afterwards, and every emitted token was counted once.
void expect_conservation(const BatchingState& s, const DriveResult& r,
                         const std::map<std::uint64_t, int>& requested_output) {
  std::set<std::uint64_t> seen;
  std::int64_t preemptions = 0;
  for (const auto& f : r.finished) {
    EXPECT_TRUE(seen.insert(f.id).second) << "request " << f.id << " finished twice";
    ASSERT_TRUE(requested_output.count(f.id)) << "unknown request " << f.id;
    EXPECT_EQ(f.output_tokens, requested_output.at(f.id)) << "request " << f.id;
    EXPECT_LE(f.first_token, f.finish);
    preemptions += f.preemptions;
  }
  EXPECT_EQ(seen.size(), requested_output.size());
  EXPECT_EQ(preemptions, s.preemptions());
  std::int64_t emitted = 0, expected = 0;
  for (const auto& it : r.iterations) emitted += it.output_tokens;
  for (const auto& [id, out] : requested_output) expected += out;
  EXPECT_EQ(emitted, expected) << "tokens emitted by iterations vs tokens requested";
  EXPECT_EQ(s.kv_used_blocks(), 0);
  EXPECT_FALSE(s.has_work());
}

TYPED_TEST(BothSchedulers, EmptySchedulerHasNothingToRun) {
  auto s = make_scheduler<TypeParam>(config(8, 8192, 100));
  BatchFeatures f;
  EXPECT_FALSE(s.has_work());
  EXPECT_FALSE(s.form_batch(f));
}

TYPED_TEST(BothSchedulers, OneRequestPrefillsThenDecodesOneTokenPerStep) {
  const auto c = config(8, 8192, 100);
  auto s = make_scheduler<TypeParam>(c);
  const DriveResult r = drive(s, c, {{0, {make_request(1, 100, 5)}}});
  // 1 prefill iteration (which samples token 1) + 4 decode iterations = 5.
  ASSERT_EQ(r.batches.size(), 5u);
  const BatchFeatures& p = r.batches[0];
  EXPECT_EQ(p.prefill_seqs, 1);
  EXPECT_EQ(p.prefill_tokens, 100);
  EXPECT_EQ(p.prefill_context_sum, 100);
  EXPECT_EQ(p.prefill_attention_pairs, 5050);  // causal pairs: 100 * 101 / 2
  EXPECT_EQ(p.decode_seqs, 0);
  // Decode k (k = 1..4) attends to the prompt plus the k tokens generated so far.
  for (int k = 1; k <= 4; ++k) {
    EXPECT_EQ(r.batches[k].decode_seqs, 1);
    EXPECT_EQ(r.batches[k].decode_context_sum, 100 + k);
    EXPECT_EQ(r.batches[k].prefill_seqs, 0);
  }
  // 100 prompt tokens + up to 5 generated need ceil(105 / 16) = 7 blocks at most.
  EXPECT_EQ(r.max_kv_used, 7);
  ASSERT_EQ(r.finished.size(), 1u);
  EXPECT_EQ(r.finished[0].first_token, 1000);  // end of iteration 1 (step 1000)
  EXPECT_EQ(r.finished[0].finish, 5000);       // end of iteration 5
  expect_conservation(s, r, {{1, 5}});
}

TYPED_TEST(BothSchedulers, LongPromptIsPrefilledInBudgetSizedChunks) {
  const auto c = config(8, 512, 1000);
  auto s = make_scheduler<TypeParam>(c);
  const DriveResult r = drive(s, c, {{0, {make_request(1, 1200, 2)}}});
  // 1200 = 512 + 512 + 176 prompt tokens over three iterations, then one decode.
  ASSERT_EQ(r.batches.size(), 4u);
  EXPECT_EQ(r.batches[0].prefill_tokens, 512);
  EXPECT_EQ(r.batches[1].prefill_tokens, 512);
  EXPECT_EQ(r.batches[2].prefill_tokens, 176);
  // Pairs of chunk c after prefix p: c * p + c (c + 1) / 2.
  EXPECT_EQ(r.batches[0].prefill_attention_pairs, 131328);  // 512 * 513 / 2
  EXPECT_EQ(r.batches[1].prefill_attention_pairs, 393472);  // 512 * 512 + 131328
  EXPECT_EQ(r.batches[2].prefill_attention_pairs, 195800);  // 176 * 1024 + 176 * 177 / 2
  // The chunks together cover the whole causal triangle: 1200 * 1201 / 2 = 720600.
  EXPECT_EQ(r.batches[0].prefill_attention_pairs + r.batches[1].prefill_attention_pairs +
                r.batches[2].prefill_attention_pairs,
            720600);
  EXPECT_EQ(r.batches[1].prefill_context_sum, 1024);  // prefix 512 + chunk 512
  EXPECT_EQ(r.batches[3].decode_context_sum, 1201);
  EXPECT_EQ(r.finished.at(0).first_token, 3000);  // the third chunk samples the first token
  expect_conservation(s, r, {{1, 2}});
}

TYPED_TEST(BothSchedulers, DecodesComeFirstAndPrefillGetsTheRestOfTheBudget) {
  const auto c = config(8, 64, 1000);
  auto s = make_scheduler<TypeParam>(c);
  // A (16 in, 10 out) starts alone; B (100 in) arrives before iteration 2.
  const DriveResult r =
      drive(s, c, {{0, {make_request(1, 16, 10)}}, {2, {make_request(2, 100, 3)}}});
  // Iteration 2: A's decode takes 1 token, B gets 64 - 1 = 63; iteration 3: B's last 37.
  EXPECT_EQ(r.batches[2].decode_seqs, 1);
  EXPECT_EQ(r.batches[2].prefill_tokens, 63);
  EXPECT_EQ(r.batches[3].decode_seqs, 1);
  EXPECT_EQ(r.batches[3].prefill_tokens, 37);
  EXPECT_EQ(r.batches[4].decode_seqs, 2);  // both decode now
  expect_conservation(s, r, {{1, 10}, {2, 3}});
}

TYPED_TEST(BothSchedulers, MixedTrafficNeverExceedsBudgetCapOrCache) {
  // 200 requests with random lengths arriving over time; the driver checks after every batch
  // that decode + prefill tokens <= 256, running <= 16 and used blocks <= 3000.
  const auto c = config(16, 256, 3000);
  auto s = make_scheduler<TypeParam>(c);
  RandomStream rng(5, "test.lengths");
  std::map<int, std::vector<Request>> arrivals;
  std::map<std::uint64_t, int> outputs;
  for (std::uint64_t id = 0; id < 200; ++id) {
    const Request q = make_request(id, static_cast<int>(rng.uniform_int(1, 1500)),
                                   static_cast<int>(rng.uniform_int(1, 300)));
    arrivals[static_cast<int>(id) * 5].push_back(q);
    outputs[id] = q.output_tokens;
  }
  const DriveResult r = drive(s, c, arrivals);
  expect_conservation(s, r, outputs);
}

TYPED_TEST(BothSchedulers, DecodesWithDraftsAlsoRespectTheBudget) {
  // Three MTP drafts: each decode puts 1 + 3 = 4 tokens in the batch. Eight one-token prompts
  // fit the 16-token budget in one prefill iteration, but their eight decodes would need
  // 8 * 4 = 32 tokens: only 16 / 4 = 4 of them may decode per iteration.
  const auto c = config(64, 16, 10000);
  auto s = make_scheduler<TypeParam>(c, MtpAcceptance({0.9, 0.7, 0.5}));
  std::vector<Request> all;
  std::map<std::uint64_t, int> outputs;
  for (std::uint64_t id = 0; id < 8; ++id) {
    all.push_back(make_request(id, 1, 50));
    outputs[id] = 50;
  }
  const DriveResult r = drive(s, c, {{0, all}});
  EXPECT_EQ(r.batches.at(0).prefill_seqs, 8);
  double most = 0;
  for (const auto& b : r.batches) most = std::max(most, b.decode_seqs);
  EXPECT_EQ(most, 4);
  expect_conservation(s, r, outputs);
}

TYPED_TEST(BothSchedulers, KvPressurePreemptsAndEveryRequestStillCompletes) {
  // 40 blocks of 16 tokens = 640 tokens of cache. Each request grows to 100 + 200 = 300
  // tokens = 19 blocks, so at most two finish side by side; eight admitted at once must be
  // preempted (recompute) as they grow.
  const auto c = config(8, 512, 40);
  auto s = make_scheduler<TypeParam>(c);
  std::vector<Request> all;
  std::map<std::uint64_t, int> outputs;
  for (std::uint64_t id = 0; id < 12; ++id) {
    all.push_back(make_request(id, 100, 200));
    outputs[id] = 200;
  }
  const DriveResult r = drive(s, c, {{0, all}});
  EXPECT_GT(s.preemptions(), 0);
  EXPECT_LE(r.max_kv_used, 40);
  expect_conservation(s, r, outputs);
}

TYPED_TEST(BothSchedulers, PreemptedRequestLongerThanTheBudgetStillCompletes) {
  // Without chunked prefill a prompt is admitted whole (100 <= 128 tokens). After preemption
  // the recompute covers prompt + generated tokens, which soon exceeds 128: it must still be
  // readmitted (in pieces) rather than wait forever.
  const auto c = config(8, 128, 40, /*chunked=*/false);
  auto s = make_scheduler<TypeParam>(c);
  std::vector<Request> all;
  std::map<std::uint64_t, int> outputs;
  for (std::uint64_t id = 0; id < 6; ++id) {
    all.push_back(make_request(id, 100, 200));
    outputs[id] = 200;
  }
  const DriveResult r = drive(s, c, {{0, all}});
  EXPECT_GT(s.preemptions(), 0);
  expect_conservation(s, r, outputs);
}

TYPED_TEST(BothSchedulers, MtpVerifiesDraftsAndEmitsExactlyTheRequestedTokens) {
  // Three drafts: each decode sequence puts 1 + 3 = 4 query tokens in the batch, and each step
  // emits 1..4 tokens, capped at what the request still needs.
  const auto c = config(32, 64, 5000);
  auto s = make_scheduler<TypeParam>(c, MtpAcceptance({0.9, 0.7, 0.5}));
  std::vector<Request> all;
  std::map<std::uint64_t, int> outputs;
  for (std::uint64_t id = 0; id < 20; ++id) {
    all.push_back(make_request(id, 20, 37));
    outputs[id] = 37;
  }
  const DriveResult r = drive(s, c, {{0, all}});
  for (const auto& b : r.batches) {
    EXPECT_EQ(b.tokens_per_decode_seq, 4);
    EXPECT_EQ(b.draft_passes, b.decode_seqs > 0 ? 3 : 0);
  }
  expect_conservation(s, r, outputs);
}

TYPED_TEST(BothSchedulers, RecordsCarryArrivalAndMeasuredFlag) {
  const auto c = config(8, 8192, 100);
  auto s = make_scheduler<TypeParam>(c);
  Request q = make_request(9, 10, 1);
  q.arrival = 777;
  q.measured = false;
  const DriveResult r = drive(s, c, {{0, {q}}});
  ASSERT_EQ(r.finished.size(), 1u);
  EXPECT_EQ(r.finished[0].arrival, 777);
  EXPECT_FALSE(r.finished[0].measured);
  EXPECT_EQ(r.finished[0].input_tokens, 10);
  // One output token: the prefill iteration both starts and finishes it.
  EXPECT_EQ(r.finished[0].first_token, r.finished[0].finish);
}

}  // namespace
}  // namespace servesim
