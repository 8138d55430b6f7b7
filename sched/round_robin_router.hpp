// The round-robin router.
#pragma once

#include "sched/router.hpp"

namespace servesim {

/// Cycles through the workers in order, 0, 1, ..., n-1, 0, ...; ignores loads. O(1).
class RoundRobinRouter final : public Router {
 public:
  void reset(std::size_t workers) override;
  void update(std::size_t w, const WorkerLoad& load) override;
  std::size_t pick() override;

 private:
  std::size_t workers_ = 0;
  std::size_t next_ = 0;  ///< the next pick, < workers_
};

}  // namespace servesim
