// EventQueue: (time, sequence) order, ties in scheduling order, and its bookkeeping.
#include "sim/core/event_queue.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "sim/core/error.hpp"

namespace servesim {
namespace {

TEST(EventQueue, PopsInTimeOrder) {
  EventQueue q;
  std::vector<int> ran;
  // Pushed out of order: 30, 10, 20 -> must come out 10, 20, 30.
  q.push(30, [&] { ran.push_back(30); });
  q.push(10, [&] { ran.push_back(10); });
  q.push(20, [&] { ran.push_back(20); });
  EXPECT_EQ(q.size(), 3u);
  EXPECT_EQ(q.next_time(), 10);
  std::vector<SimTime> times;
  while (!q.empty()) {
    auto [t, h] = q.pop();
    times.push_back(t);
    h();
  }
  EXPECT_EQ(times, (std::vector<SimTime>{10, 20, 30}));
  EXPECT_EQ(ran, (std::vector<int>{10, 20, 30}));
}

TEST(EventQueue, TiesRunInSchedulingOrder) {
  EventQueue q;
  std::string order;
  // Five events at the same instant, interleaved with a later one: the same-time events keep
  // the order they were pushed in (a, b, c, d, e), whatever the heap does internally.
  q.push(5, [&] { order += 'a'; });
  q.push(9, [&] { order += 'z'; });
  q.push(5, [&] { order += 'b'; });
  q.push(5, [&] { order += 'c'; });
  q.push(5, [&] { order += 'd'; });
  q.push(5, [&] { order += 'e'; });
  while (!q.empty()) q.pop().second();
  EXPECT_EQ(order, "abcdez");
}

TEST(EventQueue, ManyTiesStayStableUnderHeapChurn) {
  EventQueue q;
  // 1000 events on 10 distinct times, pushed round-robin over the times; popping must give
  // times ascending and, within a time, ascending push index.
  std::vector<std::pair<SimTime, int>> popped;
  for (int i = 0; i < 1000; ++i) {
    const SimTime t = (i * 7) % 10;
    q.push(t, [&popped, t, i] { popped.emplace_back(t, i); });
  }
  while (!q.empty()) q.pop().second();
  ASSERT_EQ(popped.size(), 1000u);
  for (std::size_t k = 1; k < popped.size(); ++k) {
    const auto& a = popped[k - 1];
    const auto& b = popped[k];
    EXPECT_TRUE(a.first < b.first || (a.first == b.first && a.second < b.second))
        << "at " << k << ": (" << a.first << "," << a.second << ") before (" << b.first << ","
        << b.second << ")";
  }
}

TEST(EventQueue, SequenceNumbersCountPushes) {
  EventQueue q;
  EXPECT_EQ(q.push(100, [] {}), 0u);
  EXPECT_EQ(q.push(50, [] {}), 1u);
  q.pop();
  // Popping does not reuse numbers: the third push gets 2.
  EXPECT_EQ(q.push(10, [] {}), 2u);
  EXPECT_EQ(q.pushed(), 3u);
  EXPECT_EQ(q.size(), 2u);
}

TEST(EventQueue, EmptyQueueAccessIsACheckFailure) {
  EventQueue q;
  EXPECT_TRUE(q.empty());
  EXPECT_THROW(q.next_time(), CheckFailure);
  EXPECT_THROW(q.pop(), CheckFailure);
}

}  // namespace
}  // namespace servesim
