// Sweep throughput: the embedded default sweep (DeepSeek-R1 FP4 1k/1k, GB200 NVL72 vs B200 HGX,
// 144 points) run to completion on 1 thread and on every core, reported as sweep points per
// wall-clock second.
#include <benchmark/benchmark.h>

#include <thread>

#include "sim/scenario/catalog_loader.hpp"
#include "sim/core/error.hpp"
#include "sim/scenario/embedded_files.hpp"
#include "sim/sweep/sweep_runner.hpp"

namespace servesim {
namespace {

SweepSpec embedded_default_sweep() {
  const std::string* text = find_embedded("scenarios/default_sweep.json");
  SERVESIM_CHECK(text != nullptr, "default sweep not embedded");
  return read_sweep_text(*text, "(embedded) scenarios/default_sweep.json", "");
}

void BM_DefaultSweep(benchmark::State& state) {
  const Catalog catalog = load_catalog("");
  const FrameworkProfiles profiles = load_framework_profiles("");
  const SweepSpec spec = embedded_default_sweep();
  const int threads = static_cast<int>(state.range(0));
  std::size_t points = 0, iterations = 0;
  for (auto _ : state) {
    const SweepResult r = run_sweep(spec, catalog, profiles, threads, nullptr);
    points = r.points.size();
    iterations = 0;
    for (const auto& o : r.outcomes) iterations += o.result.iterations;
    benchmark::DoNotOptimize(r.groups.data());
  }
  using benchmark::Counter;
  state.counters["threads"] = threads;
  state.counters["points_per_s"] =
      Counter(static_cast<double>(points), Counter::kIsIterationInvariantRate);
  state.counters["sim_iterations_per_s"] =
      Counter(static_cast<double>(iterations), Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_DefaultSweep)
    ->Arg(1)
    ->Arg(static_cast<int>(std::max(1u, std::thread::hardware_concurrency())))
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->MeasureProcessCPUTime();

}  // namespace
}  // namespace servesim
