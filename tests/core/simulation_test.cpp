// Simulation: the clock follows the queue, ties keep scheduling order, and the fingerprint
// identifies the exact (time, sequence) history of a run.
#include "sim/core/simulation.hpp"

#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <vector>

#include "sim/core/error.hpp"

namespace servesim {
namespace {

TEST(Simulation, ClockAdvancesToEachEvent) {
  Simulation sim(1);
  std::vector<SimTime> seen;
  sim.schedule_at(20, [&] { seen.push_back(sim.now()); });
  sim.schedule_at(5, [&] {
    seen.push_back(sim.now());
    // Scheduled from inside a handler: 5 + 10 = 15, before the event at 20.
    sim.schedule_in(10, [&] { seen.push_back(sim.now()); });
  });
  sim.run();
  EXPECT_EQ(seen, (std::vector<SimTime>{5, 15, 20}));
  EXPECT_EQ(sim.now(), 20);
  EXPECT_EQ(sim.events_processed(), 3u);
}

TEST(Simulation, SameInstantEventsRunInSchedulingOrder) {
  Simulation sim(1);
  std::string order;
  // A handler at t=0 schedules b and c at t=0 (zero delay); a second top-level event d was
  // already queued at t=0 before them, so the order is a, d, b, c.
  sim.schedule_at(0, [&] {
    order += 'a';
    sim.schedule_in(0, [&] { order += 'b'; });
    sim.schedule_in(0, [&] { order += 'c'; });
  });
  sim.schedule_at(0, [&] { order += 'd'; });
  sim.run();
  EXPECT_EQ(order, "adbc");
}

TEST(Simulation, RunUntilStopsBeforeLaterEventsAndResumes) {
  Simulation sim(1);
  int ran = 0;
  for (SimTime t : {10, 20, 30}) sim.schedule_at(t, [&] { ++ran; });
  sim.run(20);  // events at 10 and 20 (<= until) run; 30 waits
  EXPECT_EQ(ran, 2);
  EXPECT_EQ(sim.now(), 20);
  sim.run();
  EXPECT_EQ(ran, 3);
}

TEST(Simulation, StopEndsTheRunAfterTheCurrentHandler) {
  Simulation sim(1);
  int ran = 0;
  sim.schedule_at(1, [&] {
    ++ran;
    sim.stop();
  });
  sim.schedule_at(2, [&] { ++ran; });
  sim.run();
  EXPECT_EQ(ran, 1);
  sim.run();  // a new run clears the stop flag
  EXPECT_EQ(ran, 2);
}

TEST(Simulation, SchedulingInThePastIsACheckFailure) {
  Simulation sim(1);
  sim.schedule_at(100, [&] { EXPECT_THROW(sim.schedule_at(99, [] {}), CheckFailure); });
  sim.run();
}

// Runs a small self-scheduling process whose delays come from a named stream of `seed`.
std::uint64_t fingerprint_of(std::uint64_t seed) {
  Simulation sim(seed);
  RandomStream rng = sim.stream("test.delays");
  int left = 200;
  std::function<void()> tick = [&] {
    if (--left > 0) sim.schedule_in(1 + static_cast<SimTime>(rng.uniform_int(0, 1000)), tick);
  };
  sim.schedule_at(0, tick);
  sim.schedule_at(0, tick);  // two interleaved chains, with ties between them
  sim.run();
  return sim.fingerprint();
}

TEST(Simulation, FingerprintIsDeterministicAndSeedSensitive) {
  EXPECT_EQ(fingerprint_of(7), fingerprint_of(7));
  EXPECT_NE(fingerprint_of(7), fingerprint_of(8));
}

TEST(Simulation, FingerprintSeesSchedulingOrderNotJustTimes) {
  // Both runs process events at times 5 then 10. In the first, the event at 10 was scheduled
  // first (sequence 0) and the one at 5 second (sequence 1); in the second the other way round.
  // Same times, different (time, sequence) history: the fingerprints must differ.
  Simulation a(1), b(1);
  a.schedule_at(10, [] {});
  a.schedule_at(5, [] {});
  b.schedule_at(5, [] {});
  b.schedule_at(10, [] {});
  a.run();
  b.run();
  EXPECT_EQ(a.events_processed(), b.events_processed());
  EXPECT_NE(a.fingerprint(), b.fingerprint());
}

}  // namespace
}  // namespace servesim
