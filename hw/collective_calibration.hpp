// Measured collective curves (scenarios/catalog/collectives.json, fitted by
// scripts/fit_collectives.py to the kernel timings in shared/calibration/kernels): one
// latency-bandwidth curve per GPU, kernel family, operation, kernel and dtype.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace servesim {

/// time_s = (alpha^p + (traffic_bytes * inv_bw)^p)^(1/p) with alpha = alpha_s +
/// alpha_per_peer_s (n - 1), inv_bw = 1 / (eff link_bw) + 1 / (engines engine_bw) (the engine
/// term only where engine_bw_bytes_per_s > 0) and p = knee_exponent. link_bw is the link the
/// caller's group runs on (the catalog's, overrides included), so eff is a fraction of it.
struct CollectiveCurve {
  double alpha_s = 0;
  double alpha_per_peer_s = 0;
  double eff = 1;
  double engine_bw_bytes_per_s = 0;  ///< 0 = no engine limit
  double knee_exponent = 1;
  int min_ranks = 0, max_ranks = 0;  ///< the ranks it was measured at
  /// `latency_ranks` (default: `ranks`) sets the n of alpha.
  double time_s(double traffic_bytes, int ranks, double link_bw_bytes_per_s, double engines = 1,
                int latency_ranks = 0) const;
};

/// The curves of one GPU, keyed by family ("nccl", "custom_allreduce", "deepep_ll",
/// "deepep_normal", "trtllm_alltoall"), op ("all_reduce", "dispatch", ...), kernel and dtype.
class GpuCollectiveCurves {
 public:
  void add(const std::string& family, const std::string& op, const std::string& kernel,
           const std::string& dtype, CollectiveCurve c);
  /// The curve, or nullptr. An empty `kernel` or `dtype` matches the first entry of the family
  /// and op in catalog order.
  const CollectiveCurve* find(const std::string& family, const std::string& op,
                              const std::string& kernel = "", const std::string& dtype = "") const;

 private:
  struct Entry {
    std::string family, op, kernel, dtype;
    CollectiveCurve curve;
  };
  std::vector<Entry> entries_;
};

struct CollectiveCalibration {
  /// By GPU catalog name; GPUs without measurements are absent.
  std::map<std::string, GpuCollectiveCurves> by_gpu;
  /// SMs DeepEP's normal-mode kernels run on (its engines).
  int deepep_normal_sms = 0;

  /// Parses collectives.json; `label` names the file in messages. Every entry needs a source.
  static CollectiveCalibration from_text(const std::string& text, const std::string& label);
  const GpuCollectiveCurves* for_gpu(const std::string& gpu) const;
};

}  // namespace servesim
