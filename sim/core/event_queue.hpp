// The pending-event queue, ordered by (time, sequence number): ties run in scheduling order.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "sim/core/time.hpp"

namespace servesim {

/// A min-heap of callbacks keyed by (time, sequence). The sequence number is assigned at
/// insertion, so two events at the same instant run in the order they were scheduled. The heap
/// holds plain (time, sequence, slot) entries and the callbacks wait in slots of their own, so
/// sifting moves 24-byte values instead of std::functions.
class EventQueue {
 public:
  using Handler = std::function<void()>;

  /// Schedules `handler` at absolute time `at`. Returns the event's sequence number.
  std::uint64_t push(SimTime at, Handler handler);

  bool empty() const { return heap_.empty(); }
  std::size_t size() const { return heap_.size(); }
  /// Time of the earliest pending event; the queue must not be empty.
  SimTime next_time() const;
  /// Sequence number of the earliest pending event; the queue must not be empty.
  std::uint64_t next_seq() const;
  /// Removes the earliest event and returns it (time and handler).
  std::pair<SimTime, Handler> pop();
  /// Number of events ever pushed.
  std::uint64_t pushed() const { return next_seq_; }

 private:
  struct Entry {
    SimTime time;
    std::uint64_t seq;
    std::uint32_t slot;  // index into handlers_
  };
  static bool later(const Entry& a, const Entry& b) {
    return a.time != b.time ? a.time > b.time : a.seq > b.seq;
  }
  std::vector<Entry> heap_;
  std::vector<Handler> handlers_;
  std::vector<std::uint32_t> free_slots_;
  std::uint64_t next_seq_ = 0;
};

}  // namespace servesim
