// RequestSource: closed-loop concurrency and warm-up phases, Poisson arrivals, and streams
// that keep lengths independent of arrival times.
#include "workloads/workload.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace servesim {
namespace {

WorkloadSpec closed(int concurrency, int warmup, int measured) {
  WorkloadSpec w;
  w.type = "closed_loop";
  w.concurrency = concurrency;
  w.warmup_requests = warmup;
  w.measured_requests = measured;
  w.input.kind = w.output.kind = LengthDistribution::Kind::kUniform;
  return w;
}

WorkloadSpec poisson(double rate, int measured) {
  WorkloadSpec w = closed(1, 0, measured);
  w.type = "poisson";
  w.rate_per_s = rate;
  return w;
}

TEST(ClosedLoop, StartsEveryClientAndReplacesEachCompletion) {
  Simulation sim(1);
  std::vector<Request> sent;
  RequestSource src(closed(4, 0, 10), sim, [&](const Request& r) { sent.push_back(r); });
  src.start();
  ASSERT_EQ(sent.size(), 4u);  // all 4 clients send at t = 0
  for (const auto& r : sent) EXPECT_TRUE(r.measured);
  // Each completion makes its client send the next request, until 10 have been sent.
  for (std::size_t i = 0; i < 10; ++i) src.on_complete(sent[i]);
  EXPECT_EQ(sent.size(), 10u);
  EXPECT_EQ(src.issued(), 10u);
  EXPECT_EQ(src.completed(), 10u);
  for (std::size_t i = 0; i < sent.size(); ++i) EXPECT_EQ(sent[i].id, i);  // ids in issue order
}

TEST(ClosedLoop, WarmupDrainsBeforeTheMeasuredPhaseStartsAllAtOnce) {
  Simulation sim(1);
  std::vector<Request> sent;
  RequestSource src(closed(3, 5, 6), sim, [&](const Request& r) { sent.push_back(r); });
  src.start();
  ASSERT_EQ(sent.size(), 3u);  // min(concurrency 3, warm-up 5) warm-up requests
  EXPECT_FALSE(sent[0].measured);
  src.on_complete(sent[0]);  // warm-up #4
  src.on_complete(sent[1]);  // warm-up #5: all five warm-ups now issued
  ASSERT_EQ(sent.size(), 5u);
  src.on_complete(sent[2]);
  src.on_complete(sent[3]);
  EXPECT_EQ(sent.size(), 5u);  // clients idle while the last warm-up runs
  EXPECT_EQ(src.measured_start(), -1);
  src.on_complete(sent[4]);  // warm-up drained: 3 measured requests at once
  ASSERT_EQ(sent.size(), 8u);
  for (std::size_t i = 5; i < 8; ++i) EXPECT_TRUE(sent[i].measured);
  EXPECT_EQ(src.measured_start(), 0);
  for (std::size_t i = 5; i < 11; ++i) src.on_complete(sent[i]);
  EXPECT_EQ(src.issued(), 11u);  // 5 warm-up + 6 measured, and no more
  EXPECT_EQ(src.total(), 11u);
}

TEST(Poisson, InterArrivalTimesHaveTheRequestedMean) {
  Simulation sim(3);
  std::vector<Request> sent;
  RequestSource src(poisson(100.0, 20000), sim, [&](const Request& r) { sent.push_back(r); });
  src.start();
  sim.run();
  ASSERT_EQ(sent.size(), 20000u);
  // Mean gap 1/100 s = 10 ms; exponential sd = mean, so the standard error of the mean over
  // 20000 gaps is 10 ms / sqrt(20000) = 0.071 ms; allow 5.
  const double mean_gap = sim_to_seconds(sent.back().arrival) / 20000.0;
  EXPECT_NEAR(mean_gap, 0.01, 5 * 0.01 / std::sqrt(20000.0));
  for (std::size_t i = 1; i < sent.size(); ++i) EXPECT_GE(sent[i].arrival, sent[i - 1].arrival);
}

TEST(Poisson, WarmupRequestsComeFirst) {
  Simulation sim(3);
  std::vector<Request> sent;
  WorkloadSpec w = poisson(10.0, 7);
  w.warmup_requests = 3;
  RequestSource src(w, sim, [&](const Request& r) { sent.push_back(r); });
  src.start();
  sim.run();
  ASSERT_EQ(sent.size(), 10u);
  for (std::size_t i = 0; i < 10; ++i) EXPECT_EQ(sent[i].measured, i >= 3) << i;
  EXPECT_EQ(src.measured_start(), sent[3].arrival);
}

TEST(Streams, LengthsDoNotDependOnTheArrivalProcess) {
  // Lengths come from "workload.lengths" and arrivals from "workload.arrivals": changing the
  // rate (or the kind of workload) leaves request i's lengths unchanged.
  auto lengths_of = [](const WorkloadSpec& w) {
    Simulation sim(9);
    std::vector<std::pair<int, int>> out;
    RequestSource src(w, sim,
                      [&](const Request& r) { out.emplace_back(r.input_tokens, r.output_tokens); });
    src.start();
    sim.run();
    return out;
  };
  const auto slow = lengths_of(poisson(1.0, 50));
  EXPECT_EQ(slow, lengths_of(poisson(50.0, 50)));
  auto first = lengths_of(closed(50, 0, 50));  // all 50 sent at once, in id order
  EXPECT_EQ(slow, first);
}

TEST(Streams, SameSeedSameArrivalsDifferentSeedDifferent) {
  auto arrivals_of = [](std::uint64_t seed) {
    Simulation sim(seed);
    std::vector<SimTime> out;
    RequestSource src(poisson(5.0, 30), sim, [&](const Request& r) { out.push_back(r.arrival); });
    src.start();
    sim.run();
    return out;
  };
  EXPECT_EQ(arrivals_of(1), arrivals_of(1));
  EXPECT_NE(arrivals_of(1), arrivals_of(2));
}

}  // namespace
}  // namespace servesim
