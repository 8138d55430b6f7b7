// Routers: round robin cycles; the least-* routers pick the minimum of their key, lowest index on
// ties, and follow updates; power of two favours the lighter worker; the registry; and a
// behavioural suite that every registered router passes, up to 100,000 workers.
#include "sched/router.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "sched/least_kv_load_router.hpp"
#include "sched/least_loaded_router.hpp"
#include "sched/least_outstanding_tokens_router.hpp"
#include "sched/power_of_two_choices_router.hpp"
#include "sched/round_robin_router.hpp"
#include "sched/router_registry.hpp"
#include "sim/core/error.hpp"
#include "sim/core/random_stream.hpp"

namespace servesim {
namespace {

WorkerLoad requests(int n) { return {.requests = n}; }
WorkerLoad tokens(std::int64_t n) { return {.outstanding_tokens = n}; }
WorkerLoad kv(double share) { return {.kv_load = share}; }

std::unique_ptr<Router> make(const std::string& name, std::uint64_t seed = 1) {
  return router_registry().get(name, "test").make(RandomStream(seed, "router"));
}

std::vector<std::size_t> picks(Router& r, int count) {
  std::vector<std::size_t> out;
  for (int i = 0; i < count; ++i) out.push_back(r.pick());
  return out;
}

TEST(Router, RoundRobinCyclesThroughWorkers) {
  RoundRobinRouter r;
  r.reset(3);
  EXPECT_EQ(picks(r, 7), (std::vector<std::size_t>{0, 1, 2, 0, 1, 2, 0}));
  // Loads do not matter; reset starts the cycle over.
  r.update(0, requests(100));
  r.reset(2);
  EXPECT_EQ(picks(r, 5), (std::vector<std::size_t>{0, 1, 0, 1, 0}));
}

TEST(Router, LeastLoadedPicksTheEmptiestLowestIndexFirst) {
  LeastLoadedRouter r;
  r.reset(3);
  // All idle: index 0. Worker 0 has two requests and 1 has one: worker 2 wins.
  EXPECT_EQ(r.pick(), 0u);
  r.update(0, requests(2));
  r.update(1, requests(1));
  EXPECT_EQ(r.pick(), 2u);
  // Loads 2, 1, 1: the tie between 1 and 2 goes to the lower index.
  r.update(2, requests(1));
  EXPECT_EQ(r.pick(), 1u);
  // Worker 0 drains to nothing: it becomes the pick.
  r.update(0, requests(0));
  EXPECT_EQ(r.pick(), 0u);
  // Only `requests` counts.
  r.update(0, {.requests = 3, .outstanding_tokens = 0, .kv_load = 0});
  r.update(1, {.requests = 1, .outstanding_tokens = 1'000'000, .kv_load = 0.99});
  EXPECT_EQ(r.pick(), 1u);
}

TEST(Router, LeastOutstandingTokensPicksTheLeastWork) {
  LeastOutstandingTokensRouter r;
  r.reset(4);
  EXPECT_EQ(r.pick(), 0u);
  // Worker 0: one long prompt (8000 tokens); 1: three short requests (3 x 300); 2, 3: 1000 each.
  r.update(0, {.requests = 1, .outstanding_tokens = 8000});
  r.update(1, {.requests = 3, .outstanding_tokens = 900});
  r.update(2, tokens(1000));
  r.update(3, tokens(1000));
  EXPECT_EQ(r.pick(), 1u);  // more requests, but the least work
  r.update(1, tokens(1000));
  EXPECT_EQ(r.pick(), 1u);  // 1, 2, 3 tie at 1000: lowest index
  r.update(1, tokens(1001));
  EXPECT_EQ(r.pick(), 2u);
  r.update(0, tokens(10));  // worker 0's prompt finished prefilling
  EXPECT_EQ(r.pick(), 0u);
}

TEST(Router, LeastKvLoadPicksTheEmptiestCache) {
  LeastKvLoadRouter r;
  r.reset(3);
  EXPECT_EQ(r.pick(), 0u);
  r.update(0, kv(0.5));
  r.update(1, kv(0.25));
  r.update(2, kv(0.25));
  EXPECT_EQ(r.pick(), 1u);  // tie at 0.25: lowest index
  r.update(2, kv(0.1));
  EXPECT_EQ(r.pick(), 2u);
  r.update(0, kv(0.0));
  EXPECT_EQ(r.pick(), 0u);
  r.update(0, {.requests = 0, .outstanding_tokens = 0, .kv_load = 0.9});
  EXPECT_EQ(r.pick(), 2u);
}

/// The least-* routers agree with a scan for the first minimum (the old least-loaded router's
/// rule) over random updates, keys with many ties included.
TEST(Router, LeastRoutersMatchAScanForTheFirstMinimum) {
  struct Case {
    std::string name;
    std::function<WorkerLoad(std::int64_t)> load;  // a load whose key is the value
  };
  const std::vector<Case> cases = {
      {"least_loaded", [](std::int64_t v) { return requests(static_cast<int>(v)); }},
      {"least_outstanding_tokens", [](std::int64_t v) { return tokens(v * 1000); }},
      {"least_kv_load", [](std::int64_t v) { return kv(static_cast<double>(v) / 8); }},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    constexpr std::size_t kWorkers = 37;
    auto r = make(c.name);
    r->reset(kWorkers);
    std::vector<std::int64_t> keys(kWorkers, 0);
    RandomStream rng(3, "updates");
    for (int step = 0; step < 5000; ++step) {
      const auto w = static_cast<std::size_t>(rng.uniform_int(0, kWorkers - 1));
      keys[w] = rng.uniform_int(0, 8);
      r->update(w, c.load(keys[w]));
      std::size_t best = 0;
      for (std::size_t i = 1; i < kWorkers; ++i) {
        if (keys[i] < keys[best]) best = i;
      }
      ASSERT_EQ(r->pick(), best) << "step " << step;
    }
  }
}

TEST(Router, PowerOfTwoAlwaysTakesTheLighterOfTwo) {
  PowerOfTwoChoicesRouter r(RandomStream(1, "router"));
  r.reset(2);
  r.update(0, tokens(50'000));
  r.update(1, tokens(10));
  for (std::size_t p : picks(r, 200)) ASSERT_EQ(p, 1u);
  r.update(0, tokens(0));
  for (std::size_t p : picks(r, 200)) ASSERT_EQ(p, 0u);
  // Equal loads: the lower index.
  r.update(1, tokens(0));
  for (std::size_t p : picks(r, 200)) ASSERT_EQ(p, 0u);
}

TEST(Router, PowerOfTwoFavoursLightWorkers) {
  // Worker i carries i tokens. The pick is the smaller of two distinct uniform draws from
  // 0..n-1, whose mean is (n + 1) / 3 - 1 = 333 for n = 1000 (uniform picks would average
  // 499.5). Its standard deviation is about n / sqrt(18) = 236, so over 20,000 picks the mean
  // lies within 1.7 of 333 (one standard error); allow 12. The heaviest worker always meets a
  // lighter one, so it is never picked.
  constexpr std::size_t kWorkers = 1000;
  constexpr int kPicks = 20'000;
  PowerOfTwoChoicesRouter r(RandomStream(11, "router"));
  r.reset(kWorkers);
  for (std::size_t w = 0; w < kWorkers; ++w) r.update(w, tokens(static_cast<std::int64_t>(w)));
  double sum = 0;
  for (int i = 0; i < kPicks; ++i) {
    const std::size_t p = r.pick();
    ASSERT_LT(p, kWorkers - 1);
    sum += static_cast<double>(p);
  }
  EXPECT_NEAR(sum / kPicks, 333.0, 12.0);
}

TEST(Router, PowerOfTwoIsDeterministicPerSeed) {
  auto run = [](std::uint64_t seed) {
    auto r = make("power_of_two", seed);
    r->reset(16);
    std::vector<std::size_t> out;
    for (int i = 0; i < 200; ++i) {
      const std::size_t p = r->pick();
      out.push_back(p);
      r->update(p, tokens(i));  // the loads follow the picks, as in a pool
    }
    return out;
  };
  EXPECT_EQ(run(5), run(5));
  EXPECT_NE(run(5), run(6));
}

TEST(Router, RegistryNamesAllAndRejectsOthersWithTheList) {
  EXPECT_EQ(router_registry().names(),
            (std::vector<std::string>{"least_loaded", "least_kv_load", "least_outstanding_tokens",
                                      "power_of_two", "round_robin"}));
  EXPECT_NE(dynamic_cast<LeastLoadedRouter*>(make("least_loaded").get()), nullptr);
  EXPECT_NE(dynamic_cast<LeastKvLoadRouter*>(make("least_kv_load").get()), nullptr);
  EXPECT_NE(dynamic_cast<LeastOutstandingTokensRouter*>(make("least_outstanding_tokens").get()),
            nullptr);
  EXPECT_NE(dynamic_cast<PowerOfTwoChoicesRouter*>(make("power_of_two").get()), nullptr);
  EXPECT_NE(dynamic_cast<RoundRobinRouter*>(make("round_robin").get()), nullptr);
  for (const auto& e : router_registry().entries()) EXPECT_FALSE(e.doc.empty()) << e.name;
  try {
    router_registry().get("random", "s.json: router");
    FAIL() << "expected an InputError";
  } catch (const InputError& e) {
    EXPECT_STREQ(e.what(),
                 "s.json: router: unknown router \"random\" (known: least_loaded, least_kv_load, "
                 "least_outstanding_tokens, power_of_two, round_robin)");
  }
}

/// Every registered router.
class EveryRouter : public ::testing::TestWithParam<std::string> {};

TEST_P(EveryRouter, PicksAValidWorkerWhateverTheLoads) {
  auto r = make(GetParam());
  RandomStream rng(9, "loads");
  for (std::size_t n : {1u, 2u, 3u, 7u, 64u}) {
    r->reset(n);
    for (int step = 0; step < 500; ++step) {
      ASSERT_LT(r->pick(), n);
      const auto w = static_cast<std::size_t>(rng.uniform_int(0, static_cast<std::int64_t>(n) - 1));
      r->update(w, {.requests = static_cast<int>(rng.uniform_int(0, 20)),
                    .outstanding_tokens = rng.uniform_int(0, 100'000),
                    .kv_load = rng.uniform()});
    }
  }
}

TEST_P(EveryRouter, OneWorkerIsAlwaysThePick) {
  auto r = make(GetParam());
  r->reset(1);
  for (int i = 0; i < 50; ++i) {
    ASSERT_EQ(r->pick(), 0u);
    r->update(0, {.requests = i, .outstanding_tokens = 100 * i, .kv_load = i / 50.0});
  }
}

TEST_P(EveryRouter, SpreadsABurstOverAllWorkers) {
  // Each pick adds one request of 100 tokens (1% of the cache) to the picked worker.
  auto r = make(GetParam());
  constexpr std::size_t kWorkers = 4;
  r->reset(kWorkers);
  std::vector<int> count(kWorkers, 0);
  for (int i = 0; i < 40; ++i) {
    const std::size_t w = r->pick();
    ASSERT_LT(w, kWorkers);
    ++count[w];
    r->update(
        w,
        {.requests = count[w], .outstanding_tokens = 100 * count[w], .kv_load = count[w] / 100.0});
  }
  for (std::size_t w = 0; w < kWorkers; ++w) EXPECT_GT(count[w], 0) << "worker " << w << " idle";
}

TEST_P(EveryRouter, HandlesAHundredThousandWorkers) {
  // 100,000 updates and 100,000 picks; each pick adds a request to the picked worker.
  constexpr std::size_t kWorkers = 100'000;
  auto r = make(GetParam());
  r->reset(kWorkers);
  std::vector<int> count(kWorkers, 0);
  for (std::size_t i = 0; i < kWorkers; ++i) {
    const std::size_t w = r->pick();
    ASSERT_LT(w, kWorkers);
    ++count[w];
    r->update(
        w,
        {.requests = count[w], .outstanding_tokens = 100 * count[w], .kv_load = count[w] / 100.0});
  }
}

INSTANTIATE_TEST_SUITE_P(Registered, EveryRouter, ::testing::ValuesIn(router_registry().names()),
                         [](const auto& p) { return p.param; });

TEST(Router, LeastLoadedFindsTheLightestOfAHundredThousand) {
  // Worker w carries 5 + w % 7 requests except worker 76,543, which carries 2. Then each pick
  // gets one more request, 100,000 times; every pick must be a worker at the current minimum,
  // tracked here by a count of workers per load.
  constexpr std::size_t kWorkers = 100'000;
  constexpr std::size_t kLightest = 76'543;
  LeastLoadedRouter r;
  r.reset(kWorkers);
  std::vector<int> load(kWorkers);
  std::map<int, std::size_t> workers_at;
  for (std::size_t w = 0; w < kWorkers; ++w) {
    load[w] = w == kLightest ? 2 : 5 + static_cast<int>(w % 7);
    ++workers_at[load[w]];
    r.update(w, requests(load[w]));
  }
  EXPECT_EQ(r.pick(), kLightest);
  for (std::size_t i = 0; i < kWorkers; ++i) {
    const std::size_t w = r.pick();
    ASSERT_EQ(load[w], workers_at.begin()->first) << "pick " << i;
    if (--workers_at[load[w]] == 0) workers_at.erase(load[w]);
    ++workers_at[++load[w]];
    r.update(w, requests(load[w]));
  }
  // Workers per load at the start (100,000 = 7 x 14,285 + 5; worker 76,543 has w % 7 = 5):
  // 2: 1, 5..9: 14,286 each, 10: 14,284, 11: 14,285. Water-filling: 3 requests lift the
  // lightest to 5, 14,287 the fives to 6, 28,573 the sixes to 7, 42,859 the sevens to 8
  // (85,722 so far); the last 14,278 lift that many eights to 9.
  EXPECT_EQ(workers_at,
            (std::map<int, std::size_t>{
                {8, 57'145 - 14'278}, {9, 14'286 + 14'278}, {10, 14'284}, {11, 14'285}}));
}

}  // namespace
}  // namespace servesim
