// Continuous batching as vLLM and SGLang do it: decodes first, then prefill chunks up to a
// token budget, admission only with free KV blocks, recompute-preemption of the newest request.
#pragma once

#include <deque>
#include <unordered_map>
#include <vector>

#include "sched/batch_scheduler.hpp"
#include "sched/kv_cache_manager.hpp"
#include "sched/speculative_decoding.hpp"
#include "sim/core/random_stream.hpp"

namespace servesim {

class ContinuousBatchingScheduler final : public BatchScheduler {
 public:
  /// `acceptance` with zero drafts means plain decoding; `rng` draws MTP acceptance.
  ContinuousBatchingScheduler(const SchedulerConfig& config, MtpAcceptance acceptance,
                              RandomStream rng);

  void enqueue(const Request& request) override;
  bool has_work() const override {
    return !running_.empty() || !waiting_.empty() || !arrived_.empty();
  }
  bool form_batch(BatchFeatures& features) override;
  void complete_batch(SimTime now, std::vector<RequestRecord>& finished,
                      IterationRecord& record) override;

  void release_handoff(std::uint64_t id) override;
  bool reserve_incoming(const Request& request) override;
  void admit_incoming(std::uint64_t id, SimTime now) override;
  std::int64_t held_kv_blocks() const override { return held_blocks_; }
  int incoming() const override {
    return static_cast<int>(incoming_.size() + arrived_.size());
  }
  SchedulerRole role() const override { return config_.role; }

  int running() const override { return static_cast<int>(running_.size()); }
  int waiting() const override { return static_cast<int>(waiting_.size()); }
  std::int64_t preemptions() const override { return preemptions_; }
  std::int64_t kv_used_blocks() const override { return kv_.used_blocks(); }
  std::int64_t kv_capacity_blocks() const override { return kv_.capacity_blocks(); }
  const KvCacheManager& kv() const { return kv_; }
  /// Tokens scheduled in the batch formed last (decode query tokens + prefill chunk tokens).
  std::int64_t last_batch_tokens() const { return last_batch_tokens_; }

 private:
  struct Seq {
    Request request;
    int prefill_target = 0;  ///< tokens to prefill: the prompt, or prompt + output after preemption
    int prefilled = 0;
    int generated = 0;
    std::int64_t blocks = 0;
    SimTime first_token = -1;
    int preemptions = 0;
    int chunk = 0;        ///< prefill tokens scheduled this iteration
    bool decoding = false;  ///< takes a decode step this iteration
    bool in_decode() const { return prefilled >= prefill_target; }
    int context() const { return request.input_tokens + generated; }
  };

  void preempt(int slot);
  void free_slot(int slot);
  /// Output tokens `s` may still write, as counted for the admission reserve.
  std::int64_t reserve_of(const Seq& s) const;
  /// True if admitting `s` with a chunk needing `new_blocks` keeps the reserve.
  bool keeps_reserve(const Seq& s, std::int64_t new_blocks, int chunk) const;
  bool grow(Seq& s, std::int64_t tokens);
  int new_slot(const Request& request);

  SchedulerConfig config_;
  MtpAcceptance acceptance_;
  RandomStream rng_;
  KvCacheManager kv_;
  std::vector<Seq> seqs_;
  std::vector<int> free_slots_;
  std::vector<int> running_;  // admission order: oldest first
  std::deque<int> waiting_;
  // Disaggregated roles: handed-off requests holding KV (prefill), requests with KV reserved
  // awaiting their transfer, and arrived ones waiting for the running cap (decode).
  std::unordered_map<std::uint64_t, int> handoffs_, incoming_;
  std::deque<int> arrived_;
  std::int64_t held_blocks_ = 0;
  std::int64_t preemptions_ = 0;
  double reserve_ratio_ = 0;           // current admission reserve ratio
  std::int64_t reserved_tokens_ = 0;   // sum of reserve_of over running sequences
  std::int64_t last_batch_tokens_ = 0;
};

}  // namespace servesim
