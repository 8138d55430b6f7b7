// What a point costs: dollars per million tokens from $/GPU-hour, and tokens per second per
// provisioned megawatt from the all-in power per GPU.
#pragma once

#include "hw/gpu_spec.hpp"
#include "sim/run/run_result.hpp"

namespace servesim {

struct PointEconomics {
  double cost_usd_per_gpu_hour = 0;  ///< catalog TCO per GPU-hour
  double all_in_power_w_per_gpu = 0;  ///< catalog all-in provisioned power per GPU
  /// cost_usd_per_gpu_hour / (output tok/s/GPU x 3600 s/h) x 1e6; NaN without output.
  double cost_usd_per_million_output_tokens = 0;
  /// The same over input + output tokens.
  double cost_usd_per_million_total_tokens = 0;
  /// (input + output) tok/s per GPU / all-in W per GPU x 1e6 W/MW.
  double total_tok_s_per_mw = 0;
  double output_tok_s_per_mw = 0;
};

/// The economics of one run on `gpu` (every GPU of the point is of this kind).
PointEconomics point_economics(const GpuSpec& gpu, const RunResult& r);

/// Dollars per million tokens at `tok_s_per_gpu` tokens per second per GPU; NaN when not > 0.
double cost_usd_per_million_tokens(double cost_usd_per_gpu_hour, double tok_s_per_gpu);
/// Tokens per second per megawatt at `tok_s_per_gpu`; NaN when the power is not > 0.
double tok_s_per_megawatt(double all_in_power_w_per_gpu, double tok_s_per_gpu);

}  // namespace servesim
