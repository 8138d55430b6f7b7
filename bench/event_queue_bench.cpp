// Google Benchmarks of the event engine: EventQueue push/pop and Simulation schedule/run.
#include <benchmark/benchmark.h>

#include <functional>
#include <vector>

#include "sim/core/event_queue.hpp"
#include "sim/core/random_stream.hpp"
#include "sim/core/simulation.hpp"

namespace servesim {
namespace {

/// Pushes N events at random times, then pops them all.
void BM_EventQueuePushThenPop(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  RandomStream rng(1, "bench.times");
  std::vector<SimTime> times(n);
  for (auto& t : times) t = static_cast<SimTime>(rng.uniform_int(0, 1'000'000'000));
  std::uint64_t sink = 0;
  for (auto _ : state) {
    EventQueue q;
    for (SimTime t : times) q.push(t, [&sink] { ++sink; });
    while (!q.empty()) q.pop().second();
  }
  benchmark::DoNotOptimize(sink);
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(n));
  state.counters["events_per_s"] =
      benchmark::Counter(static_cast<double>(n), benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_EventQueuePushThenPop)->RangeMultiplier(8)->Range(64, 1 << 18);

/// The hold model: a queue of N pending events; each step pops the earliest and pushes one a
/// random delay later (what a cluster of N busy instances does every iteration).
void BM_EventQueueHold(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  RandomStream rng(2, "bench.times");
  EventQueue q;
  for (std::size_t i = 0; i < n; ++i) {
    q.push(static_cast<SimTime>(rng.uniform_int(0, 1'000'000)), [] {});
  }
  for (auto _ : state) {
    auto [t, h] = q.pop();
    h();
    q.push(t + static_cast<SimTime>(rng.uniform_int(1, 1'000'000)), [] {});
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_EventQueueHold)->RangeMultiplier(8)->Range(8, 1 << 15);

/// Simulation::schedule_in + run: `chains` self-rescheduling processes (like instances running
/// back-to-back iterations), 100,000 events in all per run.
void BM_SimulationScheduleRun(benchmark::State& state) {
  const int chains = static_cast<int>(state.range(0));
  constexpr int kEvents = 100000;
  for (auto _ : state) {
    Simulation sim(1);
    RandomStream rng = sim.stream("bench.delays");
    int left = kEvents;
    std::function<void()> tick = [&] {
      if (--left > chains)
        sim.schedule_in(1 + static_cast<SimTime>(rng.uniform_int(0, 9999)), tick);
    };
    for (int c = 0; c < chains; ++c) sim.schedule_at(0, tick);
    sim.run();
    benchmark::DoNotOptimize(sim.fingerprint());
  }
  state.counters["events_per_s"] =
      benchmark::Counter(kEvents, benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_SimulationScheduleRun)
    ->Arg(1)
    ->Arg(64)
    ->Arg(4096)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

}  // namespace
}  // namespace servesim
