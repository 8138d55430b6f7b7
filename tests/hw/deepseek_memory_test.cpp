// DeepSeek-R1 and gpt-oss-120b: KV bytes per token and weight bytes per GPU under EP, derived
// from the architecture by hand.
#include <gtest/gtest.h>

#include "hw/memory_budget.hpp"
#include "sim/scenario/catalog_loader.hpp"

namespace servesim {
namespace {

class DeepSeekMemory : public ::testing::Test {
 protected:
  Catalog catalog = load_catalog(SERVESIM_SOURCE_DIR "/scenarios/catalog");
  const ModelSpec& ds = *catalog.find_model("DeepSeek-R1-0528");
};

TEST_F(DeepSeekMemory, KvBytesPerTokenIsLatentTimesLayers) {
  // MLA caches kv_lora 512 + rope 64 = 576 elements per token per layer, 61 layers.
  EXPECT_DOUBLE_EQ(ds.kv_bytes_per_token(Precision::kFp8), 576.0 * 61 * 1);
  EXPECT_DOUBLE_EQ(ds.kv_bytes_per_token(Precision::kBf16), 576.0 * 61 * 2);
}

TEST_F(DeepSeekMemory, GptOssKvCountsOnlyFullAttentionLayers) {
  const ModelSpec& g = *catalog.find_model("gpt-oss-120b");
  // GQA: K and V of 8 heads x 64 dims = 1024 elements per layer; 18 of 36 layers are full
  // attention (the sliding-window ones hold at most 128 tokens), bf16: 1024 * 18 * 2 = 36864 B.
  EXPECT_DOUBLE_EQ(g.kv_bytes_per_token(Precision::kBf16), 1024.0 * 18 * 2);
}

TEST_F(DeepSeekMemory, ExpertWeightsSplitByExpertParallelism) {
  InstanceSpec spec;
  spec.model = &ds;
  spec.gpu = catalog.find_gpu("GB200");
  spec.weights = ds.quantization.at("fp8");
  spec.numerics = catalog.numerics();
  spec.parallelism.dp_attention = true;
  spec.parallelism.tp = spec.parallelism.ep = 8;
  const double ep8 = weight_bytes_per_gpu(spec);
  spec.parallelism.tp = spec.parallelism.ep = 32;
  const double ep32 = weight_bytes_per_gpu(spec);
  // Routed experts: 58 layers x 256 experts x 44,040,192 params x (1 + 4/16384) B (fp8 with
  // 128x128 fp32 block scales). Going from EP8 to EP32 removes 3/4 of the 1/8 share:
  // 58 * 256 * 44040192 * (1/8 - 1/32) * 1.000244 = 61.33 GB. Everything else (attention
  // replicated under attention-DP, dense layers, embeddings) is unchanged or shrinks slightly.
  const double routed = 58.0 * 256 * 44040192 * (1 + 4.0 / 16384);
  const double dense_ffn = 3.0 * 3 * 7168 * 18432 * (1 + 4.0 / 16384);
  EXPECT_NEAR(ep8 - ep32, routed * (1.0 / 8 - 1.0 / 32) + dense_ffn * (1.0 / 8 - 1.0 / 32),
              1e6);
  // EP32 total: routed 20.4 GB + attention replicated (187.1 M params x 61 layers, fp8) 11.4 GB
  // + shared experts 58 x 44.0 M = 2.6 GB + embedding and head 2 x 0.93 GB + routers (bf16)
  // 0.2 GB + dense FFN 0.1 GB = 36.5 GB.
  EXPECT_NEAR(ep32, 36.5e9, 0.2e9);
  EXPECT_GT(ep8, 80e9);
}

}  // namespace
}  // namespace servesim
