// What the continuous-batching schedulers share: the sequence slots, the paged KV cache, the
// admission reserve, and the disaggregated hand-off and incoming bookkeeping.
#pragma once

#include <deque>
#include <unordered_map>
#include <vector>

#include "sched/batch_scheduler.hpp"
#include "sched/kv_cache_manager.hpp"
#include "sched/speculative_decoding.hpp"
#include "sim/core/random_stream.hpp"

namespace servesim {

/// Waiting requests, slots and KV of one instance, and the rules for admitting a request; the
/// schedulers derived from it decide how the running set advances.
class BatchingState : public BatchScheduler {
 public:
  /// `acceptance` with zero drafts means plain decoding; `rng` draws MTP acceptance.
  BatchingState(const SchedulerConfig& config, MtpAcceptance acceptance, RandomStream rng);

  void enqueue(const Request& request) override;
  void release_handoff(std::uint64_t id) override;
  bool reserve_incoming(const Request& request) override;
  void admit_incoming(std::uint64_t id, SimTime now) override;
  std::int64_t held_kv_blocks() const override { return held_blocks_; }
  int incoming() const override {
    return static_cast<int>(incoming_.size() + arrived_.size());
  }
  SchedulerRole role() const override { return config_.role; }
  int waiting() const override { return static_cast<int>(waiting_.size()); }
  std::int64_t preemptions() const override { return preemptions_; }
  std::int64_t kv_used_blocks() const override { return kv_.used_blocks(); }
  std::int64_t kv_capacity_blocks() const override { return kv_.capacity_blocks(); }
  const KvCacheManager& kv() const { return kv_; }
  /// Tokens scheduled in the batch formed last (decode query tokens + prefill chunk tokens).
  std::int64_t last_batch_tokens() const { return last_batch_tokens_; }

 protected:
  struct Seq {
    Request request;
    int prefill_target = 0;  ///< tokens to prefill: the prompt, or prompt + output after preemption
    int prefilled = 0;
    int generated = 0;
    std::int64_t blocks = 0;
    SimTime first_token = -1;
    int preemptions = 0;
    int chunk = 0;          ///< prefill tokens scheduled this iteration
    bool decoding = false;  ///< takes a decode step this iteration
    std::int64_t admitted = -1;  ///< admission order into the running set (-1: not running)
    bool in_decode() const { return prefilled >= prefill_target; }
    int context() const { return request.input_tokens + generated; }
  };

  Seq& seq(int slot) { return seqs_[static_cast<std::size_t>(slot)]; }
  const Seq& seq(int slot) const { return seqs_[static_cast<std::size_t>(slot)]; }
  void free_slot(int slot);
  /// Output tokens `s` may still write, as counted for the admission reserve.
  std::int64_t reserve_of(const Seq& s) const;
  /// True if admitting `s` with a chunk needing `new_blocks` keeps the reserve, given
  /// `other_reserve` tokens of running sequences not counted in reserved_tokens_.
  bool keeps_reserve(const Seq& s, std::int64_t new_blocks, int chunk,
                     double other_reserve = 0) const;
  bool grow(Seq& s, std::int64_t tokens);
  int new_slot(const Request& request);
  /// Reserve tokens of running sequences that reserved_tokens_ does not count (those a derived
  /// scheduler tracks in aggregate).
  virtual double running_reserve() const { return 0; }
  /// Puts `chunk` prefill tokens of `s` into the batch.
  void schedule_chunk(Seq& s, int chunk, BatchFeatures& f, std::int64_t& budget);
  /// The waiting request admitted next, its KV grown and its reserve counted (popped from
  /// waiting_, its chunk in `chunk`), or -1 when the budget, the running cap (`running` now),
  /// the reserve or the KV cache stop admissions.
  int admit_next(std::int64_t budget, int running, double other_reserve, int& chunk);
  /// Draft passes, last_batch_tokens_ and the budget check of a formed batch.
  void finish_forming(BatchFeatures& f);
  /// The admission reserve ratio after a decode iteration.
  void decay_reserve();
  /// The record of a request that leaves this instance now (finished or handed off).
  RequestRecord leaving_record(const Seq& s, SimTime now, bool handoff) const;
  /// Parks a prefill worker's handed-off request with its KV until the transfer completes.
  void hold_handoff(int slot);
  /// `slot` leaves this instance now, finished or handed off: its record goes to `finished` and
  /// its slot is freed (or held, with its KV, until the transfer completes).
  void leave(int slot, SimTime now, bool handoff, std::vector<RequestRecord>& finished);
  /// The running, waiting and KV counts an iteration record ends with.
  void fill_counts(IterationRecord& record) const;

  SchedulerConfig config_;
  MtpAcceptance acceptance_;
  RandomStream rng_;
  KvCacheManager kv_;
  std::vector<Seq> seqs_;
  std::vector<int> free_slots_;
  std::deque<int> waiting_;
  // Disaggregated roles: handed-off requests holding KV (prefill), requests with KV reserved
  // awaiting their transfer, and arrived ones waiting for the running cap (decode).
  std::unordered_map<std::uint64_t, int> handoffs_, incoming_;
  std::deque<int> arrived_;
  std::int64_t held_blocks_ = 0;
  std::int64_t preemptions_ = 0;
  double reserve_ratio_ = 0;           // current admission reserve ratio
  std::int64_t reserved_tokens_ = 0;   // sum of reserve_of over sequences the derived class counts
  std::int64_t last_batch_tokens_ = 0;
};

}  // namespace servesim
