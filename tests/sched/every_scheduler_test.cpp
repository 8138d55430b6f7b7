// The behaviour every registered batch scheduler keeps: each request finishes exactly once with
// all its output, and every batch stays within the KV cache, the token budget and the running cap
// (checked per iteration by the driver), also under KV pressure that forces preemption.
#include <gtest/gtest.h>

#include <set>

#include "sched/scheduler_registry.hpp"
#include "tests/sched/scheduler_driver.hpp"

namespace servesim {
namespace {

class EveryScheduler : public ::testing::TestWithParam<std::string> {
 protected:
  std::unique_ptr<BatchScheduler> make(const SchedulerConfig& c) const {
    return scheduler_registry().get(GetParam(), "test").make(c, MtpAcceptance{},
                                                              RandomStream(7, "test"));
  }
};

SchedulerConfig config(std::int64_t kv_blocks) {
  SchedulerConfig c;
  c.max_running_seqs = 16;
  c.max_batched_tokens = 512;
  c.block_size = 16;
  c.kv_capacity_blocks = kv_blocks;
  return c;
}

void expect_conserved(const testing::DriveResult& r, int requests, int output_tokens) {
  ASSERT_EQ(r.finished.size(), static_cast<std::size_t>(requests));
  std::set<std::uint64_t> ids;
  for (const RequestRecord& f : r.finished) {
    ids.insert(f.id);
    EXPECT_EQ(f.output_tokens, output_tokens) << "request " << f.id;
    EXPECT_GE(f.finish, f.first_token);
  }
  EXPECT_EQ(ids.size(), static_cast<std::size_t>(requests)) << "a request finished twice";
}

TEST_P(EveryScheduler, ConservesRequestsWithinBudgetCapAndKv) {
  const SchedulerConfig c = config(4096);
  auto s = make(c);
  std::map<int, std::vector<Request>> arrivals;
  for (int k = 0; k < 40; ++k) {
    arrivals[k * 3].push_back(testing::make_request(static_cast<std::uint64_t>(k + 1), 700, 40));
  }
  const testing::DriveResult r = testing::drive(*s, c, arrivals);
  expect_conserved(r, 40, 40);
  EXPECT_LE(r.max_kv_used, c.kv_capacity_blocks);
  EXPECT_FALSE(s->has_work());
  EXPECT_EQ(s->kv_used_blocks(), 0) << "finished requests must free their blocks";
}

TEST_P(EveryScheduler, FinishesEverythingUnderKvPressure) {
  // 24 requests of up to 1,200 tokens each against 300 blocks (4,800 tokens): at most a few
  // fit at once, so the scheduler must queue or preempt and still finish every one.
  const SchedulerConfig c = config(300);
  auto s = make(c);
  std::map<int, std::vector<Request>> arrivals;
  for (int k = 0; k < 24; ++k) {
    arrivals[0].push_back(testing::make_request(static_cast<std::uint64_t>(k + 1), 1000, 200));
  }
  const testing::DriveResult r = testing::drive(*s, c, arrivals);
  expect_conserved(r, 24, 200);
  EXPECT_LE(r.max_kv_used, c.kv_capacity_blocks);
}

INSTANTIATE_TEST_SUITE_P(Registered, EveryScheduler,
                         ::testing::ValuesIn(scheduler_registry().names()),
                         [](const auto& p) { return p.param; });

}  // namespace
}  // namespace servesim
