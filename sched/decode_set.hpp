// The decoding sequences of one instance, held as sums and heaps so that a decode step costs
// O(1) whatever the batch size, and O(log n) when a sequence joins, finishes or is preempted.
#pragma once

#include <cstdint>
#include <limits>
#include <queue>
#include <vector>

namespace servesim {

/// Members are keyed by the scheduler's slot. A member joins with its context (tokens in its
/// KV), the tokens it has still to emit and the decode steps it will take to emit them (one
/// token per step without speculation; sampled by MtpStepSampler with MTP). Between joining
/// and its last step its context is taken to grow linearly in the set's step counter (exact
/// with one token per step; with MTP the steps, hence its finish, are exact and the context
/// in between is its mean path), so every sum below is a linear function of the counter:
/// context, tokens still to write (with a per-sequence clip, as SGLang counts its reserve)
/// and tokens emitted. Fixed point with kFractionBits fractional bits keeps the sums exact
/// under any number of joins and leaves.
class DecodeSet {
 public:
  static constexpr int kFractionBits = 16;
  static constexpr std::int64_t kOne = std::int64_t{1} << kFractionBits;

  /// `reserve_clip`: the most output tokens one member counts for the reserve (0 = no clip).
  /// `block_size` and `query_tokens` (tokens a member writes per step, 1 + drafts) size the
  /// KV blocks the members need for their next step.
  DecodeSet(std::int64_t reserve_clip, int block_size, int query_tokens);

  /// `slot` joins before the next step with `context` tokens in KV and `tokens` (>= 1) to
  /// emit over `steps` (>= 1, <= tokens) steps.
  void add(int slot, std::int64_t context, std::int64_t tokens, std::int64_t steps);
  /// `slot` leaves before its last step (preempted): the whole tokens it has emitted so far
  /// (fewer than it joined with), which also become the emitted count it contributed.
  std::int64_t remove(int slot);
  /// One decode step of every member ran.
  void advance();
  /// A member whose last step has run (and removes it); false when there is none. Members
  /// finishing on the same step come out in joining order.
  bool pop_finished(int& slot);
  /// Whole tokens emitted since the last call (members' exact totals once they finish).
  std::int64_t take_emitted();

  int size() const { return count_; }
  bool contains(int slot) const;
  std::int64_t steps() const { return step_; }
  /// Sum of the members' contexts at the start of the next step, in tokens.
  double context_sum() const { return static_cast<double>(context_fixed()) / kOne; }
  /// The same in fixed point.
  std::int64_t context_fixed() const { return context_base_ + step_ * rate_sum_; }
  /// Sum over members of min(tokens still to emit, clip), in tokens.
  double reserve_tokens() const;
  /// KV blocks the members need to run the next step: the sum over members of
  /// ceil((context + query_tokens) / block_size). Exact when members emit one token per step
  /// (query_tokens 1) (phase counts of the members' contexts modulo the block size); with MTP the
  /// expectation on their mean paths, each last block half full.
  std::int64_t blocks_needed() const;

 private:
  struct Member {
    bool in = false;
    bool clipped = false;
    std::int64_t serial = 0;  // joining order, also the heaps' tie-break
    std::int64_t join = 0;    // step counter when it joined
    std::int64_t end = 0;     // step counter after its last step
    std::int64_t rate = 0;    // fixed-point tokens per step
    std::int64_t context = 0; // tokens in KV at joining
    std::int64_t tokens = 0;  // tokens to emit at joining
    std::int64_t whole = 0, phase = 0;  // exact blocks: floor/mod of context + q - join + B - 1
  };
  struct Due {
    std::int64_t step, serial;
    int slot;
    bool operator>(const Due& o) const {
      return step != o.step ? step > o.step : serial > o.serial;
    }
  };
  using MinHeap = std::priority_queue<Due, std::vector<Due>, std::greater<Due>>;

  void unclip(Member& m);
  void leave(Member& m);
  /// Fixed-point tokens `m` has emitted by the current step.
  std::int64_t emitted_fixed(const Member& m) const { return m.rate * (step_ - m.join); }

  std::int64_t clip_;
  std::vector<Member> members_;
  MinHeap finish_, unclip_;
  // The heaps' earliest steps (kNever when empty), kept beside the counter so that a step with
  // nothing due does not touch the heaps.
  static constexpr std::int64_t kNever = std::numeric_limits<std::int64_t>::max();
  std::int64_t next_finish_ = kNever, next_unclip_ = kNever;
  std::int64_t step_ = 0, serial_ = 0;
  int count_ = 0;
  std::int64_t context_base_ = 0;  // sum of context * kOne - rate * join
  std::int64_t rate_sum_ = 0;
  // Reserve: unclipped members write sum(tokens * kOne + rate * join) - step * rate, clipped
  // ones the clip each.
  std::int64_t left_base_ = 0, left_rate_ = 0, clipped_ = 0;
  std::int64_t emitted_ = 0, reported_ = 0;  // fixed point, whole tokens reported
  // Blocks. Exact mode (every rate is one token per step): member i needs
  // floor((z_i + step) / B) blocks, z_i = context + q - join + B - 1 = B whole_i + phase_i, which
  // is whole_i + floor(step / B) + [phase_i >= B - step mod B]; phase_count_ counts members by
  // phase and phase_ge_ those with phase >= B - step mod B.
  int block_size_, query_tokens_;
  bool exact_blocks_;
  std::vector<std::int64_t> phase_count_;
  std::int64_t whole_sum_ = 0, phase_ge_ = 0;
};

}  // namespace servesim
