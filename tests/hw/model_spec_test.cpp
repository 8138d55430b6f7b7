// ModelSpec derived counts (parameters, KV bytes per token) checked against the architecture
// arithmetic and the published sizes, and the per-GPU KV footprint of the memory budget.
#include "hw/model_spec.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "hw/memory_budget.hpp"
#include "tests/support/test_catalog.hpp"

namespace servesim {
namespace {

using testing::source_catalog;

const ModelSpec& model(const char* name) {
  const ModelSpec* m = source_catalog().find_model(name);
  EXPECT_NE(m, nullptr) << name;
  return *m;
}

TEST(ModelSpec, Llama70bParameterCounts) {
  const ModelSpec& m = model("Llama-3.3-70B");
  // Attention: 8192*(8192 + 2*8*128) + 8192*8192 = 83,886,080 + 67,108,864 = 150,994,944.
  EXPECT_DOUBLE_EQ(m.attention_params_per_layer(), 150994944.0);
  // FFN (gate, up, down): 3 * 8192 * 28672 = 704,643,072.
  EXPECT_DOUBLE_EQ(m.dense_ffn_params_per_layer(), 704643072.0);
  // 80 * (150,994,944 + 704,643,072) + 2 * 128256 * 8192 = 68,451,041,280 + 2,101,346,304
  //   = 70,552,387,584 (the published 70.6B also counts the 161 RMSNorm vectors).
  EXPECT_DOUBLE_EQ(m.total_params(), 70552387584.0);
  // A dense model touches every weight but the embedding: 70,552,387,584 - 1,050,673,152.
  EXPECT_DOUBLE_EQ(m.active_params(), 69501714432.0);
  EXPECT_FALSE(m.is_moe());
}

TEST(ModelSpec, Llama70bKvBytesPerToken) {
  const ModelSpec& m = model("Llama-3.3-70B");
  // 2 (K and V) * 8 KV heads * 128 dims = 2048 elements a layer, * 80 layers = 163,840.
  EXPECT_DOUBLE_EQ(m.kv_elements_per_token_per_layer(), 2048.0);
  EXPECT_DOUBLE_EQ(m.kv_bytes_per_token(Precision::kFp8), 163840.0);
  EXPECT_DOUBLE_EQ(m.kv_bytes_per_token(Precision::kBf16), 327680.0);
}

TEST(ModelSpec, Llama8bCounts) {
  const ModelSpec& m = model("Llama-3.1-8B");
  // 32 * (41,943,040 + 176,160,768) + 2 * 128256 * 4096 = 8,029,995,008 (+ norms = 8.03B).
  EXPECT_DOUBLE_EQ(m.total_params(), 8029995008.0);
  // 2 * 8 * 128 * 32 layers = 65,536 elements = 65,536 B in fp8.
  EXPECT_DOUBLE_EQ(m.kv_bytes_per_token(Precision::kFp8), 65536.0);
}

TEST(ModelSpec, DeepSeekR1MlaCounts) {
  const ModelSpec& m = model("DeepSeek-R1");
  // q_a 7168*1536 + q_b 1536*128*192 + kv_a 7168*(512+64) + kv_b 512*128*256 + o 128*128*7168
  //   = 11,010,048 + 37,748,736 + 4,128,768 + 16,777,216 + 117,440,512 = 187,105,280.
  EXPECT_DOUBLE_EQ(m.attention_params_per_layer(), 187105280.0);
  EXPECT_DOUBLE_EQ(m.params_per_expert(), 44040192.0);  // 3 * 7168 * 2048
  // Total 671,025,397,760 (published 671B); active 36,624,596,992 (published 37B, within 1.1%).
  EXPECT_DOUBLE_EQ(m.total_params(), 671025397760.0);
  EXPECT_NEAR(m.active_params(), 37e9, 0.011 * 37e9);
  // The latent cache: 512 + 64 = 576 elements a layer, 61 layers -> 35,136 B a token in fp8.
  EXPECT_DOUBLE_EQ(m.kv_elements_per_token_per_layer(), 576.0);
  EXPECT_DOUBLE_EQ(m.kv_bytes_per_token(Precision::kFp8), 35136.0);
  EXPECT_EQ(m.moe_layers(), 58);  // 61 layers, the first 3 dense
}

TEST(ModelSpec, PublishedSizesMatchWithinThreePercent) {
  // Every catalog model's computed size against its published total (norms, biases and the
  // rounding of the published figure account for the gap: Kimi-K2's "1T" computes to 1.026T).
  const struct {
    const char* name;
    double total;
  } published[] = {{"Llama-3.3-70B", 70.6e9}, {"Llama-3.1-8B", 8.03e9},
                   {"DeepSeek-R1", 671e9},    {"Qwen3-235B-A22B", 235e9},
                   {"Kimi-K2", 1000e9},       {"gpt-oss-120b", 116.83e9}};
  for (const auto& p : published) {
    EXPECT_NEAR(model(p.name).total_params(), p.total, 0.03 * p.total) << p.name;
  }
}

TEST(ModelSpec, SlidingWindowLayersHoldNoLongContextKv) {
  const ModelSpec& m = model("gpt-oss-120b");
  // 36 layers, 18 of them sliding-window: only 18 keep the whole context.
  EXPECT_EQ(m.full_attention_layers(), 18);
  // 2 * 8 KV heads * 64 dims * 18 layers = 18,432 B a token in fp8.
  EXPECT_DOUBLE_EQ(m.kv_bytes_per_token(Precision::kFp8), 18432.0);
}

TEST(MemoryBudget, KvHeadsSplitUnderTpAndReplicateBeyondThem) {
  auto per_gpu_kv = [](const char* name, int tp) {
    InstanceSpec s;
    s.model = source_catalog().find_model(name);
    s.gpu = source_catalog().find_gpu("H200-SXM");
    s.parallelism.tp = tp;
    s.weights = s.model->quantization.at("fp8");
    s.numerics = source_catalog().numerics();
    return memory_budget(s, 0.9, 8192, 256).kv_bytes_per_token;
  };
  // Llama-70B TP8: one of 8 KV heads per GPU -> 163,840 / 8 = 20,480 B a token.
  EXPECT_DOUBLE_EQ(per_gpu_kv("Llama-3.3-70B", 8), 20480.0);
  // Qwen3-235B has 4 KV heads: TP4 holds one each (2*128*94 = 24,064 B); TP8 cannot split
  // further, so each GPU still holds one replicated head: also 24,064 B.
  EXPECT_DOUBLE_EQ(per_gpu_kv("Qwen3-235B-A22B", 4), 24064.0);
  EXPECT_DOUBLE_EQ(per_gpu_kv("Qwen3-235B-A22B", 8), 24064.0);
}

TEST(MemoryBudget, KvCapacityIsWhatWeightsAndActivationsLeave) {
  InstanceSpec s;
  s.model = source_catalog().find_model("Llama-3.3-70B");
  s.gpu = source_catalog().find_gpu("H100-SXM");
  s.parallelism.tp = 8;
  s.weights = s.model->quantization.at("fp8");
  s.numerics = source_catalog().numerics();
  const MemoryBudget b = memory_budget(s, 0.9, 8192, 256);
  EXPECT_DOUBLE_EQ(b.usable_bytes, 0.9 * s.gpu->hbm_bytes);  // 90% of the catalog's 80 GiB
  EXPECT_DOUBLE_EQ(b.weight_bytes, weight_bytes_per_gpu(s));
  EXPECT_DOUBLE_EQ(b.kv_bytes, b.usable_bytes - b.weight_bytes - b.activation_bytes);
  EXPECT_DOUBLE_EQ(b.kv_capacity_tokens, std::floor(b.kv_bytes / 20480.0));
  EXPECT_GT(b.kv_capacity_tokens, 0);
}

TEST(WeightLayout, CountsQkvBiasesAndMatchesTheModelOnOneGpu) {
  InstanceSpec s;
  s.model = source_catalog().find_model("gpt-oss-120b");
  s.gpu = source_catalog().find_gpu("B200");
  s.weights = s.model->quantization.at("mxfp4");
  s.numerics = source_catalog().numerics();
  // h = 2880, 64 query heads and 8 KV heads of 64: biases q 4096 + k, v 2 x 512 + o 2880.
  s.parallelism.tp = 1;
  WeightLayout w = weight_layout(s);
  EXPECT_DOUBLE_EQ(w.attention_bias, 4096 + 1024 + 2880);
  // On one GPU the layout holds the whole layer, as the model counts it.
  EXPECT_DOUBLE_EQ(w.attention_projections + w.attention_bias,
                   s.model->attention_params_per_layer());
  // TP2: half the query and KV heads' biases; the output bias stays whole.
  s.parallelism.tp = 2;
  w = weight_layout(s);
  EXPECT_DOUBLE_EQ(w.attention_bias, 2048 + 512 + 2880);
}

}  // namespace
}  // namespace servesim
