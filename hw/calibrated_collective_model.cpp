// Choosing the measured curve for each collective and adding the scale-out part.
#include "hw/calibrated_collective_model.hpp"

#include <algorithm>
#include <cmath>

namespace servesim {
namespace {

/// The framework's CUDA-graph custom all-reduce kernel in the measurements.
std::string custom_all_reduce_kernel(const std::string& framework) {
  if (framework == "TRT-LLM") return "TRTLLM";
  if (framework == "SGLang") return "SGLang_CustomAllReduce_graph";
  if (framework == "vLLM") return "vLLM_custom_graph";
  return "";
}

/// The index of TensorRT-LLM's table dtype for copies in format `p`: bf16, fp8 or nvfp4.
int trtllm_dtype_index(Precision p) {
  switch (p) {
    case Precision::kNvfp4:
    case Precision::kMxfp4:
      return 2;
    case Precision::kFp8:
      return 1;
    default:
      return 0;
  }
}

/// Expected distinct other ranks among a token's top-k experts over `ranks` ranks: kernels
/// that send one copy per destination rank move this many copies per token.
double distinct_remote_ranks(int ranks, int top_k) {
  return (ranks - 1.0) * (1 - std::pow(1 - 1.0 / ranks, top_k));
}

}  // namespace

CalibratedCollectiveModel::CalibratedCollectiveModel(const GpuCollectiveCurves* curves,
                                                     const std::string& framework,
                                                     int deepep_normal_sms)
    : deepep_normal_sms_(deepep_normal_sms) {
  if (!curves) return;
  const std::string custom = custom_all_reduce_kernel(framework);
  if (!custom.empty()) custom_all_reduce_ = curves->find("custom_allreduce", "all_reduce", custom);
  nccl_all_reduce_ = curves->find("nccl", "all_reduce");
  nccl_all_gather_ = curves->find("nccl", "all_gather");
  nccl_all_to_all_ = curves->find("nccl", "alltoall");
  deepep_low_latency_ = {curves->find("deepep_ll", "dispatch"),
                         curves->find("deepep_ll", "combine")};
  deepep_normal_ = {curves->find("deepep_normal", "dispatch"),
                    curves->find("deepep_normal", "combine")};
  if (framework == "TRT-LLM") {
    auto pick = [&](const char* op, const char* dtype) {
      const CollectiveCurve* c = curves->find("trtllm_alltoall", op, "NVLinkTwoSided", dtype);
      return c ? c : curves->find("trtllm_alltoall", op, "", dtype);
    };
    const char* dtypes[3] = {"bf16", "fp8", "nvfp4"};
    for (int i = 0; i < 3; ++i) trtllm_dispatch_[i] = pick("alltoall_dispatch", dtypes[i]);
    trtllm_combine_ = pick("alltoall_combine", "bf16");
  }
}

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
  // The custom all-reduce runs inside one domain and was measured at <= 8 GPUs: NCCL beyond.
  const bool custom =
      custom_all_reduce_ && link.domains == 1 && l <= custom_all_reduce_->max_ranks;
  const CollectiveCurve* c = custom ? custom_all_reduce_ : nccl_all_reduce_;
  if (!c || l <= 1) return fallback_.all_reduce(link, bytes);
  return with_scale_out(link, *c, custom ? "custom_allreduce" : "nccl",
                        2 * (l - 1.0) / l * bytes, 1,
                        m > 1 ? 2 * (m - 1) / m * (bytes / l) : 0.0, false);
}

CollectiveTime CalibratedCollectiveModel::all_gather(const GroupLink& link, double bytes) const {
  if (link.size <= 1 || bytes <= 0) return {0, "", ""};
  const int l = link.local_size();
  const double m = link.domains;
  const CollectiveCurve* c = nccl_all_gather_;
  if (!c || l <= 1) return fallback_.all_gather(link, bytes);
  return with_scale_out(link, *c, "nccl", (l - 1.0) / l * bytes, 1,
                        m > 1 ? (m - 1) / m * (bytes / l) : 0.0, false);
}

CollectiveTime CalibratedCollectiveModel::all_to_all(const GroupLink& link,
                                                     double bytes_out) const {
  if (link.size <= 1 || bytes_out <= 0) return {0, "", ""};
  const CollectiveCurve* c = nccl_all_to_all_;
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
  if (l <= 1) return fallback_.moe_exchange(link, x);
  const double remote = x.bytes_out(n) * (1 - (l - 1.0) / (n - 1.0));
  // TensorRT-LLM's own NVLink all-to-all, where measured (GB200 NVL72).
  const CollectiveCurve* trtllm =
      x.combine ? trtllm_combine_ : trtllm_dispatch_[trtllm_dtype_index(x.precision)];
  if (trtllm) {
    const double per_token = x.combine ? 2 * x.hidden : x.hidden * x.bytes_per_element;
    return with_scale_out(link, *trtllm, "trtllm_alltoall",
                          x.tokens * per_token * distinct_remote_ranks(l, x.top_k), 1, remote,
                          true);
  }
  if (x.mode == ExchangeMode::kLowLatency) {
    const CollectiveCurve* c = deepep_low_latency_.of(x.combine);
    if (!c) return fallback_.moe_exchange(link, x);
    // Dispatch sends FP8 with a scale per 128 elements and a 16-byte header; combine BF16.
    const double per_copy = x.combine ? 2 * x.hidden : x.hidden + x.hidden / 128 * 4 + 16;
    const double traffic = x.tokens * x.top_k * per_copy * (l - 1.0) / l;
    return with_scale_out(link, *c, "deepep_low_latency", traffic, x.local_experts, remote, true);
  }
  const CollectiveCurve* c = deepep_normal_.of(x.combine);
  if (!c) return fallback_.moe_exchange(link, x);
  const double per_token = x.combine ? 2 * x.hidden : x.hidden + x.hidden / 128 * 4;
  return with_scale_out(link, *c, "deepep_normal",
                        x.tokens * per_token * distinct_remote_ranks(l, x.top_k),
                        deepep_normal_sms_, remote, true);
}

CollectiveTime CalibratedCollectiveModel::point_to_point(const GroupLink& link,
                                                         double bytes) const {
  return fallback_.point_to_point(link, bytes);
}

}  // namespace servesim
