// Reading the measured operator curves.
#include "hw/kernel_curves.hpp"

#include "sim/core/json_reader.hpp"

namespace servesim {

double KernelCurve::compute_efficiency(double m, double weight_elements) const {
  const double rows = m > 0 ? m / (m + m_half) : 0.0;
  const double size = weight_elements > 0 ? weight_elements / (weight_elements + n_half) : 1.0;
  return eta_max * rows * size;
}

const KernelCurve* GpuKernelCurves::find(const std::string& family) const {
  auto it = families.find(family);
  return it == families.end() ? nullptr : &it->second;
}

KernelCalibration KernelCalibration::from_text(const std::string& text, const std::string& label) {
  KernelCalibration c;
  if (text.empty()) return c;
  const Json doc = parse_json_text(text, label);
  ObjectReader root(doc, label, "");
  root.ignore({"_about", "source"});
  const Json& curves = root.raw("curves");
  if (!curves.is_array()) root.fail("curves", "expected an array");
  for (std::size_t i = 0; i < curves.size(); ++i) {
    ObjectReader e(curves[i], label, "curves[" + std::to_string(i) + "]");
    e.ignore({"framework", "fit", "sglang_rows_against_this_curve"});
    const std::string gpu = e.string("gpu");
    const std::string family = e.string("family");
    if (e.string("source").empty()) e.fail("source", "every number needs a source");
    KernelCurve k;
    k.eta_max = e.fraction_or("eta_max", 1, false);
    k.m_half = e.positive_number_or("m_half", 0, true);
    k.n_half = e.positive_number_or("n_half", 0, true);
    k.eta_m = e.fraction_or("eta_m", 1, false);
    k.t0_s = e.positive_number_or("t0_s", 0, true);
    k.q_s_per_element = e.positive_number_or("q_s_per_element", 0, true);
    e.finish();
    if (!c.by_gpu[gpu].families.emplace(family, k).second) {
      e.fail("family", "a second curve for " + gpu + " " + family);
    }
  }
  root.finish();
  return c;
}

const GpuKernelCurves* KernelCalibration::for_gpu(const std::string& gpu) const {
  auto it = by_gpu.find(gpu);
  return it == by_gpu.end() ? nullptr : &it->second;
}

}  // namespace servesim
