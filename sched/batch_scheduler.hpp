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

/// What an instance's scheduler does with a request (set by the cluster from the pool's role,
/// not read from scenario files).
enum class SchedulerRole {
  kServe,        ///< whole requests: prefill, then decode to the last token
  kPrefillOnly,  ///< prefill and the first token, then hand the request off holding its KV
  kDecodeOnly,   ///< requests whose KV arrives by transfer, decoded from their second token
};

struct SchedulerConfig {
  /// The scheduler_registry() name of the implementation these settings configure.
  std::string policy = "continuous_batching";
  /// Cap on sequences in the running set (vLLM max_num_seqs, SGLang max_running_requests).
  int max_running_seqs = 256;
  /// Token budget per iteration: decode tokens plus prefill chunk tokens.
  int max_batched_tokens = 8192;
  /// Split long prompts into chunks that fit the budget (else a prompt is admitted whole).
  bool chunked_prefill = true;
  /// Put prefill chunks into the same iteration as decodes (vLLM, TensorRT-LLM in-flight
  /// batching). When false, a prefill batch runs alone whenever one can be formed and decodes
  /// wait for it (SGLang without --enable-mixed-chunk).
  bool mix_prefill_with_decode = true;
  /// Tokens per KV block.
  int block_size = 16;
  /// Blocks in the instance's KV cache.
  std::int64_t kv_capacity_blocks = 0;
  /// Admission control: a waiting request is admitted only if the KV blocks left afterwards
  /// cover `ratio` x the output tokens the running requests (and it) have still to write.
  /// The ratio starts at `output_reserve_init`, falls linearly to `output_reserve_min` over
  /// `output_reserve_decay_steps` decode iterations, and returns to the start after a
  /// preemption (SGLang's new_token_ratio: 0.7 -> 0.098 over 600 steps; TensorRT-LLM's
  /// GUARANTEED_NO_EVICT: 1 throughout; vLLM: 0, admit optimistically and preempt).
  double output_reserve_init = 0;
  double output_reserve_min = 0;
  int output_reserve_decay_steps = 1;
  /// Per-request cap on the output tokens counted for the reserve (0 = none; SGLang 4096).
  int output_reserve_clip_tokens = 0;
  /// Set by the cluster from the pool's role (not a scenario field).
  SchedulerRole role = SchedulerRole::kServe;
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

  // Disaggregated serving.
  /// Prefill role: frees the KV of a handed-off request once its transfer has completed.
  virtual void release_handoff(std::uint64_t id) = 0;
  /// Decode role: reserves KV blocks for `request` (its prompt, by the admission rules); false
  /// when there is no room yet.
  virtual bool reserve_incoming(const Request& request) = 0;
  /// Decode role: the KV of reserved request `id` has arrived at `now`; it joins the running set
  /// when the running cap allows, and its first token (sampled by the prefill worker) reaches
  /// the client at the start of the first step that runs it.
  virtual void admit_incoming(std::uint64_t id, SimTime now) = 0;
  /// KV blocks held by handed-off requests (prefill) or reserved for incoming ones (decode).
  virtual std::int64_t held_kv_blocks() const = 0;
  /// Requests reserved or arrived but not yet running (decode role).
  virtual int incoming() const = 0;
  virtual SchedulerRole role() const = 0;

  virtual int running() const = 0;
  virtual int waiting() const = 0;
  virtual std::int64_t preemptions() const = 0;
  virtual std::int64_t kv_used_blocks() const = 0;
  virtual std::int64_t kv_capacity_blocks() const = 0;
};

}  // namespace servesim
