// Test driver for batch schedulers: runs iterations back to back on a fake clock and checks the
// per-iteration invariants (KV within capacity, token budget, running cap) after every batch.
#pragma once

#include <gtest/gtest.h>

#include <map>
#include <vector>

#include "sched/batch_scheduler.hpp"

namespace servesim::testing {

struct DriveResult {
  std::vector<RequestRecord> finished;      // in finishing order
  std::vector<BatchFeatures> batches;       // one per iteration
  std::vector<IterationRecord> iterations;  // one per iteration
  std::int64_t max_kv_used = 0;
};

/// Forms and completes batches until the scheduler has no work (or `max_iterations`), one
/// iteration per `step` of simulated time. `arrivals` maps an iteration index to requests
/// enqueued just before that iteration is formed.
inline DriveResult drive(BatchScheduler& s, const SchedulerConfig& c,
                         std::map<int, std::vector<Request>> arrivals = {},
                         int max_iterations = 100000, SimTime step = 1000) {
  DriveResult out;
  SimTime now = 0;
  for (int it = 0; it < max_iterations; ++it) {
    if (auto a = arrivals.find(it); a != arrivals.end()) {
      for (const Request& r : a->second) s.enqueue(r);
      arrivals.erase(a);
    }
    if (!s.has_work() && arrivals.empty()) break;
    BatchFeatures f;
    if (!s.form_batch(f)) {
      ADD_FAILURE() << "form_batch found nothing to run at iteration " << it << " with "
                    << s.waiting() << " waiting and " << s.running() << " running";
      break;
    }
    // Invariants of every formed batch.
    EXPECT_LE(s.kv_used_blocks(), s.kv_capacity_blocks()) << "iteration " << it;
    EXPECT_LE(f.decode_tokens() + f.prefill_tokens, c.max_batched_tokens) << "iteration " << it;
    EXPECT_LE(s.running(), c.max_running_seqs) << "iteration " << it;
    EXPECT_GT(f.decode_seqs + f.prefill_seqs, 0) << "iteration " << it;
    out.max_kv_used = std::max(out.max_kv_used, s.kv_used_blocks());
    out.batches.push_back(f);
    now += step;
    IterationRecord rec;
    s.complete_batch(now, out.finished, rec);
    out.iterations.push_back(rec);
  }
  return out;
}

/// A request with the given id, lengths and arrival 0.
inline Request make_request(std::uint64_t id, int input, int output) {
  Request r;
  r.id = id;
  r.input_tokens = input;
  r.output_tokens = output;
  return r;
}

}  // namespace servesim::testing
