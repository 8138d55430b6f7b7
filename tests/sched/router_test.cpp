// Routers: round robin cycles; least loaded picks the emptiest instance, lowest index on ties;
// and a behavioural suite that every registered router passes.
#include "sched/router.hpp"

#include <gtest/gtest.h>

#include <set>

#include "sched/continuous_batching_scheduler.hpp"
#include "sched/least_loaded_router.hpp"
#include "sched/round_robin_router.hpp"
#include "sched/router_registry.hpp"
#include "sim/core/error.hpp"
#include "tests/sched/scheduler_driver.hpp"

namespace servesim {
namespace {

/// A step model that always takes 1 ms.
class FixedStep final : public StepTimeModel {
 public:
  double step_time_s(const BatchFeatures&) const override { return 1e-3; }
  StepBreakdown breakdown(const BatchFeatures&) const override { return {}; }
};

/// Counts finished requests per instance.
class NullObserver final : public InstanceObserver {
 public:
  void on_request_done(const RequestRecord& r) override {
    ++done;
    ids.insert(r.id);
  }
  void on_iteration(const IterationRecord&) override {}
  int done = 0;
  std::set<std::uint64_t> ids;
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

TEST(Router, RegistryNamesBothAndRejectsOthersWithTheList) {
  EXPECT_EQ(router_registry().names(), (std::vector<std::string>{"least_loaded", "round_robin"}));
  EXPECT_NE(dynamic_cast<RoundRobinRouter*>(router_registry().get("round_robin", "x").make().get()),
            nullptr);
  EXPECT_NE(
      dynamic_cast<LeastLoadedRouter*>(router_registry().get("least_loaded", "x").make().get()),
      nullptr);
  try {
    router_registry().get("random", "s.json: router");
    FAIL() << "expected an InputError";
  } catch (const InputError& e) {
    EXPECT_STREQ(e.what(),
                 "s.json: router: unknown router \"random\" (known: least_loaded, round_robin)");
  }
}

/// Every registered router, on a pool of four instances.
class EveryRouter : public ::testing::TestWithParam<std::string> {};

TEST_P(EveryRouter, PicksAValidInstanceAndSpreadsABurstOverAllOfThem) {
  Pool pool(4);
  auto router = router_registry().get(GetParam(), "test").make();
  std::set<std::size_t> used;
  for (std::uint64_t id = 1; id <= 40; ++id) {
    const std::size_t i = router->pick(pool.instances);
    ASSERT_LT(i, pool.instances.size());
    used.insert(i);
    pool.instances[i]->submit(testing::make_request(id, 64, 8));
  }
  EXPECT_EQ(used.size(), 4u) << "a burst of 40 requests left an instance idle";
}

TEST_P(EveryRouter, EveryRoutedRequestFinishesOnce) {
  Pool pool(3);
  auto router = router_registry().get(GetParam(), "test").make();
  constexpr int kRequests = 60;
  for (int k = 0; k < kRequests; ++k) {
    // Arrivals spread over time, so the least-loaded choice sees finished work too.
    pool.sim.schedule_at(k * 2'000'000, [&, k] {
      const std::size_t i = router->pick(pool.instances);
      pool.instances[i]->submit(testing::make_request(static_cast<std::uint64_t>(k + 1), 128, 16));
    });
  }
  pool.sim.run();
  EXPECT_EQ(pool.observer.done, kRequests);
  EXPECT_EQ(pool.observer.ids.size(), static_cast<std::size_t>(kRequests));
  for (const auto& inst : pool.instances) EXPECT_EQ(inst->load(), 0);
}

INSTANTIATE_TEST_SUITE_P(Registered, EveryRouter,
                         ::testing::ValuesIn(router_registry().names()),
                         [](const auto& p) { return p.param; });

}  // namespace
}  // namespace servesim
