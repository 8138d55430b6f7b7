// The round-robin router.
#pragma once

#include "sched/router.hpp"

namespace servesim {

/// Cycles through instances in order.
class RoundRobinRouter final : public Router {
 public:
  std::size_t pick(const std::vector<std::unique_ptr<ServingInstance>>& instances) override;

 private:
  std::size_t next_ = 0;
};

}  // namespace servesim
