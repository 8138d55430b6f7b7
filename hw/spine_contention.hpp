// How instances placed on one cluster share the spine: the leaf uplinks their cross-leaf
// all-to-all traffic crosses, divided by max-min fairness (hw/max_min_fairness.hpp).
#pragma once

#include <vector>

#include "hw/topology.hpp"

namespace servesim {

/// For each instance (first GPU, GPUs), the slowdown of its cross-leaf bytes relative to its
/// NIC rate when every instance's collectives cross the spine at once: nic / fair rate, >= 1.
/// Each GPU that sends across the spine is one flow, capped at its NIC, through its leaf
/// group's uplinks (gpus in the leaf group x nic / oversubscription). A full leaf group gives
/// the fabric's oversubscription; a partly filled one shares its uplinks among fewer senders.
std::vector<double> spine_slowdown(const Topology& topology, const std::vector<int>& first_gpu,
                                   int instance_gpus);

}  // namespace servesim
