// Choosing the measured curve for each collective and adding the scale-out part.
#include "hw/calibrated_collective_model.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

namespace servesim {
namespace {

/// The framework's CUDA-graph custom all-reduce kernel in the measurements.
std::string custom_all_reduce_kernel(const std::string& framework) {
  if (framework == "TRT-LLM") return "TRTLLM";
  if (framework == "SGLang") return "SGLang_CustomAllReduce_graph";
  if (framework == "vLLM") return "vLLM_custom_graph";
  return "";
}

/// Bytes one token copy carries in TensorRT-LLM's all-to-all (its table's dtype).
const char* trtllm_dtype(Precision p) {
  switch (p) {
    case Precision::kNvfp4:
    case Precision::kMxfp4:
      return "nvfp4";
    case Precision::kFp8:
      return "fp8";
    default:
      return "bf16";
  }
}

}  // namespace

CalibratedCollectiveModel::CalibratedCollectiveModel(const GpuCollectiveCurves* curves,
                                                     std::string framework,
                                                     int deepep_normal_sms)
    : curves_(curves), framework_(std::move(framework)), deepep_normal_sms_(deepep_normal_sms) {}

CollectiveTime CalibratedCollectiveModel::with_scale_out(const GroupLink& link,
                                                         const CollectiveCurve& curve,
                                                         const char* kernel,
                                                         double local_traffic, double engines,
                                                         double remote_bytes,
                                                         bool parallel) const {
  const int l = link.local_size();
  // Latency is not extrapolated past the largest measured group: it stays that group's.
  const int latency_ranks = curve.max_ranks > 0 ? std::min(l, curve.max_ranks) : l;
  const double local =
      curve.time_s(local_traffic, l, link.per_gpu_bw_bytes_per_s, engines, latency_ranks);
  bool spine = false;
  double out = link.scale_out_time_s(remote_bytes, &spine);
  if (link.domains > 1) out += link.scale_out_latency_s;
  CollectiveTime t{parallel ? std::max(local, out) : local + out, kernel, "scale-up"};
  const double alpha = curve.alpha_s + curve.alpha_per_peer_s * (latency_ranks - 1);
  if (out > local) {
    t.bound = spine ? "spine" : "NIC";
  } else if (local < 2 * alpha) {
    t.bound = "latency";  // below the knee: the fixed cost dominates
  }
  return t;
}

CollectiveTime CalibratedCollectiveModel::all_reduce(const GroupLink& link, double bytes) const {
  if (link.size <= 1 || bytes <= 0) return {0, "", ""};
  const int l = link.local_size();
  const double m = link.domains;
  const CollectiveCurve* c = nullptr;
  const char* kernel = "nccl";
  if (curves_) {
    const std::string custom = custom_all_reduce_kernel(framework_);
    if (!custom.empty() && link.domains == 1) {
      c = curves_->find("custom_allreduce", "all_reduce", custom);
      if (c && l > c->max_ranks) c = nullptr;  // measured at <= 8 GPUs: NCCL beyond
      if (c) kernel = "custom_allreduce";
    }
    if (!c) c = curves_->find("nccl", "all_reduce");
  }
  if (!c || l <= 1) return fallback_.all_reduce(link, bytes);
  return with_scale_out(link, *c, kernel, 2 * (l - 1.0) / l * bytes, 1,
                        m > 1 ? 2 * (m - 1) / m * (bytes / l) : 0.0, false);
}

CollectiveTime CalibratedCollectiveModel::all_gather(const GroupLink& link, double bytes) const {
  if (link.size <= 1 || bytes <= 0) return {0, "", ""};
  const int l = link.local_size();
  const double m = link.domains;
  const CollectiveCurve* c = curves_ ? curves_->find("nccl", "all_gather") : nullptr;
  if (!c || l <= 1) return fallback_.all_gather(link, bytes);
  return with_scale_out(link, *c, "nccl", (l - 1.0) / l * bytes, 1,
                        m > 1 ? (m - 1) / m * (bytes / l) : 0.0, false);
}

CollectiveTime CalibratedCollectiveModel::all_to_all(const GroupLink& link,
                                                     double bytes_out) const {
  if (link.size <= 1 || bytes_out <= 0) return {0, "", ""};
  const CollectiveCurve* c = curves_ ? curves_->find("nccl", "alltoall") : nullptr;
  const int l = link.local_size();
  if (!c || l <= 1) return fallback_.all_to_all(link, bytes_out);
  const double n = link.size;
  const double local = bytes_out * (l - 1) / (n - 1);
  return with_scale_out(link, *c, "nccl", local, 1, bytes_out - local, true);
}

CollectiveTime CalibratedCollectiveModel::moe_exchange(const GroupLink& link,
                                                       const MoeExchange& x) const {
  const int n = link.size;
  if (n <= 1 || x.tokens <= 0) return {0, "", ""};
  const int l = link.local_size();
  if (!curves_ || l <= 1) return fallback_.moe_exchange(link, x);
  const double bytes_out = x.bytes_out(n);
  const double local_share = (l - 1.0) / (n - 1.0);
  const double remote = bytes_out * (1 - local_share);
  // TensorRT-LLM's own NVLink all-to-all, where measured (GB200 NVL72).
  if (framework_ == "TRT-LLM") {
    const std::string op = x.combine ? "alltoall_combine" : "alltoall_dispatch";
    const char* dtype = x.combine ? "bf16" : trtllm_dtype(x.precision);
    const CollectiveCurve* c = curves_->find("trtllm_alltoall", op, "NVLinkTwoSided", dtype);
    if (!c) c = curves_->find("trtllm_alltoall", op, "", dtype);
    if (c) {
      // One copy per distinct remote rank among a token's top-k experts.
      const double per_token = x.combine ? 2 * x.hidden : x.hidden * x.bytes_per_element;
      const double distinct = (l - 1.0) * (1 - std::pow(1 - 1.0 / l, x.top_k));
      return with_scale_out(link, *c, "trtllm_alltoall", x.tokens * per_token * distinct, 1,
                            remote, true);
    }
  }
  const char* op = x.combine ? "combine" : "dispatch";
  if (x.mode == ExchangeMode::kLowLatency) {
    const CollectiveCurve* c = curves_->find("deepep_ll", op);
    if (!c) return fallback_.moe_exchange(link, x);
    // Dispatch sends FP8 with a scale per 128 elements and a 16-byte header; combine BF16.
    const double per_copy = x.combine ? 2 * x.hidden : x.hidden + x.hidden / 128 * 4 + 16;
    const double traffic = x.tokens * x.top_k * per_copy * (l - 1.0) / l;
    return with_scale_out(link, *c, "deepep_low_latency", traffic, x.local_experts, remote, true);
  }
  const CollectiveCurve* c = curves_->find("deepep_normal", op);
  if (!c) return fallback_.moe_exchange(link, x);
  const double per_token = x.combine ? 2 * x.hidden : x.hidden + x.hidden / 128 * 4;
  const double distinct = (l - 1.0) * (1 - std::pow(1 - 1.0 / l, x.top_k));
  return with_scale_out(link, *c, "deepep_normal", x.tokens * per_token * distinct,
                        deepep_normal_sms_, remote, true);
}

CollectiveTime CalibratedCollectiveModel::point_to_point(const GroupLink& link,
                                                         double bytes) const {
  return fallback_.point_to_point(link, bytes);
}

}  // namespace servesim
