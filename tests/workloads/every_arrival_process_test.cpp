// Behaviour every registered arrival process must have, driven by a server that finishes each
// request a fixed time after it arrives: every request is issued exactly once, warm-up ones
// first; ids count up in issue order; same seed, same arrival times.
#include <gtest/gtest.h>

#include <vector>

#include "workloads/arrival_registry.hpp"
#include "workloads/workload.hpp"

namespace servesim {
namespace {

class EveryArrivalProcess : public ::testing::TestWithParam<std::string> {
 protected:
  WorkloadSpec spec() const {
    WorkloadSpec w;
    w.type = GetParam();
    w.concurrency = 8;
    w.rate_per_s = 50;
    w.warmup_requests = 16;
    w.measured_requests = 80;
    return w;
  }
  /// Runs the source against a server that answers each request 0.1 s after it arrives.
  std::vector<Request> drive(std::uint64_t seed) const {
    Simulation sim(seed);
    std::vector<Request> sent;
    RequestSource* src = nullptr;
    RequestSource source(spec(), sim, [&](const Request& r) {
      sent.push_back(r);
      sim.schedule_in(seconds_to_sim(0.1), [&, r] { src->on_complete(r); });
    });
    src = &source;
    source.start();
    sim.run();
    EXPECT_EQ(source.issued(), source.total());
    EXPECT_EQ(source.completed(), source.total());
    return sent;
  }
};

TEST_P(EveryArrivalProcess, IssuesEveryRequestOnceWarmupFirst) {
  const std::vector<Request> sent = drive(1);
  ASSERT_EQ(sent.size(), 96u);
  for (std::size_t i = 0; i < sent.size(); ++i) {
    EXPECT_EQ(sent[i].id, i);
    EXPECT_EQ(sent[i].measured, i >= 16) << "request " << i;
    if (i > 0) {
      EXPECT_GE(sent[i].arrival, sent[i - 1].arrival);
    }
  }
}

TEST_P(EveryArrivalProcess, SameSeedSameArrivals) {
  const std::vector<Request> a = drive(7), b = drive(7);
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].arrival, b[i].arrival);
    EXPECT_EQ(a[i].input_tokens, b[i].input_tokens);
  }
}

TEST_P(EveryArrivalProcess, ClosedLoopNeverExceedsItsClients) {
  if (!spec().closed_loop()) GTEST_SKIP() << "open loop: arrivals ignore completions";
  // With a 0.1 s service time, at most `concurrency` requests arrive in any 0.1 s window.
  const std::vector<Request> sent = drive(3);
  for (std::size_t i = 8; i < sent.size(); ++i) {
    EXPECT_GE(sent[i].arrival - sent[i - 8].arrival, seconds_to_sim(0.1)) << "request " << i;
  }
}

INSTANTIATE_TEST_SUITE_P(Registered, EveryArrivalProcess,
                         ::testing::ValuesIn(arrival_registry().names()),
                         [](const auto& p) { return p.param; });

}  // namespace
}  // namespace servesim
