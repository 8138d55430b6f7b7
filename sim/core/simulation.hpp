// One simulation run: owns the clock, the event queue and the run's seed.
#pragma once

#include <cstdint>
#include <string_view>

#include "sim/core/event_queue.hpp"
#include "sim/core/random_stream.hpp"
#include "sim/core/time.hpp"

namespace servesim {

/// The clock and queue of one run. No globals: many Simulations can run side by side on threads.
class Simulation {
 public:
  explicit Simulation(std::uint64_t seed) : seed_(seed) {}
  Simulation(const Simulation&) = delete;
  Simulation& operator=(const Simulation&) = delete;

  SimTime now() const { return now_; }
  std::uint64_t seed() const { return seed_; }

  /// Schedules `handler` at absolute time `at` (>= now).
  void schedule_at(SimTime at, EventQueue::Handler handler);
  /// Schedules `handler` `delay` after now.
  void schedule_in(SimTime delay, EventQueue::Handler handler) {
    schedule_at(now_ + delay, std::move(handler));
  }

  /// A new random stream named after what it models, e.g. "workload.arrivals".
  RandomStream stream(std::string_view name) const { return RandomStream(seed_, name); }

  /// Runs events until the queue is empty, `stop()` is called, or time would pass `until`.
  void run(SimTime until = INT64_MAX);
  void stop() { stopped_ = true; }

  std::uint64_t events_processed() const { return events_processed_; }
  /// Order-sensitive hash of (time, sequence) of every processed event; equal across runs with
  /// the same seed and inputs.
  std::uint64_t fingerprint() const { return fingerprint_; }

 private:
  std::uint64_t seed_;
  SimTime now_ = 0;
  EventQueue queue_;
  bool stopped_ = false;
  std::uint64_t events_processed_ = 0;
  std::uint64_t fingerprint_ = 0xCBF29CE484222325ULL;
};

}  // namespace servesim
