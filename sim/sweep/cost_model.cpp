// Cost and power per point.
#include "sim/sweep/cost_model.hpp"

#include <limits>

namespace servesim {
namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kSecondsPerHour = 3600;
}  // namespace

double cost_usd_per_million_tokens(double cost_usd_per_gpu_hour, double tok_s_per_gpu) {
  if (!(tok_s_per_gpu > 0)) return kNaN;
  return cost_usd_per_gpu_hour / (tok_s_per_gpu * kSecondsPerHour) * 1e6;
}

double tok_s_per_megawatt(double all_in_power_w_per_gpu, double tok_s_per_gpu) {
  if (!(all_in_power_w_per_gpu > 0)) return kNaN;
  return tok_s_per_gpu / all_in_power_w_per_gpu * 1e6;
}

PointEconomics point_economics(const GpuSpec& gpu, const RunResult& r) {
  PointEconomics e;
  e.cost_usd_per_gpu_hour = gpu.cost_usd_per_gpu_hour;
  e.all_in_power_w_per_gpu = gpu.all_in_power_w;
  e.cost_usd_per_million_output_tokens =
      cost_usd_per_million_tokens(gpu.cost_usd_per_gpu_hour, r.output_tok_s_per_gpu);
  e.cost_usd_per_million_total_tokens =
      cost_usd_per_million_tokens(gpu.cost_usd_per_gpu_hour, r.total_tok_s_per_gpu);
  e.total_tok_s_per_mw = tok_s_per_megawatt(gpu.all_in_power_w, r.total_tok_s_per_gpu);
  e.output_tok_s_per_mw = tok_s_per_megawatt(gpu.all_in_power_w, r.output_tok_s_per_gpu);
  return e;
}

}  // namespace servesim
