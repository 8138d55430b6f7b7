// Placing a cluster's instances onto its GPUs: which GPUs, scale-up domains and leaf groups each
// instance occupies.
#pragma once

#include <string>
#include <vector>

namespace servesim {

/// pack: instances fill a scale-up domain before the next one is opened (an instance that fits
/// in a domain never straddles two; a larger one takes whole domains). spread: instances that
/// fit in a domain go round-robin over the cluster's domains, one per domain before doubling up.
enum class PlacementPolicy { kPack, kSpread };
const char* placement_policy_name(PlacementPolicy p);

struct PlacementRequest {
  int instances = 1;
  int instance_gpus = 1;
  int domain_size = 8;
  int cluster_gpus = 0;  ///< 0 = as many whole domains as the instances need
  PlacementPolicy policy = PlacementPolicy::kPack;
  /// Instances of different sizes, placed in this order (non-empty: replaces instances and
  /// instance_gpus). Disaggregated pools are placed this way, prefill workers first.
  std::vector<int> instance_sizes;
};

struct Placement {
  int cluster_gpus = 0;
  std::vector<int> first_gpu;  ///< per instance; it occupies [first, first + its GPUs)
  std::string error;           ///< why the instances do not fit ("" = placed)
};

/// Places the instances, or says why they cannot be (cluster too small, instance larger than a
/// domain but not a whole number of domains, cluster not whole domains).
Placement place_instances(const PlacementRequest& r);

}  // namespace servesim
