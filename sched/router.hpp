// Routers: which instance of a pool a new request goes to. Implementations are chosen by name
// from router_registry() (sched/router_registry.hpp).
#pragma once

#include <memory>
#include <vector>

#include "sched/serving_instance.hpp"

namespace servesim {

class Router {
 public:
  virtual ~Router() = default;
  /// Picks an instance index for the next request.
  virtual std::size_t pick(const std::vector<std::unique_ptr<ServingInstance>>& instances) = 0;
};

}  // namespace servesim
