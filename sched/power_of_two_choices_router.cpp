// The power-of-two-choices router.
#include "sched/power_of_two_choices_router.hpp"

#include <utility>

#include "sim/core/error.hpp"

namespace servesim {

PowerOfTwoChoicesRouter::PowerOfTwoChoicesRouter(RandomStream rng) : rng_(std::move(rng)) {}

void PowerOfTwoChoicesRouter::reset(std::size_t workers) { outstanding_tokens_.assign(workers, 0); }

void PowerOfTwoChoicesRouter::update(std::size_t w, const WorkerLoad& load) {
  SERVESIM_CHECK(w < outstanding_tokens_.size(), "a router update names a worker outside its pool");
  outstanding_tokens_[w] = load.outstanding_tokens;
}

std::size_t PowerOfTwoChoicesRouter::pick() {
  const auto n = static_cast<std::int64_t>(outstanding_tokens_.size());
  SERVESIM_CHECK(n > 0, "a router picks from an empty pool (reset it first)");
  if (n == 1) return 0;
  // Two distinct workers, each pair equally likely: draw a from n, b from the other n - 1.
  const auto a = static_cast<std::size_t>(rng_.uniform_int(0, n - 1));
  auto b = static_cast<std::size_t>(rng_.uniform_int(0, n - 2));
  if (b >= a) ++b;
  const std::size_t lo = a < b ? a : b;
  const std::size_t hi = a < b ? b : a;
  return outstanding_tokens_[hi] < outstanding_tokens_[lo] ? hi : lo;
}

}  // namespace servesim
