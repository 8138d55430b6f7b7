// A closed loop holds its concurrency: measured requests in flight never exceed the client
// count and equal it while clients still have requests to send. A ScenarioRun with one more
// observer that checks Metrics' in-system count after every iteration.
#include <gtest/gtest.h>

#include "sim/run/run_scenario.hpp"
#include "sim/scenario/scenario_reader.hpp"
#include "tests/support/test_catalog.hpp"
#include "workloads/workload.hpp"

namespace servesim {
namespace {

/// Checks after every iteration, attached after the run's own observers (so Metrics already
/// counts the iteration's completions).
class CheckingObserver final : public InstanceObserver {
 public:
  CheckingObserver(const ScenarioRun& run, int concurrency)
      : metrics_(run.metrics()), source_(run.source()), c_(concurrency) {}

  void on_iteration(const IterationRecord& r) override {
    const auto in_flight = metrics_.measured_in_system();
    EXPECT_LE(in_flight, c_);
    max_in_flight_ = std::max<std::uint64_t>(max_in_flight_, in_flight);
    // Steady state: the measured phase has begun and not every request has been sent yet.
    if (source_.measured_start() >= 0 && source_.issued() < source_.total()) {
      EXPECT_EQ(in_flight, c_) << "at t = " << r.end;
      ++steady_checks_;
    }
    // Warm-up and measured requests never overlap, and the engine never holds more than c.
    EXPECT_LE(r.running + r.waiting, c_);
  }
  void on_request_done(const RequestRecord&) override {}

  std::uint64_t max_in_flight_ = 0;
  int steady_checks_ = 0;

 private:
  const Metrics& metrics_;
  const RequestSource& source_;
  std::uint64_t c_;
};

TEST(ClosedLoopConcurrency, InFlightEqualsConcurrencyInSteadyState) {
  const Scenario s = read_scenario_text(R"({"model": "Llama-3.1-8B", "gpu": "H100-SXM",
    "parallelism": {"tp": 1}, "workload": {"concurrency": 24, "measured_requests": 300, "warmup_requests": 48,
      "input": {"tokens": 1024}, "output": {"tokens": 300}}})",
                                        "c24.json");
  const ValidScenario v = validate(s, testing::source_catalog());
  ScenarioRun run(v);
  CheckingObserver observer(run, 24);
  run.add_observer(observer);
  const RunResult result = run.execute();

  EXPECT_EQ(run.metrics().issued(), 348u);  // 48 warm-up + 300 measured
  EXPECT_EQ(run.metrics().completed(), 348u);
  EXPECT_EQ(run.metrics().measured_in_system(), 0u);
  EXPECT_EQ(observer.max_in_flight_, 24u);
  // 300 measured requests at 24 at a time: well over 100 iterations in steady state.
  EXPECT_GT(observer.steady_checks_, 100);
  // The composed run is the plain run: same events, same result.
  EXPECT_EQ(result.event_fingerprint, run_scenario(v).event_fingerprint);
}

}  // namespace
}  // namespace servesim
