// Sums and heaps of the decoding sequences.
#include "sched/decode_set.hpp"

#include "sim/core/error.hpp"

namespace servesim {
namespace {

/// Phase tables larger than this fall back to the expected block count.
constexpr int kMaxExactBlockSize = 1 << 16;

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

}  // namespace

DecodeSet::DecodeSet(std::int64_t reserve_clip, int block_size, int query_tokens)
    : clip_(reserve_clip),
      block_size_(block_size),
      query_tokens_(query_tokens),
      exact_blocks_(query_tokens == 1 && block_size <= kMaxExactBlockSize) {
  SERVESIM_CHECK(block_size >= 1 && query_tokens >= 1);
  if (exact_blocks_) phase_count_.assign(static_cast<std::size_t>(block_size), 0);
}

bool DecodeSet::contains(int slot) const {
  return slot >= 0 && static_cast<std::size_t>(slot) < members_.size() &&
         members_[static_cast<std::size_t>(slot)].in;
}

void DecodeSet::add(int slot, std::int64_t context, std::int64_t tokens, std::int64_t steps) {
  SERVESIM_CHECK(slot >= 0 && tokens >= 1 && steps >= 1 && steps <= tokens,
                 "a decoding sequence emits at least one token per step");
  SERVESIM_CHECK(query_tokens_ > 1 || steps == tokens, "one token per step without drafts");
  if (static_cast<std::size_t>(slot) >= members_.size()) {
    members_.resize(static_cast<std::size_t>(slot) + 1);
  }
  Member& m = members_[static_cast<std::size_t>(slot)];
  SERVESIM_CHECK(!m.in, "a sequence joined the decode set twice");
  m = Member{};
  m.in = true;
  m.serial = serial_++;
  m.join = step_;
  m.end = step_ + steps;
  m.rate = (tokens * kOne + steps / 2) / steps;
  m.context = context;
  m.tokens = tokens;
  if (exact_blocks_) {
    const std::int64_t z = context + query_tokens_ - m.join + block_size_ - 1;
    m.whole = floor_div(z, block_size_);
    m.phase = z - m.whole * block_size_;
    whole_sum_ += m.whole;
    ++phase_count_[static_cast<std::size_t>(m.phase)];
    if (m.phase >= block_size_ - step_ % block_size_) ++phase_ge_;
  }
  ++count_;
  context_base_ += context * kOne - m.rate * m.join;
  rate_sum_ += m.rate;
  finish_.push({m.end, m.serial, slot});
  next_finish_ = finish_.top().step;
  if (clip_ > 0 && tokens > clip_) {
    // Counts the clip until what is left falls to it.
    m.clipped = true;
    ++clipped_;
    const std::int64_t after = ((tokens - clip_) * kOne + m.rate - 1) / m.rate;
    unclip_.push({m.join + after, m.serial, slot});
    next_unclip_ = unclip_.top().step;
  } else {
    left_base_ += m.tokens * kOne + m.rate * m.join;
    left_rate_ += m.rate;
  }
}

void DecodeSet::unclip(Member& m) {
  m.clipped = false;
  --clipped_;
  left_base_ += m.tokens * kOne + m.rate * m.join;
  left_rate_ += m.rate;
}

void DecodeSet::leave(Member& m) {
  m.in = false;
  if (exact_blocks_) {
    whole_sum_ -= m.whole;
    --phase_count_[static_cast<std::size_t>(m.phase)];
    if (m.phase >= block_size_ - step_ % block_size_) --phase_ge_;
  }
  --count_;
  context_base_ -= m.context * kOne - m.rate * m.join;
  rate_sum_ -= m.rate;
  if (m.clipped) {
    --clipped_;
  } else {
    left_base_ -= m.tokens * kOne + m.rate * m.join;
    left_rate_ -= m.rate;
  }
}

std::int64_t DecodeSet::remove(int slot) {
  SERVESIM_CHECK(contains(slot), "removal of a sequence that is not decoding");
  Member& m = members_[static_cast<std::size_t>(slot)];
  const std::int64_t fixed = emitted_fixed(m);
  const std::int64_t whole = std::min(fixed / kOne, m.tokens - 1);
  emitted_ += whole * kOne - fixed;  // it has emitted whole tokens, not the fraction counted
  leave(m);
  return whole;
}

void DecodeSet::advance() {
  ++step_;
  if (exact_blocks_) {
    const std::int64_t gamma = step_ % block_size_;
    phase_ge_ = gamma == 0 ? 0 : phase_ge_ + phase_count_[static_cast<std::size_t>(block_size_ - gamma)];
  }
  emitted_ += rate_sum_;
  if (next_unclip_ > step_) return;
  while (!unclip_.empty() && unclip_.top().step <= step_) {
    const Due d = unclip_.top();
    unclip_.pop();
    Member& m = members_[static_cast<std::size_t>(d.slot)];
    if (m.in && m.serial == d.serial && m.clipped) unclip(m);
  }
  next_unclip_ = unclip_.empty() ? kNever : unclip_.top().step;
}

bool DecodeSet::pop_finished(int& slot) {
  if (next_finish_ > step_) return false;
  while (!finish_.empty() && finish_.top().step <= step_) {
    const Due d = finish_.top();
    finish_.pop();
    next_finish_ = finish_.empty() ? kNever : finish_.top().step;
    Member& m = members_[static_cast<std::size_t>(d.slot)];
    if (!m.in || m.serial != d.serial) continue;  // left early
    emitted_ += m.tokens * kOne - emitted_fixed(m);  // its exact total
    leave(m);
    slot = d.slot;
    return true;
  }
  next_finish_ = finish_.empty() ? kNever : finish_.top().step;
  return false;
}

std::int64_t DecodeSet::take_emitted() {
  const std::int64_t whole = emitted_ / kOne - reported_;
  reported_ += whole;
  return whole;
}

double DecodeSet::reserve_tokens() const {
  const std::int64_t linear = left_base_ - step_ * left_rate_;
  return static_cast<double>(linear) / kOne + static_cast<double>(clipped_ * clip_);
}

}  // namespace servesim

namespace servesim {

std::int64_t DecodeSet::blocks_needed() const {
  if (count_ == 0) return 0;
  if (exact_blocks_) return whole_sum_ + count_ * (step_ / block_size_) + phase_ge_;
  const std::int64_t b = block_size_;
  const std::int64_t tokens = context_fixed() + count_ * (query_tokens_ * kOne + (b - 1) * kOne / 2);
  return (tokens + b * kOne - 1) / (b * kOne);
}

}  // namespace servesim
