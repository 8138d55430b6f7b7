// The event loop.
#include "sim/core/simulation.hpp"

#include "sim/core/error.hpp"

namespace servesim {

void Simulation::schedule_at(SimTime at, EventQueue::Handler handler) {
  SERVESIM_CHECK(at >= now_, "cannot schedule in the past");
  queue_.push(at, std::move(handler));
}

void Simulation::run(SimTime until) {
  stopped_ = false;
  while (!stopped_ && !queue_.empty() && queue_.next_time() <= until) {
    const std::uint64_t seq = queue_.next_seq();
    auto [t, handler] = queue_.pop();
    now_ = t;
    ++events_processed_;
    fingerprint_ = (fingerprint_ ^ static_cast<std::uint64_t>(t)) * 0x100000001B3ULL;
    fingerprint_ = (fingerprint_ ^ seq) * 0x100000001B3ULL;
    handler();
  }
}

}  // namespace servesim
