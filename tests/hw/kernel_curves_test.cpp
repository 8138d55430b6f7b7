// The measured operator curves (kernel_curves.json): the saturating form, the catalog's
// coverage, agreement with measured kernel rows, and the kernel_roofline step model using them
// with the right shapes (hand-derived from the same curve).
#include "hw/kernel_curves.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "hw/roofline_step_model.hpp"
#include "hw/step_model_registry.hpp"
#include "tests/support/test_catalog.hpp"

namespace servesim {
namespace {

using testing::source_catalog;

TEST(KernelCurves, ComputeEfficiencySaturatesInRowsAndWeightSize) {
  KernelCurve c;
  c.eta_max = 0.8;
  c.m_half = 64;
  c.n_half = 1e6;
  EXPECT_DOUBLE_EQ(c.compute_efficiency(64, 0), 0.4);        // half of eta_max at m_half
  EXPECT_DOUBLE_EQ(c.compute_efficiency(64, 1e6), 0.2);      // and half again at n_half
  EXPECT_NEAR(c.compute_efficiency(1e9, 1e15), 0.8, 1e-6);   // saturates at eta_max
  double last = 0;
  for (double m : {1.0, 4.0, 16.0, 256.0, 4096.0}) {
    const double e = c.compute_efficiency(m, 4e6);
    EXPECT_GT(e, last) << m;
    last = e;
  }
}

TEST(KernelCurves, CatalogCoversTheMeasuredGpusAndNotTheOthers) {
  const KernelCalibration& k = source_catalog().kernel_curves();
  for (const char* gpu : {"B200", "GB200", "B300", "GB300"}) {
    const GpuKernelCurves* c = k.for_gpu(gpu);
    ASSERT_NE(c, nullptr) << gpu;
    for (const char* f : {"gemm.bf16", "gemm.fp8", "gemm.fp8_block", "gemm.nvfp4", "moe.nvfp4",
                          "moe.fp8_block", "mla_ctx.fp8_kv", "mla_gen.fp8_kv"}) {
      EXPECT_NE(c->find(f), nullptr) << gpu << " " << f;
    }
  }
  for (const char* gpu : {"H100-SXM", "H200-SXM"}) {
    const GpuKernelCurves* c = k.for_gpu(gpu);
    ASSERT_NE(c, nullptr) << gpu;
    EXPECT_NE(c->find("gemm.fp8_block"), nullptr);
    EXPECT_EQ(c->find("gemm.nvfp4"), nullptr) << "Hopper has no FP4 tensor cores";
  }
  EXPECT_EQ(k.for_gpu("MI355X"), nullptr) << "no AMD kernel tables";
}

/// t of one GEMM call [m x k] x [k x n] by the curve, with the fit script's F, B, N and A.
double gemm_time(const KernelCurve& c, double m, double n, double k, double weight_bytes,
                 double peak, double bw) {
  const double flops = 2 * m * n * k;
  const double bytes = n * k * weight_bytes + 2 * m * k + 2 * m * n;
  return c.t0_s + c.q_s_per_element * m * k +
         std::max(flops / (peak * c.compute_efficiency(m, n * k)), bytes / (bw * c.eta_m));
}

TEST(KernelCurves, ReproduceMeasuredGemmRows) {
  // TensorRT-LLM Linear rows of shared/calibration/kernels/{h100_sxm,b200_sxm}/gemm.csv.
  struct Row {
    const char* gpu;
    const char* family;
    double m, n, k, weight_bytes, us;
  };
  const Row rows[] = {
      {"H100-SXM", "gemm.fp8", 1, 8192, 8192, 1.0, 37.4},
      {"H100-SXM", "gemm.fp8", 4096, 8192, 8192, 1.0, 446.6},
      {"B200", "gemm.nvfp4", 1, 7168, 7168, 0.5625, 20.27},
      {"B200", "gemm.nvfp4", 4096, 7168, 8192, 0.5625, 142.1},
  };
  for (const Row& r : rows) {
    const GpuSpec* g = source_catalog().find_gpu(r.gpu);
    ASSERT_NE(g, nullptr);
    const KernelCurve* c = source_catalog().kernel_curves().for_gpu(r.gpu)->find(r.family);
    ASSERT_NE(c, nullptr);
    const Precision p = std::string(r.family) == "gemm.nvfp4" ? Precision::kNvfp4 : Precision::kFp8;
    const double t = gemm_time(*c, r.m, r.n, r.k, r.weight_bytes, g->peak_flops(p),
                               g->hbm_bw_bytes_per_s);
    // The fit's p90 error per family is 12-34% (docs/kernel-fit.md).
    EXPECT_NEAR(t * 1e6 / r.us, 1.0, 0.35) << r.gpu << " " << r.family << " m=" << r.m;
  }
}

TEST(KernelCurves, KernelRooflineTimesTheDenseFfnByItsCurve) {
  // Llama-3.3-70B fp8 on one H100 (TP1): the dense FFN of a 64-sequence decode step is, per
  // layer, 2 GEMM calls of the gemm.fp8 curve (gate_up 8192 -> 2 x 28672, down 28672 -> 8192)
  // as one op of 3 x 8192 x 28672 weights, 64 rows, quantising 64 x (8192 + 28672) inputs.
  InstanceSpec s;
  s.model = source_catalog().find_model("Llama-3.3-70B");
  s.gpu = source_catalog().find_gpu("H100-SXM");
  ASSERT_NE(s.model, nullptr);
  ASSERT_NE(s.gpu, nullptr);
  s.parallelism.tp = 1;
  s.weights = s.model->quantization.at("fp8");
  s.kv_precision = Precision::kFp8;
  s.numerics = source_catalog().numerics();
  s.knobs = source_catalog().knobs_for(*s.gpu, "");
  s.kernel_curves = source_catalog().kernel_curves().for_gpu("H100-SXM");
  const RooflineStepModel model(s, true);
  BatchFeatures b;
  b.decode_seqs = 64;
  b.decode_context_sum = 64 * 1024;
  const StepBreakdown parts = model.breakdown(b);

  const KernelCurve& c = *s.kernel_curves->find("gemm.fp8");
  const double h = 8192, inter = 28672, m = 64;
  const double params = 3 * h * inter;
  const double flops = 2 * m * params;
  const double bytes = params * bytes_per_element(Precision::kFp8) + 3 * m * h * 2;
  const double one_layer = 2 * c.t0_s + c.q_s_per_element * m * (h + inter) +
                           std::max(flops / (s.gpu->peak_flops(Precision::kFp8) *
                                             c.compute_efficiency(m, params / 2)),
                                    bytes / (s.gpu->hbm_bw_bytes_per_s * c.eta_m));
  EXPECT_NEAR(parts[StepPart::kDenseFfn].time_s, 80 * one_layer, 1e-9 * 80 * one_layer);

  // The plain roofline ignores the curves.
  const RooflineStepModel plain(s, false);
  EXPECT_NE(plain.breakdown(b)[StepPart::kDenseFfn].time_s, parts[StepPart::kDenseFfn].time_s);
}

TEST(KernelCurves, GpuWithoutCurvesKeepsTheRoofline) {
  InstanceSpec s;
  s.model = source_catalog().find_model("Llama-3.3-70B");
  s.gpu = source_catalog().find_gpu("MI355X");
  ASSERT_NE(s.gpu, nullptr);
  s.parallelism.tp = 1;
  s.weights = s.model->quantization.at("fp8");
  s.numerics = source_catalog().numerics();
  s.knobs = source_catalog().knobs_for(*s.gpu, "");
  s.kernel_curves = source_catalog().kernel_curves().for_gpu("MI355X");
  BatchFeatures b;
  b.decode_seqs = 32;
  b.decode_context_sum = 32 * 2048;
  EXPECT_DOUBLE_EQ(RooflineStepModel(s, true).step_time_s(b),
                   RooflineStepModel(s, false).step_time_s(b));
}

}  // namespace
}  // namespace servesim
