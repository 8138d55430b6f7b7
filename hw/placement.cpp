// Pack and spread placement of instances onto scale-up domains.
#include "hw/placement.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace servesim {

const char* placement_policy_name(PlacementPolicy p) {
  return p == PlacementPolicy::kPack ? "pack" : "spread";
}

Placement place_instances(const PlacementRequest& r) {
  Placement out;
  const int d = std::max(1, r.domain_size);
  const std::vector<int> sizes = r.instance_sizes.empty()
                                     ? std::vector<int>(static_cast<std::size_t>(r.instances),
                                                        r.instance_gpus)
                                     : r.instance_sizes;
  const bool uniform = std::all_of(sizes.begin(), sizes.end(),
                                   [&](int n) { return n == sizes.front(); });
  const std::string what =
      uniform ? fmt::format("{} instances of {} GPUs", sizes.size(), sizes.empty() ? 0 : sizes[0])
              : fmt::format("{} instances", sizes.size());
  for (int n : sizes) {
    if (n > d && n % d != 0) {
      out.error = fmt::format("an instance of {} GPUs spans part of a {}-GPU scale-up domain; it "
                              "must fit in one or take whole domains",
                              n, d);
      return out;
    }
  }
  if (r.cluster_gpus % d != 0) {
    out.error = fmt::format("{} GPUs are not whole {}-GPU scale-up domains", r.cluster_gpus, d);
    return out;
  }
  const bool all_fit = std::all_of(sizes.begin(), sizes.end(), [&](int n) { return n <= d; });
  if (r.policy == PlacementPolicy::kSpread && all_fit && r.cluster_gpus > 0) {
    // Round-robin over domains, each filled from its lowest free GPU.
    const int domains = r.cluster_gpus / d;
    std::vector<int> used(static_cast<std::size_t>(domains), 0);
    int next = 0;
    for (int n : sizes) {
      int tries = 0;
      while (tries < domains && used[static_cast<std::size_t>(next)] + n > d) {
        next = (next + 1) % domains;
        ++tries;
      }
      if (tries == domains) {
        out.first_gpu.clear();
        out.error = uniform ? fmt::format("{} do not fit in {} GPUs ({} per domain)", what,
                                          r.cluster_gpus, d / n)
                            : fmt::format("{} do not fit in {} GPUs", what, r.cluster_gpus);
        return out;
      }
      out.first_gpu.push_back(next * d + used[static_cast<std::size_t>(next)]);
      used[static_cast<std::size_t>(next)] += n;
      next = (next + 1) % domains;
    }
    out.cluster_gpus = r.cluster_gpus;
    return out;
  }
  int cursor = 0;
  for (int n : sizes) {
    if (n > d || cursor % d + n > d) cursor = (cursor + d - 1) / d * d;
    out.first_gpu.push_back(cursor);
    cursor += n;
  }
  const int needed = (cursor + d - 1) / d * d;
  if (r.cluster_gpus > 0 && needed > r.cluster_gpus) {
    out.first_gpu.clear();
    out.error = fmt::format("{} need {} GPUs of {}-GPU domains; the cluster has {}", what, needed,
                            d, r.cluster_gpus);
    return out;
  }
  out.cluster_gpus = r.cluster_gpus > 0 ? r.cluster_gpus : needed;
  return out;
}

}  // namespace servesim
