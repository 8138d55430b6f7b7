// The interface of batch schedulers: which requests run in the next iteration.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "hw/batch_features.hpp"
#include "sched/records.hpp"
#include "workloads/request.hpp"

namespace servesim {

struct SchedulerConfig {
  /// Cap on sequences in the running set (vLLM max_num_seqs, SGLang max_running_requests).
  int max_running_seqs = 256;
  /// Token budget per iteration: decode tokens plus prefill chunk tokens.
  int max_batched_tokens = 8192;
  /// Split long prompts into chunks that fit the budget (else a prompt is admitted whole).
  bool chunked_prefill = true;
  /// Tokens per KV block.
  int block_size = 16;
  /// Blocks in the instance's KV cache.
  std::int64_t kv_capacity_blocks = 0;
};

/// Decides each iteration's batch and tracks every request until it finishes.
class BatchScheduler {
 public:
  virtual ~BatchScheduler() = default;
  virtual void enqueue(const Request& request) = 0;
  /// True while any request is waiting or running.
  virtual bool has_work() const = 0;
  /// Forms the next batch. Returns false when nothing can run (then the instance idles).
  virtual bool form_batch(BatchFeatures& features) = 0;
  /// Applies the progress of the batch formed last, finishing at `now`. Appends finished
  /// requests to `finished`; `record` receives the iteration's counts.
  virtual void complete_batch(SimTime now, std::vector<RequestRecord>& finished,
                              IterationRecord& record) = 0;

  virtual int running() const = 0;
  virtual int waiting() const = 0;
  virtual std::int64_t preemptions() const = 0;
  virtual std::int64_t kv_used_blocks() const = 0;
  virtual std::int64_t kv_capacity_blocks() const = 0;
};

}  // namespace servesim
