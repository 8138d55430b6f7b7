// Disaggregated prefill/decode pools: a KV transfer takes bytes / bottleneck bandwidth + setup;
// two transfers sharing a link take twice as long; an undersized decode pool back-pressures
// prefill and runs full; every request is conserved across pools; at low load TTFT is the
// front end + the prefill step + the transfer and TPOT is the decode step.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <cmath>

#include "hw/kv_transfer_plan.hpp"
#include "hw/memory_budget.hpp"
#include "hw/step_model_registry.hpp"
#include "sim/run/run_scenario.hpp"
#include "sim/scenario/scenario_reader.hpp"
#include "sim/scenario/scenario_validation.hpp"
#include "tests/support/test_catalog.hpp"

namespace servesim {
namespace {

using testing::source_catalog;

constexpr int kPrompt = 2048;
constexpr int kOutput = 64;

/// Llama-3.1-8B on H100 HGX: one TP8 prefill worker and one TP8 decode worker, so the two sit
/// on different nodes and every KV shard crosses the NICs. Fixed lengths.
Scenario one_prefill_one_decode(int concurrency, int measured) {
  return read_scenario_text(fmt::format(R"({{"name": "1p1d", "model": "Llama-3.1-8B",
    "gpu": "H100-SXM", "parallelism": {{"tp": 8}},
    "pools": {{"prefill": {{"workers": 1}}, "decode": {{"workers": 1}}}},
    "workload": {{"type": "closed_loop", "concurrency": {}, "measured_requests": {},
      "warmup_requests": 0,
      "input": {{"distribution": "fixed", "tokens": {}}},
      "output": {{"distribution": "fixed", "tokens": {}}}}}, "seed": 3}})",
                                        concurrency, measured, kPrompt, kOutput),
                            "1p1d.json");
}

/// One whole prompt of `tokens` tokens, no prefix: a prefill step's features.
BatchFeatures one_prompt(int tokens) {
  BatchFeatures b;
  b.prefill_seqs = 1;
  b.prefill_tokens = tokens;
  b.prefill_context_sum = tokens;
  b.prefill_attention_pairs = 0.5 * tokens * (tokens + 1.0);
  return b;
}

double expected_setup_s(const InstanceSpec& src, const InstanceSpec& dst, int block_size) {
  const ModelSpec& m = *dst.model;
  const double blocks = std::ceil(double(kPrompt) / block_size);
  return src.knobs.kv_transfer_setup_s +
         blocks * m.full_attention_layers() * src.knobs.kv_transfer_descriptor_s +
         src.gpu->scale_out.latency_s(true);
}

TEST(Disaggregation, OneTransferTakesBytesOverTheBottleneckPlusSetup) {
  const ValidScenario v = validate(one_prefill_one_decode(1, 4), source_catalog());
  ASSERT_EQ(v.pools.size(), 2u);
  const InstanceSpec src = v.pools[0].v.instance(0);
  const InstanceSpec dst = v.pools[1].v.instance(0);
  EXPECT_EQ(src.first_gpu, 0);
  EXPECT_EQ(dst.first_gpu, 8);  // the next node: the shards cross the NICs
  // GQA with 8 KV heads over TP8: each decode GPU holds one head, sent by one prefill GPU.
  const auto shards = kv_shards(src, dst, 0, kPrompt);
  ASSERT_EQ(shards.size(), 8u);
  const double bytes = kv_bytes_per_token_per_gpu(dst) * kPrompt;
  const ScaleOutFabric& f = src.gpu->scale_out;
  const double nic = f.nic_bw_bytes_per_s * f.achievable_fraction;
  const double expected =
      expected_setup_s(src, dst, v.pools[0].v.scheduler.block_size) + bytes / nic;
  const RunResult r = run_scenario(v);
  EXPECT_EQ(r.kv_transfers, 4u);
  EXPECT_NEAR(r.kv_transfer_s.p50, expected, 1e-6 + 1e-4 * expected);
  EXPECT_NEAR(r.kv_transfer_mean_bytes, 8 * bytes, 1e-6 * bytes);
  EXPECT_EQ(r.kv_wait_s.max, 0);  // the decode worker always had room
}

TEST(Disaggregation, TwoTransfersOnOneLinkTakeTwiceAsLong) {
  const ValidScenario v = validate(one_prefill_one_decode(1, 4), source_catalog());
  const InstanceSpec src = v.pools[0].v.instance(0);
  const InstanceSpec dst = v.pools[1].v.instance(0);
  const KvShard shard = kv_shards(src, dst, 0, kPrompt).front();
  auto finish_s = [&](int transfers) {
    FlowNetwork net;
    KvLinkMap links(net);
    for (int i = 0; i < transfers; ++i) {
      net.start(0, links.route(src, 0, shard.src_gpu, dst, 0, shard.dst_gpu), shard.bytes);
    }
    return net.next_completion()->second;
  };
  const double alone = finish_s(1);
  EXPECT_NEAR(alone, shard.bytes / (src.gpu->scale_out.nic_bw_bytes_per_s *
                                    src.gpu->scale_out.achievable_fraction),
              1e-12);
  EXPECT_NEAR(finish_s(2), 2 * alone, 1e-12);
}

TEST(Disaggregation, LowLoadTtftIsPrefillPlusTransferAndTpotIsTheDecodeStep) {
  const ValidScenario v = validate(one_prefill_one_decode(1, 8), source_catalog());
  const RunResult r = run_scenario(v);
  const InstanceSpec src = v.pools[0].v.instance(0);
  const InstanceSpec dst = v.pools[1].v.instance(0);
  const auto& make = step_model_registry().get("roofline", "x").make;
  const double prefill_s = make(src)->step_time_s(one_prompt(kPrompt));
  // One client: no queueing; TTFT = front end + prefill step + the KV transfer.
  const double ttft = src.knobs.request_overhead_s + prefill_s + r.kv_transfer_s.p50;
  EXPECT_NEAR(r.ttft_s.p50, ttft, 1e-6 + 1e-4 * ttft);
  // TPOT: decode steps of one sequence, its context growing from prompt + 1 (linear in the
  // context, so the mean is the step at the middle).
  BatchFeatures decode;
  decode.decode_seqs = 1;
  decode.decode_context_sum = kPrompt + 1 + (kOutput - 2) / 2.0;
  const double tpot_ms = 1e3 * make(dst)->step_time_s(decode);
  EXPECT_NEAR(r.tpot_ms.p50, tpot_ms, 0.005 * tpot_ms);
  EXPECT_NEAR(r.tok_s_per_user_median, 1e3 / tpot_ms, 0.005 * 1e3 / tpot_ms);
}

TEST(Disaggregation, AnUndersizedDecodePoolBackPressuresPrefillAndRunsFull) {
  // Four prefill workers feed one decode worker whose KV holds only a few requests.
  const Scenario s = read_scenario_text(R"({"name": "undersized", "model": "Llama-3.1-8B",
    "gpu": "H100-SXM", "parallelism": {"tp": 1},
    "pools": {"prefill": {"workers": 4},
              "decode": {"workers": 1, "memory_fraction": 0.25}},
    "workload": {"type": "closed_loop", "concurrency": 64, "measured_requests": 256,
      "warmup_requests": 0,
      "input": {"distribution": "fixed", "tokens": 4096},
      "output": {"distribution": "fixed", "tokens": 256}}, "seed": 3})",
                                        "undersized.json");
  const ValidScenario v = validate(s, source_catalog());
  const RunResult r = run_scenario(v);
  // Conservation across pools: every request issued completed, each after one KV transfer.
  EXPECT_EQ(r.requests_issued, 256u);
  EXPECT_EQ(r.requests_completed, 256u);
  EXPECT_EQ(r.requests_measured, 256u);
  EXPECT_EQ(r.kv_transfers, 256u);
  ASSERT_EQ(r.pools.size(), 2u);
  const PoolResult& prefill = r.pools[0];
  const PoolResult& decode = r.pools[1];
  EXPECT_EQ(prefill.role, "prefill");
  EXPECT_EQ(decode.role, "decode");
  // The decode worker runs full and busy; prefilled requests wait for its KV while their
  // prefill workers hold theirs, so the prefill pool idles for want of room.
  EXPECT_GT(decode.kv_peak_utilisation, 0.9);
  EXPECT_GT(decode.utilisation, 0.95);
  EXPECT_GT(r.kv_wait_s.p50, 10 * r.kv_transfer_s.p50);
  EXPECT_LT(prefill.utilisation, 0.5);
  // Per-GPU rates follow the InferenceX conventions.
  EXPECT_NEAR(r.output_tok_s_per_decode_gpu, r.output_tok_s / 1, 1e-9 * r.output_tok_s);
  EXPECT_NEAR(r.input_tok_s_per_prefill_gpu, r.input_tok_s / 4, 1e-9 * r.input_tok_s);
  EXPECT_NEAR(r.total_tok_s_per_gpu, r.total_tok_s / 5, 1e-9 * r.total_tok_s);
}

TEST(Disaggregation, MorePrefillWorkersNeverLowerThroughputOfAPrefillBoundCluster) {
  auto throughput = [](int prefill_workers) {
    const Scenario s = read_scenario_text(
        fmt::format(R"({{"name": "ratio", "model": "Llama-3.1-8B", "gpu": "H100-SXM",
      "parallelism": {{"tp": 1}},
      "pools": {{"prefill": {{"workers": {}}}, "decode": {{"workers": 1}}}},
      "workload": {{"type": "closed_loop", "concurrency": 128, "measured_requests": 512,
        "warmup_requests": 0, "input": {{"distribution": "fixed", "tokens": 8192}},
        "output": {{"distribution": "fixed", "tokens": 128}}}}, "seed": 3}})",
                    prefill_workers),
        "ratio.json");
    return run_scenario(s, source_catalog()).output_tok_s;
  };
  const double one = throughput(1), two = throughput(2), four = throughput(4);
  EXPECT_GT(two, 1.2 * one);
  EXPECT_GE(four, two);
}

// A prefill worker's host work after each step (prefill_worker_step_overhead_s) holds back its
// next step, not the step's outputs: one client's TTFT does not change, while a prefill-bound
// cluster's prefill rate falls to one prompt per (step + host time).
TEST(Disaggregation, PrefillHostTimeBoundsALoadedWorkerNotAnIdleOnesTtft) {
  auto scenario = [](int clients, int decode_workers, double host_s) {
    return read_scenario_text(
        fmt::format(R"({{"name": "host", "model": "Llama-3.1-8B", "gpu": "H100-SXM",
      "parallelism": {{"tp": 1}}, "knobs": {{"prefill_worker_step_overhead_s": {}}},
      "pools": {{"prefill": {{"workers": 1}}, "decode": {{"workers": {}}}}},
      "workload": {{"type": "closed_loop", "concurrency": {}, "measured_requests": 96,
        "warmup_requests": 16, "input": {{"distribution": "fixed", "tokens": 8192}},
        "output": {{"distribution": "fixed", "tokens": 64}}}}, "seed": 3}})",
                    host_s, decode_workers, clients),
        "host.json");
  };
  const RunResult idle0 = run_scenario(scenario(1, 1, 0.0), source_catalog());
  const RunResult idle = run_scenario(scenario(1, 1, 0.05), source_catalog());
  EXPECT_DOUBLE_EQ(idle.ttft_s.p50, idle0.ttft_s.p50);

  const ValidScenario v = validate(scenario(32, 4, 0.05), source_catalog());
  const RunResult loaded = run_scenario(v);
  const RunResult loaded0 = run_scenario(scenario(32, 4, 0.0), source_catalog());
  const auto model = step_model_registry().get("roofline", "x").make(v.pools[0].v.instance(0));
  const double step_s = model->step_time_s(one_prompt(8192));  // the budget holds one per step
  EXPECT_NEAR(loaded0.input_tok_s, 8192 / step_s, 0.05 * 8192 / step_s);
  EXPECT_NEAR(loaded.input_tok_s, 8192 / (step_s + 0.05), 0.05 * 8192 / (step_s + 0.05));
}

TEST(Disaggregation, SameSeedSameBytes) {
  const Scenario s = one_prefill_one_decode(8, 64);
  const RunResult a = run_scenario(s, source_catalog());
  const RunResult b = run_scenario(s, source_catalog());
  EXPECT_EQ(a.event_fingerprint, b.event_fingerprint);
  EXPECT_EQ(a.ttft_s.p50, b.ttft_s.p50);
}

}  // namespace
}  // namespace servesim
