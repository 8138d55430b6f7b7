// Monotonic what-ifs every step-time model must obey, over dense and MoE instances: faster
// memory or math never slows a step, more GPUs never hold more weight each, more work never
// takes less time.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "hw/memory_budget.hpp"
#include "hw/step_model_registry.hpp"
#include "tests/support/test_catalog.hpp"

namespace servesim {
namespace {

using testing::source_catalog;

struct Case {
  const char* model;
  const char* gpu;
  const char* precision;
  int tp, ep;
  bool dp_attention;
};

const std::vector<Case> kCases = {
    {"Llama-3.3-70B", "H100-SXM", "fp8", 8, 1, false},
    {"Llama-3.1-8B", "H100-SXM", "bf16", 1, 1, false},
    {"Qwen3-235B-A22B", "H200-SXM", "fp8", 8, 1, false},
    {"DeepSeek-R1", "H200-SXM", "fp8", 8, 8, true},
    {"gpt-oss-120b", "B200", "mxfp4", 1, 1, false},
};

InstanceSpec spec_of(const Case& c, int tp) {
  InstanceSpec s;
  s.model = source_catalog().find_model(c.model);
  s.gpu = source_catalog().find_gpu(c.gpu);
  s.parallelism.tp = tp;
  s.parallelism.ep = std::min(c.ep, tp);
  s.parallelism.dp_attention = c.dp_attention && tp > 1;
  s.weights = s.model->quantization.at(c.precision);
  s.knobs = source_catalog().knobs_for(*s.gpu, "");
  s.numerics = source_catalog().numerics();
  return s;
}

/// Every registered step-time model runs every what-if below.
class StepModelWhatIf : public ::testing::TestWithParam<std::string> {
 protected:
  std::shared_ptr<const StepTimeModel> make(const InstanceSpec& spec) const {
    return step_model_registry().get(GetParam(), "test").make(spec);
  }
};

/// Decode-only, prefill-only and mixed batches from tiny to large.
std::vector<BatchFeatures> batches() {
  std::vector<BatchFeatures> out;
  for (double seqs : {1.0, 8.0, 64.0, 256.0}) {
    for (double ctx : {128.0, 2048.0, 16384.0}) {
      BatchFeatures d;
      d.decode_seqs = seqs;
      d.decode_context_sum = seqs * ctx;
      out.push_back(d);
      BatchFeatures m = d;  // plus one 1024-token chunk after a 1024-token prefix
      m.prefill_seqs = 1;
      m.prefill_tokens = 1024;
      m.prefill_context_sum = 2048;
      m.prefill_attention_pairs = 1024.0 * 1024 + 1024.0 * 1025 / 2;
      out.push_back(m);
    }
  }
  for (double chunk : {16.0, 512.0, 8192.0}) {
    BatchFeatures p;
    p.prefill_seqs = 1;
    p.prefill_tokens = chunk;
    p.prefill_context_sum = chunk;
    p.prefill_attention_pairs = chunk * (chunk + 1) / 2;
    out.push_back(p);
  }
  return out;
}

TEST_P(StepModelWhatIf, DoublingHbmBandwidthNeverSlowsAStep) {
  for (const Case& c : kCases) {
    const InstanceSpec base = spec_of(c, c.tp);
    GpuSpec fast_gpu = *base.gpu;
    fast_gpu.hbm_bw_bytes_per_s *= 2;
    InstanceSpec fast = base;
    fast.gpu = &fast_gpu;
    const auto slow_ptr = make(base), fast_ptr = make(fast);
    const StepTimeModel &slow_model = *slow_ptr, &fast_model = *fast_ptr;
    for (const BatchFeatures& b : batches()) {
      const double t0 = slow_model.step_time_s(b), t1 = fast_model.step_time_s(b);
      EXPECT_LE(t1, t0) << c.model << " decode " << b.decode_seqs << " prefill "
                        << b.prefill_tokens;
      EXPECT_GT(t1, 0);
    }
  }
}

TEST_P(StepModelWhatIf, DoublingPeakFlopsOrLinkBandwidthNeverSlowsAStep) {
  for (const Case& c : kCases) {
    const InstanceSpec base = spec_of(c, c.tp);
    GpuSpec fast_gpu = *base.gpu;
    for (auto& [name, flops] : fast_gpu.dense_flops_per_s) flops *= 2;
    fast_gpu.scale_up.bw_bytes_per_s *= 2;
    fast_gpu.scale_up.per_peer_bw_bytes_per_s *= 2;
    InstanceSpec fast = base;
    fast.gpu = &fast_gpu;
    const auto slow_ptr = make(base), fast_ptr = make(fast);
    const StepTimeModel &slow_model = *slow_ptr, &fast_model = *fast_ptr;
    for (const BatchFeatures& b : batches()) {
      EXPECT_LE(fast_model.step_time_s(b), slow_model.step_time_s(b)) << c.model;
    }
  }
}

TEST(StepModelWeights, MoreTensorParallelGpusNeverHoldMoreWeightEach) {
  for (const Case& c : kCases) {
    double previous = 0;
    for (int tp : {1, 2, 4, 8}) {
      const InstanceSpec s = spec_of(c, tp);
      if (s.model->attention.num_heads % tp != 0) continue;
      const double bytes = weight_bytes_per_gpu(s);
      if (previous > 0) {
        EXPECT_LE(bytes, previous) << c.model << " tp " << tp;
      }
      previous = bytes;
    }
  }
}

TEST_P(StepModelWhatIf, MoreSequencesOrLongerContextsNeverTakeLess) {
  for (const Case& c : kCases) {
    const auto model_ptr = make(spec_of(c, c.tp));
    const StepTimeModel& model = *model_ptr;
    double previous = 0;
    for (double seqs = 1; seqs <= 1024; seqs *= 2) {
      BatchFeatures b;
      b.decode_seqs = seqs;
      b.decode_context_sum = seqs * 1000;
      const double t = model.step_time_s(b);
      EXPECT_GE(t, previous) << c.model << " " << seqs << " seqs";
      previous = t;
    }
    previous = 0;
    for (double ctx = 16; ctx <= 131072; ctx *= 2) {
      BatchFeatures b;
      b.decode_seqs = 32;
      b.decode_context_sum = 32 * ctx;
      const double t = model.step_time_s(b);
      EXPECT_GE(t, previous) << c.model << " context " << ctx;
      previous = t;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Registered, StepModelWhatIf,
                         ::testing::ValuesIn(step_model_registry().names()),
                         [](const auto& p) { return p.param; });

}  // namespace
}  // namespace servesim
