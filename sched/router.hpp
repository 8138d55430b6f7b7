// Routers: which instance of a pool a new request goes to.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "sched/serving_instance.hpp"

namespace servesim {

class Router {
 public:
  virtual ~Router() = default;
  /// Picks an instance index for the next request.
  virtual std::size_t pick(const std::vector<std::unique_ptr<ServingInstance>>& instances) = 0;
};

/// Cycles through instances in order.
class RoundRobinRouter final : public Router {
 public:
  std::size_t pick(const std::vector<std::unique_ptr<ServingInstance>>& instances) override;

 private:
  std::size_t next_ = 0;
};

/// The instance with the fewest requests waiting or running; ties go to the lowest index.
class LeastLoadedRouter final : public Router {
 public:
  std::size_t pick(const std::vector<std::unique_ptr<ServingInstance>>& instances) override;
};

/// "round_robin" or "least_loaded".
std::unique_ptr<Router> make_router(const std::string& name);

}  // namespace servesim
