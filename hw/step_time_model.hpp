// The interface of iteration-time models, and the per-component breakdown they report.
#pragma once

#include <array>
#include <string>

#include "hw/batch_features.hpp"

namespace servesim {

/// The parts of an iteration whose time `servesim explain` reports.
enum class StepPart {
  kAttentionProjections,
  kAttentionDecode,
  kAttentionPrefill,
  kDenseFfn,
  kMoeRouter,
  kSharedExperts,
  kRoutedExperts,
  kLmHead,
  kAllReduce,
  kDispatch,
  kCombine,
  kMtpDraft,
  kLayerOverhead,
  kStepOverhead,
  kCount,
};

const char* step_part_name(StepPart part);

/// Per-part totals of one iteration on the busiest GPU of the instance.
struct StepBreakdown {
  struct Part {
    double time_s = 0;
    double flops = 0;      ///< on one GPU
    double bytes = 0;      ///< HBM bytes (or bytes on the wire for collectives) on one GPU
    double compute_s = 0;  ///< time the FLOPs alone would take
    double memory_s = 0;   ///< time the bytes alone would take
    /// Collectives: the kernel family timed and the link that bounds it ("scale-up", "NIC",
    /// "spine", "latency"); of the part's largest call.
    const char* kernel = "";
    const char* link = "";
    double largest_call_s = 0;
    /// Communication time hidden behind the other micro-batch's compute (two-batch overlap);
    /// not part of time_s.
    double hidden_s = 0;
  };
  std::array<Part, static_cast<std::size_t>(StepPart::kCount)> parts{};
  double total_s = 0;

  Part& operator[](StepPart p) { return parts[static_cast<std::size_t>(p)]; }
  const Part& operator[](StepPart p) const { return parts[static_cast<std::size_t>(p)]; }
  /// "compute", "memory", "fixed", "mixed", or for collectives the bounding link.
  std::string bound(StepPart p) const;
};

/// Time of one forward iteration of an instance for a batch described by its features.
class StepTimeModel {
 public:
  virtual ~StepTimeModel() = default;
  /// Seconds for the iteration (hot path: no allocation).
  virtual double step_time_s(const BatchFeatures& batch) const = 0;
  /// The same time, split into parts.
  virtual StepBreakdown breakdown(const BatchFeatures& batch) const = 0;
  /// Host work after the step that delays the instance's next step but not this step's
  /// outputs (its first tokens and hand-offs leave when the step ends), seconds.
  virtual double host_time_after_s(const BatchFeatures& batch) const {
    (void)batch;
    return 0;
  }
};

}  // namespace servesim
