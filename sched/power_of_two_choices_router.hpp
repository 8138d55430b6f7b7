// The power-of-two-choices router.
#pragma once

#include <cstdint>
#include <vector>

#include "sched/router.hpp"
#include "sim/core/random_stream.hpp"

namespace servesim {

/// Draws two distinct workers uniformly at random and takes the one with fewer outstanding
/// tokens (tie: the lower index); with one worker, that one. O(1) per pick and per update.
/// The same stream gives the same picks for the same loads.
class PowerOfTwoChoicesRouter final : public Router {
 public:
  explicit PowerOfTwoChoicesRouter(RandomStream rng);

  void reset(std::size_t workers) override;
  void update(std::size_t w, const WorkerLoad& load) override;
  std::size_t pick() override;

 private:
  RandomStream rng_;
  std::vector<std::int64_t> outstanding_tokens_;  ///< per worker
};

}  // namespace servesim
