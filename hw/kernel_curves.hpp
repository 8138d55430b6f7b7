// Measured operator curves (scenarios/catalog/kernel_curves.json, fitted by
// scripts/fit_kernels.py to the kernel timings in shared/calibration/kernels): one saturating
// roofline per GPU and operator family (GEMM by weight format, fused MoE, MLA attention).
#pragma once

#include <map>
#include <string>

namespace servesim {

/// One call of the operator takes
///   t0 + q A + max(F / (P eta_c), B / (W eta_m)),  eta_c = eta_max m / (m + m_half) N / (N + n_half)
/// with F its FLOPs, B its bytes, m the rows each weight sees, N the weight elements of the
/// call (0 = no size factor), A the activation elements it quantises, P the dense peak of its
/// precision and W the HBM bandwidth (the catalog's, overrides included).
struct KernelCurve {
  double eta_max = 1;
  double m_half = 0;
  double n_half = 0;
  double eta_m = 1;
  double t0_s = 0;
  double q_s_per_element = 0;

  /// Achieved fraction of the compute peak for `m` rows and `weight_elements` (0: no factor).
  double compute_efficiency(double m, double weight_elements) const;
};

/// The curves of one GPU by family ("gemm.bf16", "gemm.fp8", "gemm.fp8_block", "gemm.nvfp4",
/// "moe.fp8_block", "moe.nvfp4", "mla_ctx.fp8_kv", "mla_gen.fp8_kv").
struct GpuKernelCurves {
  std::map<std::string, KernelCurve> families;
  /// The family's curve, or nullptr.
  const KernelCurve* find(const std::string& family) const;
};

struct KernelCalibration {
  /// By GPU catalog name; GPUs without measurements are absent.
  std::map<std::string, GpuKernelCurves> by_gpu;

  /// Parses kernel_curves.json (an empty text: no curves); `label` names the file in messages.
  /// Every entry needs a source.
  static KernelCalibration from_text(const std::string& text, const std::string& label);
  const GpuKernelCurves* for_gpu(const std::string& gpu) const;
};

}  // namespace servesim
