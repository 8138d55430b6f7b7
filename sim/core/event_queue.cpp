// Binary-heap implementation of EventQueue.
#include "sim/core/event_queue.hpp"

#include <algorithm>

#include "sim/core/error.hpp"

namespace servesim {

std::uint64_t EventQueue::push(SimTime at, Handler handler) {
  const std::uint64_t seq = next_seq_++;
  std::uint32_t slot;
  if (free_slots_.empty()) {
    slot = static_cast<std::uint32_t>(handlers_.size());
    handlers_.push_back(std::move(handler));
  } else {
    slot = free_slots_.back();
    free_slots_.pop_back();
    handlers_[slot] = std::move(handler);
  }
  heap_.push_back(Entry{at, seq, slot});
  std::push_heap(heap_.begin(), heap_.end(), later);
  return seq;
}

SimTime EventQueue::next_time() const {
  SERVESIM_CHECK(!heap_.empty());
  return heap_.front().time;
}

std::uint64_t EventQueue::next_seq() const {
  SERVESIM_CHECK(!heap_.empty());
  return heap_.front().seq;
}

std::pair<SimTime, EventQueue::Handler> EventQueue::pop() {
  SERVESIM_CHECK(!heap_.empty());
  std::pop_heap(heap_.begin(), heap_.end(), later);
  const Entry e = heap_.back();
  heap_.pop_back();
  Handler h = std::move(handlers_[e.slot]);
  handlers_[e.slot] = nullptr;
  free_slots_.push_back(e.slot);
  return {e.time, std::move(h)};
}

}  // namespace servesim
