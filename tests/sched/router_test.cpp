// Routers: round robin cycles; least loaded picks the emptiest instance, lowest index on ties.
#include "sched/router.hpp"

#include <gtest/gtest.h>

#include "sched/continuous_batching_scheduler.hpp"
#include "tests/sched/scheduler_driver.hpp"

namespace servesim {
namespace {

/// A step model that always takes 1 ms.
class FixedStep final : public StepTimeModel {
 public:
  double step_time_s(const BatchFeatures&) const override { return 1e-3; }
  StepBreakdown breakdown(const BatchFeatures&) const override { return {}; }
};

class NullObserver final : public InstanceObserver {
 public:
  void on_request_done(const RequestRecord&) override {}
  void on_iteration(const IterationRecord&) override {}
};

struct Pool {
  Simulation sim{1};
  NullObserver observer;
  std::vector<std::unique_ptr<ServingInstance>> instances;
  explicit Pool(int n) {
    SchedulerConfig c;
    c.kv_capacity_blocks = 1000;
    auto model = std::make_shared<FixedStep>();
    for (int i = 0; i < n; ++i) {
      instances.push_back(std::make_unique<ServingInstance>(
          i, sim,
          std::make_unique<ContinuousBatchingScheduler>(c, MtpAcceptance{}, RandomStream(1, "x")),
          model, observer));
    }
  }
};

TEST(Router, RoundRobinCyclesThroughInstances) {
  Pool pool(3);
  RoundRobinRouter r;
  std::vector<std::size_t> picks;
  for (int i = 0; i < 7; ++i) picks.push_back(r.pick(pool.instances));
  EXPECT_EQ(picks, (std::vector<std::size_t>{0, 1, 2, 0, 1, 2, 0}));
}

TEST(Router, LeastLoadedPicksTheEmptiestLowestIndexFirst) {
  Pool pool(3);
  LeastLoadedRouter r;
  // All empty: index 0. Load instance 0 with two requests and 1 with one: instance 2 wins.
  EXPECT_EQ(r.pick(pool.instances), 0u);
  pool.instances[0]->submit(testing::make_request(1, 10, 5));
  pool.instances[0]->submit(testing::make_request(2, 10, 5));
  pool.instances[1]->submit(testing::make_request(3, 10, 5));
  EXPECT_EQ(pool.instances[0]->load(), 2);
  EXPECT_EQ(r.pick(pool.instances), 2u);
  pool.instances[2]->submit(testing::make_request(4, 10, 5));
  // Loads 2, 1, 1: the tie between 1 and 2 goes to the lower index.
  EXPECT_EQ(r.pick(pool.instances), 1u);
}

TEST(Router, MakeRouterByName) {
  EXPECT_NE(dynamic_cast<RoundRobinRouter*>(make_router("round_robin").get()), nullptr);
  EXPECT_NE(dynamic_cast<LeastLoadedRouter*>(make_router("least_loaded").get()), nullptr);
}

}  // namespace
}  // namespace servesim
