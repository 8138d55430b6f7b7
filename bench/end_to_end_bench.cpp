// End-to-end Google Benchmark: the embedded default scenario (Llama-3.3-70B fp8, 8x H100 TP8,
// 64 closed-loop clients, 768 requests) run to completion, reported as simulated requests per
// wall-clock second.
#include <benchmark/benchmark.h>

#include "sim/scenario/catalog_loader.hpp"
#include "sim/core/error.hpp"
#include "sim/scenario/embedded_files.hpp"
#include "sim/run/run_scenario.hpp"
#include "sim/scenario/scenario_reader.hpp"

namespace servesim {
namespace {

Scenario embedded_default() {
  const std::string* text = find_embedded("scenarios/default.json");
  SERVESIM_CHECK(text != nullptr, "default scenario not embedded");
  return read_scenario_text(*text, "(embedded) scenarios/default.json");
}

void BM_DefaultScenario(benchmark::State& state) {
  const Catalog catalog = load_catalog("");
  const Scenario scenario = embedded_default();
  RunResult last;
  for (auto _ : state) {
    last = run_scenario(scenario, catalog);
    benchmark::DoNotOptimize(last.event_fingerprint);
  }
  using benchmark::Counter;
  // Rates are per wall-clock second (UseRealTime). Per run: 768 requests (128 warm-up + 640
  // measured) and ~11.6k engine iterations.
  state.counters["sim_requests_per_s"] =
      Counter(static_cast<double>(last.requests_completed), Counter::kIsIterationInvariantRate);
  state.counters["sim_iterations_per_s"] =
      Counter(static_cast<double>(last.iterations), Counter::kIsIterationInvariantRate);
  state.counters["runs_per_s"] = Counter(1, Counter::kIsIterationInvariantRate);
  state.counters["simulated_s"] = last.duration_s;
}
BENCHMARK(BM_DefaultScenario)->Unit(benchmark::kMillisecond)->UseRealTime();

/// Loading and validating the catalog and scenario, which every run pays once.
void BM_LoadCatalogAndScenario(benchmark::State& state) {
  for (auto _ : state) {
    const Catalog catalog = load_catalog("");
    benchmark::DoNotOptimize(catalog.gpus().data());
    const Scenario s = embedded_default();
    benchmark::DoNotOptimize(s.seed);
  }
}
BENCHMARK(BM_LoadCatalogAndScenario)->Unit(benchmark::kMicrosecond)->UseRealTime();

}  // namespace
}  // namespace servesim
