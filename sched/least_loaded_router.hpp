// The least-loaded router.
#pragma once

#include "sched/router.hpp"

namespace servesim {

/// The instance with the fewest requests waiting or running; ties go to the lowest index.
class LeastLoadedRouter final : public Router {
 public:
  std::size_t pick(const std::vector<std::unique_ptr<ServingInstance>>& instances) override;
};

}  // namespace servesim
