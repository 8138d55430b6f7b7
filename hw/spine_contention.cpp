// Leaf-uplink shares of co-placed instances by max-min fairness.
#include "hw/spine_contention.hpp"

#include <algorithm>

#include "hw/max_min_fairness.hpp"

namespace servesim {

std::vector<double> spine_slowdown(const Topology& topology, const std::vector<int>& first_gpu,
                                   int instance_gpus) {
  const GpuSpec& gpu = topology.gpu();
  const double nic = gpu.scale_out.nic_bw_bytes_per_s;
  const int groups = (topology.num_gpus() + topology.leaf_group_size() - 1) /
                     topology.leaf_group_size();
  // One uplink bundle per leaf group (all rails together; rails are symmetric).
  std::vector<double> capacity(static_cast<std::size_t>(groups),
                               topology.leaf_group_size() * nic / gpu.scale_out.oversubscription);
  std::vector<FairnessFlow> flows;
  std::vector<int> owner;
  for (std::size_t i = 0; i < first_gpu.size(); ++i) {
    if (topology.cross_leaf_share(first_gpu[i], instance_gpus) <= 0) continue;
    for (int g = first_gpu[i]; g < first_gpu[i] + instance_gpus; ++g) {
      flows.push_back({{topology.leaf_group_of(g)}, nic});
      owner.push_back(static_cast<int>(i));
    }
  }
  std::vector<double> slowdown(first_gpu.size(), 1.0);
  if (flows.empty()) return slowdown;
  const FairShare share = max_min_fairness(capacity, flows);
  for (std::size_t f = 0; f < flows.size(); ++f) {
    double& s = slowdown[static_cast<std::size_t>(owner[f])];
    s = std::max(s, nic / share.rate_bytes_per_s[f]);
  }
  return slowdown;
}

}  // namespace servesim
