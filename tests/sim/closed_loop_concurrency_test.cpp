// A closed loop holds its concurrency: measured requests in flight never exceed the client
// count and equal it while clients still have requests to send. Wired like run_scenario, with
// an observer that checks Metrics' in-system count after every iteration.
#include <gtest/gtest.h>

#include "hw/roofline_step_model.hpp"
#include "sched/continuous_batching_scheduler.hpp"
#include "sched/serving_instance.hpp"
#include "sim/scenario/instance_builder.hpp"
#include "sim/run/metrics.hpp"
#include "sim/scenario/scenario_reader.hpp"
#include "tests/support/test_catalog.hpp"
#include "workloads/workload.hpp"

namespace servesim {
namespace {

class CheckingObserver final : public InstanceObserver {
 public:
  CheckingObserver(Metrics& metrics, int concurrency) : metrics_(metrics), c_(concurrency) {}
  void set_source(RequestSource* s) { source_ = s; }

  void on_iteration(const IterationRecord& r) override {
    metrics_.on_iteration(r);
    const auto in_flight = metrics_.measured_in_system();
    EXPECT_LE(in_flight, c_);
    max_in_flight_ = std::max<std::uint64_t>(max_in_flight_, in_flight);
    // Steady state: the measured phase has begun and not every request has been sent yet.
    if (source_->measured_start() >= 0 && source_->issued() < source_->total()) {
      EXPECT_EQ(in_flight, c_) << "at t = " << r.end;
      ++steady_checks_;
    }
    // Warm-up and measured requests never overlap, and the engine never holds more than c.
    EXPECT_LE(r.running + r.waiting, c_);
  }
  void on_request_done(const RequestRecord& r) override {
    metrics_.on_request_done(r);
    Request done;
    done.id = r.id;
    done.measured = r.measured;
    source_->on_complete(done);
  }

  std::uint64_t max_in_flight_ = 0;
  int steady_checks_ = 0;

 private:
  Metrics& metrics_;
  std::uint64_t c_;
  RequestSource* source_ = nullptr;
};

TEST(ClosedLoopConcurrency, InFlightEqualsConcurrencyInSteadyState) {
  const Scenario s = read_scenario_text(R"({"model": "Llama-3.1-8B", "gpu": "H100-SXM",
    "parallelism": {"tp": 1}, "workload": {"concurrency": 24, "measured_requests": 300, "warmup_requests": 48,
      "input": {"tokens": 1024}, "output": {"tokens": 300}}})",
                                        "c24.json");
  const BuiltInstance built = build_instance(s, testing::source_catalog());
  Simulation sim(s.seed);
  Metrics metrics;
  CheckingObserver observer(metrics, 24);
  ServingInstance instance(0, sim,
                           std::make_unique<ContinuousBatchingScheduler>(
                               built.scheduler, built.acceptance, sim.stream("mtp.acceptance/0")),
                           std::make_shared<RooflineStepModel>(built.spec), observer);
  RequestSource source(s.workload, sim, [&](const Request& r) {
    metrics.on_submit(r, sim.now());
    instance.submit(r);
  });
  observer.set_source(&source);
  source.start();
  sim.run();

  EXPECT_EQ(metrics.issued(), 348u);  // 48 warm-up + 300 measured
  EXPECT_EQ(metrics.completed(), 348u);
  EXPECT_EQ(metrics.measured_in_system(), 0u);
  EXPECT_EQ(observer.max_in_flight_, 24u);
  // 300 measured requests at 24 at a time: well over 100 iterations in steady state.
  EXPECT_GT(observer.steady_checks_, 100);
}

}  // namespace
}  // namespace servesim
