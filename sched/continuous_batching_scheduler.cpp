// Batch formation and progress for continuous batching, decoding sequences in aggregate.
#include "sched/continuous_batching_scheduler.hpp"

#include <algorithm>

#include "sim/core/error.hpp"

namespace servesim {

ContinuousBatchingScheduler::ContinuousBatchingScheduler(const SchedulerConfig& config,
                                                         MtpAcceptance acceptance,
                                                         RandomStream rng)
    : BatchingState(config, std::move(acceptance), rng),
      steps_(acceptance_),
      decode_(config.role == SchedulerRole::kPrefillOnly ? 0 : config.output_reserve_clip_tokens,
              config.block_size, 1 + acceptance_.drafts()),
      // Decodes that fit the token budget (at least one, so a tiny budget cannot stall decoding).
      max_decodes_(std::max(1, config.max_batched_tokens / (1 + acceptance_.drafts()))) {}

void ContinuousBatchingScheduler::admit_running(int slot) {
  Seq& s = seq(slot);
  s.admitted = next_admission_++;
  order_.emplace_back(s.admitted, slot);
  ++running_;
  // Entries of sequences that left are dropped once they outnumber the running ones.
  if (order_.size() > 2 * static_cast<std::size_t>(running_) + 64) {
    std::erase_if(order_, [this](const auto& e) { return seq(e.second).admitted != e.first; });
  }
}

int ContinuousBatchingScheduler::newest_running() {
  while (!order_.empty() && seq(order_.back().second).admitted != order_.back().first) {
    order_.pop_back();
  }
  SERVESIM_CHECK(!order_.empty(), "no running sequence to preempt");
  return order_.back().second;
}

void ContinuousBatchingScheduler::sync_decode_blocks() {
  const std::int64_t need = decode_.blocks_needed();
  if (need < decode_blocks_) {
    kv_.release(decode_blocks_ - need);
    decode_blocks_ = need;
  } else if (need > decode_blocks_) {
    const std::int64_t more = std::min(need - decode_blocks_, kv_.free_blocks());
    kv_.allocate(more);
    decode_blocks_ += more;
  }
}

void ContinuousBatchingScheduler::start_decoding(int slot) {
  if (decode_.size() >= max_decodes_) {
    parked_.push_back(slot);
    return;
  }
  Seq& s = seq(slot);
  const std::int64_t tokens = s.request.output_tokens - s.generated;
  reserved_tokens_ -= reserve_of(s);  // the decode set counts it from now on
  decode_.add(slot, s.context(), tokens, steps_.sample_steps(tokens, rng_));
  kv_.release(s.blocks);  // its KV is now part of the decode set's
  s.blocks = 0;
  if (s.first_token < 0) first_step_.emplace_back(slot, s.admitted);
  sync_decode_blocks();
}

void ContinuousBatchingScheduler::unpark() {
  while (!parked_.empty() && decode_.size() < max_decodes_) {
    const int slot = parked_.front();
    parked_.pop_front();
    start_decoding(slot);
  }
}

void ContinuousBatchingScheduler::preempt(int slot) {
  Seq& s = seq(slot);
  if (decode_.contains(slot)) {
    s.generated += static_cast<int>(decode_.remove(slot));
    sync_decode_blocks();
  } else {
    reserved_tokens_ -= reserve_of(s);
    kv_.release(s.blocks);
    if (auto it = std::find(parked_.begin(), parked_.end(), slot); it != parked_.end()) {
      parked_.erase(it);
    } else {
      prefilling_.erase(std::find(prefilling_.begin(), prefilling_.end(), slot));
    }
  }
  s.blocks = 0;
  s.prefilled = 0;
  s.prefill_target = s.request.input_tokens + s.generated;  // recompute prompt and output so far
  s.chunk = 0;
  s.admitted = -1;
  ++s.preemptions;
  ++preemptions_;
  --running_;
  reserve_ratio_ = config_.output_reserve_init;  // a preemption makes the engine cautious again
  waiting_.push_front(slot);
}

bool ContinuousBatchingScheduler::decode_pass(BatchFeatures& f, std::int64_t& budget) {
  unpark();
  // Grow the decoding sequences' KV for this step; when it does not fit, preempt the newest.
  while (decode_.size() > 0) {
    sync_decode_blocks();
    if (decode_blocks_ >= decode_.blocks_needed()) break;
    preempt(newest_running());
    unpark();
  }
  const int n = decode_.size();
  if (n == 0) return false;
  f.decode_seqs = n;
  f.decode_context_sum = decode_.context_sum();
  budget -= static_cast<std::int64_t>(n) * (1 + acceptance_.drafts());
  decoded_ = n;
  return true;
}

void ContinuousBatchingScheduler::prefill_pass(BatchFeatures& f, std::int64_t& budget) {
  // Continue chunked prefills already running.
  for (int slot : prefilling_) {
    Seq& s = seq(slot);
    if (budget <= 0) break;
    const int chunk =
        static_cast<int>(std::min<std::int64_t>(s.prefill_target - s.prefilled, budget));
    if (grow(s, s.prefilled + chunk)) schedule_chunk(s, chunk, f, budget);
  }
  // Admit waiting requests while the budget, the running cap and the KV cache allow.
  int slot, chunk;
  while ((slot = admit_next(budget, running_, running_reserve(), chunk)) >= 0) {
    admit_running(slot);
    prefilling_.push_back(slot);
    schedule_chunk(seq(slot), chunk, f, budget);
  }
}

bool ContinuousBatchingScheduler::form_batch(BatchFeatures& f) {
  // Requests whose KV arrived join the running set (they decode from this iteration on).
  while (!arrived_.empty() && running_ < config_.max_running_seqs) {
    const int slot = arrived_.front();
    arrived_.pop_front();
    admit_running(slot);
    start_decoding(slot);
  }
  for (;;) {
    f = BatchFeatures{};
    f.tokens_per_decode_seq = 1 + acceptance_.drafts();
    std::int64_t budget = config_.max_batched_tokens;
    decoded_ = 0;
    for (int slot : prefilling_) seq(slot).chunk = 0;
    if (config_.mix_prefill_with_decode) {
      decode_pass(f, budget);
      prefill_pass(f, budget);
    } else {
      // Prefill batches run alone and first; decodes run when no prefill can be formed.
      prefill_pass(f, budget);
      if (f.prefill_seqs == 0) decode_pass(f, budget);
    }
    if (f.decode_seqs > 0 || f.prefill_seqs > 0) break;
    if (running_ == 0) return false;
    // Running prefills are stuck on KV blocks with nothing decoding to free any: make room.
    preempt(newest_running());
  }
  finish_forming(f);
  return true;
}

void ContinuousBatchingScheduler::complete_batch(SimTime now, std::vector<RequestRecord>& finished,
                                                 IterationRecord& record) {
  if (decoded_ > 0) {
    decode_.advance();
    record.decode_seqs = decoded_;
    for (const auto& [slot, admitted] : first_step_) {
      Seq& s = seq(slot);
      if (s.admitted == admitted && s.first_token < 0) s.first_token = record.start;
    }
    first_step_.clear();
    int slot;
    while (decode_.pop_finished(slot)) {
      Seq& s = seq(slot);
      s.generated = s.request.output_tokens;
      leave(slot, now, false, finished);
      --running_;
    }
    record.output_tokens += decode_.take_emitted();
    decoded_ = 0;
  }
  std::size_t keep = 0;
  for (std::size_t i = 0; i < prefilling_.size(); ++i) {
    const int slot = prefilling_[i];
    Seq& s = seq(slot);
    if (s.chunk > 0) {
      const std::int64_t reserve_before = reserve_of(s);
      s.prefilled += s.chunk;
      record.prefill_seqs += 1;
      record.prefill_tokens += s.chunk;
      s.chunk = 0;
      if (s.in_decode()) {
        s.generated += 1;  // the iteration that completes a prefill samples the next token
        record.output_tokens += 1;
        if (s.first_token < 0) s.first_token = now;
        reserved_tokens_ -= reserve_before - reserve_of(s);
        const bool handoff = config_.role == SchedulerRole::kPrefillOnly &&
                             s.generated < s.request.output_tokens;
        if (handoff || s.generated >= s.request.output_tokens) {
          leave(slot, now, handoff, finished);
          --running_;
        } else {
          start_decoding(slot);
        }
        continue;
      }
    }
    prefilling_[keep++] = slot;
  }
  prefilling_.resize(keep);
  unpark();
  sync_decode_blocks();
  SERVESIM_CHECK(running_ > 0 || !incoming_.empty() || !arrived_.empty() ||
                     (reserved_tokens_ == 0 && decode_.size() == 0 && decode_blocks_ == 0),
                 "admission reserve out of balance");
  if (record.decode_seqs > 0) decay_reserve();
  fill_counts(record);
}

}  // namespace servesim
