// Binary-heap implementation of EventQueue.
#include "sim/core/event_queue.hpp"

#include <algorithm>

#include "sim/core/error.hpp"

namespace servesim {

std::uint64_t EventQueue::push(SimTime at, Handler handler) {
  const std::uint64_t seq = next_seq_++;
  heap_.push_back(Entry{at, seq, std::move(handler)});
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
  Entry e = std::move(heap_.back());
  heap_.pop_back();
  return {e.time, std::move(e.handler)};
}

}  // namespace servesim
