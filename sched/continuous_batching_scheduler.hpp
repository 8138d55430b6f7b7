// Continuous batching as vLLM, SGLang and TensorRT-LLM do it (decodes first, then prefill
// chunks up to a token budget, admission only with free KV blocks, recompute-preemption of the
// newest request), with the decoding sequences held in aggregate: an iteration costs O(1) in
// the batch size and O(log n) per sequence that joins, finishes or is preempted.
#pragma once

#include <deque>
#include <utility>
#include <vector>

#include "sched/batching_state.hpp"
#include "sched/decode_set.hpp"
#include "sched/mtp_step_sampler.hpp"

namespace servesim {

/// Sequences in prefill are visited per iteration (each chunk is an event); sequences in decode
/// live in a DecodeSet: each one's decode steps are drawn once when it starts decoding
/// (MtpStepSampler, exact in distribution), and the batch's context sum, the tokens it still
/// has to write and the KV blocks it holds are sums over the set (exact without MTP; with MTP
/// on each sequence's mean path between its exact first and last steps).
/// PerSequenceBatchingScheduler is the per-sequence reference.
class ContinuousBatchingScheduler final : public BatchingState {
 public:
  ContinuousBatchingScheduler(const SchedulerConfig& config, MtpAcceptance acceptance,
                              RandomStream rng);

  bool has_work() const override {
    return running_ > 0 || !waiting_.empty() || !arrived_.empty();
  }
  bool form_batch(BatchFeatures& features) override;
  void complete_batch(SimTime now, std::vector<RequestRecord>& finished,
                      IterationRecord& record) override;
  int running() const override { return running_; }

 private:
  double running_reserve() const override { return decode_.reserve_tokens(); }

  /// `slot` enters the running set (newest).
  void admit_running(int slot);
  /// `slot` has finished its prefill and decodes from the next decode iteration (or waits in
  /// parked_ while the token budget has no room for another decode).
  void start_decoding(int slot);
  /// Parked sequences take free decode places, oldest first.
  void unpark();
  /// Matches the blocks held for the decoding sequences to what they need (as far as the cache
  /// allows; form_batch preempts for the rest).
  void sync_decode_blocks();
  int newest_running();
  void preempt(int slot);
  bool decode_pass(BatchFeatures& f, std::int64_t& budget);
  void prefill_pass(BatchFeatures& f, std::int64_t& budget);

  MtpStepSampler steps_;
  DecodeSet decode_;
  int max_decodes_;
  std::vector<int> prefilling_;  // running, not yet decoding; admission order
  std::deque<int> parked_;       // decoding but beyond the decode budget; oldest first
  std::deque<std::pair<std::int64_t, int>> order_;  // (admission, slot), oldest first; lazy
  std::vector<std::pair<int, std::int64_t>> first_step_;  // (slot, admission) stamped at start
  std::int64_t next_admission_ = 0;
  std::int64_t decode_blocks_ = 0;  // KV blocks held for the decoding sequences
  int running_ = 0;
  int decoded_ = 0;  // decoding sequences in the batch formed last
};

}  // namespace servesim
