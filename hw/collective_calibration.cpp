// Reading collectives.json and evaluating its curves.
#include "hw/collective_calibration.hpp"

#include <cmath>

#include "sim/core/json_reader.hpp"

namespace servesim {

double CollectiveCurve::time_s(double traffic_bytes, int ranks, double link_bw_bytes_per_s,
                               double engines, int latency_ranks) const {
  if (traffic_bytes <= 0 || ranks <= 1) return 0;
  const int n = latency_ranks > 0 ? latency_ranks : ranks;
  const double alpha = alpha_s + alpha_per_peer_s * (n - 1);
  double inv_bw = 1 / (eff * link_bw_bytes_per_s);
  if (engine_bw_bytes_per_s > 0) inv_bw += 1 / (engines * engine_bw_bytes_per_s);
  const double b = traffic_bytes * inv_bw;
  const double p = knee_exponent;
  return std::pow(std::pow(alpha, p) + std::pow(b, p), 1 / p);
}

void GpuCollectiveCurves::add(const std::string& family, const std::string& op,
                              const std::string& kernel, const std::string& dtype,
                              CollectiveCurve c) {
  entries_.push_back({family, op, kernel, dtype, c});
}

const CollectiveCurve* GpuCollectiveCurves::find(const std::string& family, const std::string& op,
                                                 const std::string& kernel,
                                                 const std::string& dtype) const {
  for (const auto& e : entries_) {
    if (e.family == family && e.op == op && (kernel.empty() || e.kernel == kernel) &&
        (dtype.empty() || e.dtype == dtype)) {
      return &e.curve;
    }
  }
  return nullptr;
}

CollectiveCalibration CollectiveCalibration::from_text(const std::string& text,
                                                       const std::string& label) {
  const Json doc = parse_json_text(text, label);
  ObjectReader root(doc, label, "");
  root.ignore({"_about", "generated_by", "aic_commit", "formula", "reference_points"});
  CollectiveCalibration c;
  {
    ObjectReader sms = root.object("deepep_normal_sms");
    c.deepep_normal_sms = sms.count("value", 1);
    if (sms.string("source").empty()) sms.fail("source", "every number needs a source");
    sms.finish();
  }
  const Json& entries = root.raw("entries");
  if (!entries.is_array()) root.fail("entries", "expected an array");
  for (std::size_t i = 0; i < entries.size(); ++i) {
    ObjectReader e(entries[i], label, "entries[" + std::to_string(i) + "]");
    e.ignore({"system", "fabric", "link", "link_bw_bytes_per_s", "fitted_params", "traffic",
              "fit", "framework", "used_by_aic"});
    const std::string gpu = e.string("gpu");
    const std::string family = e.string("family");
    const std::string op = e.string("op");
    const std::string kernel = e.string("kernel");
    const Json& dtype = e.raw("dtype");
    if (e.string("source").empty()) e.fail("source", "every number needs a source");
    CollectiveCurve curve;
    ObjectReader p = e.object("params");
    curve.alpha_s = p.positive_number_or("alpha_s", 0, true);
    curve.alpha_per_peer_s = p.positive_number_or("alpha_per_peer_s", 0, true);
    curve.eff = p.fraction_or("eff", 1, false);
    const Json& engine = p.raw("engine_bw_bytes_per_s");
    if (!engine.is_null()) {
      if (!engine.is_number() || engine.get<double>() <= 0) {
        p.fail("engine_bw_bytes_per_s", "expected a positive number or null");
      }
      curve.engine_bw_bytes_per_s = engine.get<double>();
    }
    curve.knee_exponent = p.fraction_or("knee_exponent", 1, false);
    p.finish();
    const std::vector<double> ranks = e.number_list("valid_ranks");
    if (ranks.size() != 2) e.fail("valid_ranks", "expected [min, max]");
    curve.min_ranks = static_cast<int>(ranks[0]);
    curve.max_ranks = static_cast<int>(ranks[1]);
    e.finish();
    c.by_gpu[gpu].add(family, op, kernel, dtype.is_string() ? dtype.get<std::string>() : "",
                      curve);
  }
  root.finish();
  return c;
}

const GpuCollectiveCurves* CollectiveCalibration::for_gpu(const std::string& gpu) const {
  auto it = by_gpu.find(gpu);
  return it == by_gpu.end() ? nullptr : &it->second;
}

}  // namespace servesim
