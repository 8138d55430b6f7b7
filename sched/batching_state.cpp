// Slots, KV, admission reserve and disaggregated bookkeeping shared by the schedulers.
#include "sched/batching_state.hpp"

#include <algorithm>
#include <cmath>

#include "sim/core/error.hpp"

namespace servesim {

BatchingState::BatchingState(const SchedulerConfig& config, MtpAcceptance acceptance,
                             RandomStream rng)
    : config_(config),
      acceptance_(std::move(acceptance)),
      rng_(rng),
      kv_(config.kv_capacity_blocks, config.block_size),
      reserve_ratio_(config.output_reserve_init) {
  SERVESIM_CHECK(config.max_running_seqs > 0 && config.max_batched_tokens > 0);
  SERVESIM_CHECK(config.output_reserve_decay_steps > 0);
}

std::int64_t BatchingState::reserve_of(const Seq& s) const {
  if (config_.role == SchedulerRole::kPrefillOnly) return 0;  // its output is written elsewhere
  const std::int64_t left = s.request.output_tokens - s.generated;
  return config_.output_reserve_clip_tokens > 0
             ? std::min<std::int64_t>(left, config_.output_reserve_clip_tokens)
             : left;
}

bool BatchingState::keeps_reserve(const Seq& s, std::int64_t new_blocks, int chunk,
                                  double other_reserve) const {
  if (reserve_ratio_ <= 0) return true;
  const double future =
      reserve_ratio_ * (static_cast<double>(reserved_tokens_ + reserve_of(s)) + other_reserve) +
      (s.prefill_target - s.prefilled - chunk);
  const double reserve_blocks = std::ceil(future / config_.block_size);
  return static_cast<double>(kv_.free_blocks() - new_blocks) >= reserve_blocks;
}

int BatchingState::new_slot(const Request& request) {
  int slot;
  if (!free_slots_.empty()) {
    slot = free_slots_.back();
    free_slots_.pop_back();
  } else {
    slot = static_cast<int>(seqs_.size());
    seqs_.emplace_back();
  }
  Seq& s = seq(slot);
  s = Seq{};
  s.request = request;
  s.prefill_target = request.input_tokens;
  return slot;
}

void BatchingState::enqueue(const Request& request) {
  SERVESIM_CHECK(config_.role != SchedulerRole::kDecodeOnly,
                 "a decode worker takes requests by KV transfer only");
  waiting_.push_back(new_slot(request));
}

void BatchingState::free_slot(int slot) {
  Seq& s = seq(slot);
  kv_.release(s.blocks);
  s.blocks = 0;
  s.admitted = -1;
  free_slots_.push_back(slot);
}

void BatchingState::release_handoff(std::uint64_t id) {
  auto it = handoffs_.find(id);
  SERVESIM_CHECK(it != handoffs_.end(), "release of a request that was not handed off");
  held_blocks_ -= seq(it->second).blocks;
  free_slot(it->second);
  handoffs_.erase(it);
}

bool BatchingState::reserve_incoming(const Request& request) {
  SERVESIM_CHECK(config_.role == SchedulerRole::kDecodeOnly, "only decode workers take transfers");
  const int slot = new_slot(request);
  Seq& s = seq(slot);
  s.prefilled = s.prefill_target;  // the prompt's KV comes from the prefill worker
  // Room for the prompt and the first token (which the prefill sampled).
  const std::int64_t blocks = kv_.blocks_for(request.input_tokens + 1);
  if (!keeps_reserve(s, blocks, 0, running_reserve()) || !grow(s, request.input_tokens + 1)) {
    free_slots_.push_back(slot);
    return false;
  }
  reserved_tokens_ += reserve_of(s);
  held_blocks_ += s.blocks;
  incoming_[request.id] = slot;
  return true;
}

void BatchingState::admit_incoming(std::uint64_t id, SimTime now) {
  auto it = incoming_.find(id);
  SERVESIM_CHECK(it != incoming_.end(), "admission of a request with no KV reserved");
  const int slot = it->second;
  incoming_.erase(it);
  Seq& s = seq(slot);
  held_blocks_ -= s.blocks;
  const std::int64_t before = reserve_of(s);
  s.generated = 1;  // the first token, sampled by the prefill worker; the client sees it when
                    // this worker first schedules the request (SGLang's prebuilt batch, the
                    // Dynamo decode worker's first response), stamped in complete_batch
  (void)now;
  reserved_tokens_ -= before - reserve_of(s);
  arrived_.push_back(slot);
}

bool BatchingState::grow(Seq& s, std::int64_t tokens) {
  const std::int64_t need = kv_.blocks_for(tokens) - s.blocks;
  if (need <= 0) return true;
  if (!kv_.can_allocate(need)) return false;
  kv_.allocate(need);
  s.blocks += need;
  return true;
}

void BatchingState::schedule_chunk(Seq& s, int chunk, BatchFeatures& f, std::int64_t& budget) {
  s.chunk = chunk;
  f.prefill_seqs += 1;
  f.prefill_tokens += chunk;
  f.prefill_context_sum += s.prefilled + chunk;
  f.prefill_attention_pairs +=
      static_cast<double>(chunk) * s.prefilled + 0.5 * chunk * (chunk + 1.0);
  budget -= chunk;
}

int BatchingState::admit_next(std::int64_t budget, int running, double other_reserve,
                              int& chunk) {
  if (waiting_.empty() || budget <= 0 || running >= config_.max_running_seqs) return -1;
  const int slot = waiting_.front();
  Seq& s = seq(slot);
  const int remaining = s.prefill_target - s.prefilled;
  // Without chunking a prompt waits for a budget it fits in whole; a recompute after
  // preemption (prompt + generated) may exceed even a full budget and is then chunked.
  if (!config_.chunked_prefill && remaining > budget && remaining <= config_.max_batched_tokens) {
    return -1;
  }
  chunk = static_cast<int>(std::min<std::int64_t>(remaining, budget));
  const std::int64_t new_blocks = kv_.blocks_for(s.prefilled + chunk) - s.blocks;
  if (!keeps_reserve(s, new_blocks, chunk, other_reserve) || !grow(s, s.prefilled + chunk)) {
    return -1;
  }
  reserved_tokens_ += reserve_of(s);
  waiting_.pop_front();
  return slot;
}

void BatchingState::finish_forming(BatchFeatures& f) {
  f.draft_passes = f.decode_seqs > 0 ? acceptance_.drafts() : 0;
  last_batch_tokens_ = static_cast<std::int64_t>(f.decode_tokens() + f.prefill_tokens);
  SERVESIM_CHECK(last_batch_tokens_ <= config_.max_batched_tokens ||
                     (f.decode_seqs == 1 && f.prefill_seqs == 0),
                 "token budget exceeded");
}

void BatchingState::decay_reserve() {
  if (reserve_ratio_ > config_.output_reserve_min) {
    const double step = (config_.output_reserve_init - config_.output_reserve_min) /
                        config_.output_reserve_decay_steps;
    reserve_ratio_ = std::max(config_.output_reserve_min, reserve_ratio_ - step);
  }
}

RequestRecord BatchingState::leaving_record(const Seq& s, SimTime now, bool handoff) const {
  RequestRecord r;
  r.id = s.request.id;
  r.measured = s.request.measured;
  r.input_tokens = s.request.input_tokens;
  r.output_tokens = s.request.output_tokens;
  r.arrival = s.request.arrival;
  r.first_token = s.first_token;
  r.finish = now;
  r.preemptions = s.preemptions;
  r.handoff = handoff;
  return r;
}

void BatchingState::hold_handoff(int slot) {
  Seq& s = seq(slot);
  handoffs_[s.request.id] = slot;  // keeps its KV blocks until the transfer completes
  held_blocks_ += s.blocks;
  s.admitted = -1;
}

void BatchingState::leave(int slot, SimTime now, bool handoff,
                          std::vector<RequestRecord>& finished) {
  finished.push_back(leaving_record(seq(slot), now, handoff));
  if (handoff) {
    hold_handoff(slot);
  } else {
    free_slot(slot);
  }
}

void BatchingState::fill_counts(IterationRecord& record) const {
  record.running = running();
  record.waiting = waiting();
  record.kv_used_blocks = kv_.used_blocks();
  record.kv_capacity_blocks = kv_.capacity_blocks();
}

}  // namespace servesim
