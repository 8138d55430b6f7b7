// Collectives timed by the curves fitted to measured kernels (hw/collective_calibration.hpp):
// the framework's CUDA-graph custom all-reduce for small tensor-parallel groups, NCCL beyond,
// DeepEP low-latency or normal kernels for MoE dispatch/combine (TensorRT-LLM's NVLink
// all-to-all on GPUs where it was measured). Traffic that leaves the scale-up domain is added
// over the NIC as in the hierarchical model; GPUs without measurements use that model.
#pragma once

#include <string>

#include "hw/collective_calibration.hpp"
#include "hw/collective_model.hpp"
#include "hw/hierarchical_collective_model.hpp"

namespace servesim {

class CalibratedCollectiveModel final : public CollectiveModel {
 public:
  /// `curves` may be null (no measurements for the GPU); `framework` ("TRT-LLM", "SGLang",
  /// "vLLM", "" = generic) picks the custom all-reduce and all-to-all kernels. The curves are
  /// looked up once here, not per call.
  CalibratedCollectiveModel(const GpuCollectiveCurves* curves, const std::string& framework,
                            int deepep_normal_sms);

  CollectiveTime all_reduce(const GroupLink& link, double bytes) const override;
  CollectiveTime all_gather(const GroupLink& link, double bytes) const override;
  CollectiveTime all_to_all(const GroupLink& link, double bytes_out) const override;
  CollectiveTime moe_exchange(const GroupLink& link, const MoeExchange& x) const override;
  CollectiveTime point_to_point(const GroupLink& link, double bytes) const override;

 private:
  /// Dispatch and combine curves of one kernel family (null where not measured).
  struct ExchangeCurves {
    const CollectiveCurve* dispatch = nullptr;
    const CollectiveCurve* combine = nullptr;
    const CollectiveCurve* of(bool combine_op) const { return combine_op ? combine : dispatch; }
  };

  /// The measured in-domain part (curve over the group's local GPUs) plus the scale-out part
  /// of the hierarchical model for `remote_bytes`, in series or in parallel.
  CollectiveTime with_scale_out(const GroupLink& link, const CollectiveCurve& curve,
                                const char* kernel, double local_traffic, double engines,
                                double remote_bytes, bool parallel) const;

  const CollectiveCurve* custom_all_reduce_ = nullptr;
  const CollectiveCurve* nccl_all_reduce_ = nullptr;
  const CollectiveCurve* nccl_all_gather_ = nullptr;
  const CollectiveCurve* nccl_all_to_all_ = nullptr;
  ExchangeCurves deepep_low_latency_, deepep_normal_;
  /// TensorRT-LLM's all-to-all: dispatch by copy format (bf16, fp8, nvfp4), combine in bf16.
  const CollectiveCurve* trtllm_dispatch_[3] = {nullptr, nullptr, nullptr};
  const CollectiveCurve* trtllm_combine_ = nullptr;
  int deepep_normal_sms_;
  HierarchicalCollectiveModel fallback_;
};

}  // namespace servesim
