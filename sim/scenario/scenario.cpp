// Small helpers of the scenario structs.
#include "sim/scenario/scenario.hpp"

#include <algorithm>

namespace servesim {

const char* pool_role_name(PoolRole role) {
  switch (role) {
    case PoolRole::kAggregated:
      return "aggregated";
    case PoolRole::kPrefill:
      return "prefill";
    case PoolRole::kDecode:
      return "decode";
  }
  return "?";
}

bool Scenario::disaggregated() const {
  return std::any_of(pools.begin(), pools.end(),
                     [](const PoolConfig& p) { return p.role != PoolRole::kAggregated; });
}

}  // namespace servesim
