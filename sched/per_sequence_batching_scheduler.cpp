// Continuous batching stepped per sequence: the reference path.
#include "sched/per_sequence_batching_scheduler.hpp"

#include <algorithm>

#include "sim/core/error.hpp"

namespace servesim {

void PerSequenceBatchingScheduler::preempt(int slot) {
  Seq& s = seqs_[static_cast<std::size_t>(slot)];
  kv_.release(s.blocks);
  s.blocks = 0;
  s.prefilled = 0;
  s.prefill_target = s.request.input_tokens + s.generated;  // recompute prompt and output so far
  s.chunk = 0;
  s.decoding = false;
  ++s.preemptions;
  ++preemptions_;
  reserved_tokens_ -= reserve_of(s);
  reserve_ratio_ = config_.output_reserve_init;  // a preemption makes the engine cautious again
  running_.erase(std::find(running_.begin(), running_.end(), slot));
  waiting_.push_front(slot);
}

bool PerSequenceBatchingScheduler::form_batch(BatchFeatures& f) {
  // Requests whose KV arrived join the running set (they decode from this iteration on).
  while (!arrived_.empty() && static_cast<int>(running_.size()) < config_.max_running_seqs) {
    running_.push_back(arrived_.front());
    arrived_.pop_front();
  }
  const int q = 1 + acceptance_.drafts();
  // Decodes that fit the token budget (at least one, so a tiny budget cannot stall decoding).
  const int max_decodes = std::max(1, config_.max_batched_tokens / q);
  std::int64_t budget = 0;
  // Decodes, oldest first; when a sequence cannot grow, preempt the newest.
  auto decode_pass = [&] {
    for (std::size_t i = 0; i < running_.size(); ++i) {
      const int slot = running_[i];
      Seq& s = seqs_[static_cast<std::size_t>(slot)];
      if (!s.in_decode()) continue;
      if (f.decode_seqs >= max_decodes) continue;  // budget spent: it decodes next iteration
      bool preempted_self = false;
      while (!preempted_self && !grow(s, s.context() + q)) {
        const int victim = running_.back();  // the newest running request
        preempt(victim);
        preempted_self = victim == slot;
      }
      if (preempted_self) break;  // it was the newest: nothing after it is left
      s.decoding = true;
      f.decode_seqs += 1;
      f.decode_context_sum += s.context();
    }
    budget -= static_cast<std::int64_t>(f.decode_seqs) * q;
  };
  auto prefill_pass = [&] {
    // Continue chunked prefills already running.
    for (int slot : running_) {
      Seq& s = seqs_[static_cast<std::size_t>(slot)];
      if (s.in_decode() || budget <= 0) continue;
      const int chunk =
          static_cast<int>(std::min<std::int64_t>(s.prefill_target - s.prefilled, budget));
      if (grow(s, s.prefilled + chunk)) schedule_chunk(s, chunk, f, budget);
    }
    // Admit waiting requests while the budget, the running cap and the KV cache allow.
    int slot, chunk;
    while ((slot = admit_next(budget, static_cast<int>(running_.size()), 0, chunk)) >= 0) {
      running_.push_back(slot);
      schedule_chunk(seq(slot), chunk, f, budget);
    }
  };
  for (;;) {
    f = BatchFeatures{};
    f.tokens_per_decode_seq = q;
    budget = config_.max_batched_tokens;
    for (int slot : running_) {
      Seq& s = seqs_[static_cast<std::size_t>(slot)];
      s.chunk = 0;
      s.decoding = false;
    }
    if (config_.mix_prefill_with_decode) {
      decode_pass();
      prefill_pass();
    } else {
      // Prefill batches run alone and first; decodes run when no prefill can be formed.
      prefill_pass();
      if (f.prefill_seqs == 0) decode_pass();
    }
    if (f.decode_seqs > 0 || f.prefill_seqs > 0) break;
    if (running_.empty()) return false;
    // Running prefills are stuck on KV blocks with nothing decoding to free any: make room.
    preempt(running_.back());
  }
  finish_forming(f);
  return true;
}

void PerSequenceBatchingScheduler::complete_batch(SimTime now, std::vector<RequestRecord>& finished,
                                                 IterationRecord& record) {
  std::size_t keep = 0;
  for (std::size_t i = 0; i < running_.size(); ++i) {
    const int slot = running_[i];
    Seq& s = seqs_[static_cast<std::size_t>(slot)];
    const int left = s.request.output_tokens - s.generated;
    const std::int64_t reserve_before = reserve_of(s);
    if (s.decoding) {
      if (s.first_token < 0) s.first_token = record.start;  // a handed-off request joins
      const int tokens = acceptance_.drafts() > 0
                             ? std::min(acceptance_.sample_tokens(rng_), left)
                             : 1;
      s.generated += tokens;
      record.output_tokens += tokens;
      record.decode_seqs += 1;
    } else if (s.chunk > 0) {
      s.prefilled += s.chunk;
      record.prefill_seqs += 1;
      record.prefill_tokens += s.chunk;
      if (s.in_decode()) {
        s.generated += 1;  // the iteration that completes a prefill samples the next token
        record.output_tokens += 1;
        if (s.first_token < 0) s.first_token = now;
      }
    }
    s.chunk = 0;
    s.decoding = false;
    reserved_tokens_ -= reserve_before - reserve_of(s);
    const bool handoff = config_.role == SchedulerRole::kPrefillOnly && s.in_decode() &&
                         s.generated < s.request.output_tokens;
    if (handoff || s.generated >= s.request.output_tokens) {
      leave(slot, now, handoff, finished);
      continue;
    }
    running_[keep++] = slot;
  }
  running_.resize(keep);
  SERVESIM_CHECK(!running_.empty() || !incoming_.empty() || !arrived_.empty() ||
                     reserved_tokens_ == 0,
                 "admission reserve out of balance");
  if (record.decode_seqs > 0) decay_reserve();
  fill_counts(record);
}

}  // namespace servesim
