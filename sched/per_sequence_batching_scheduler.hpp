// Continuous batching stepped one sequence at a time: every iteration visits every running
// sequence and draws each one's MTP acceptance. The reference that ContinuousBatchingScheduler
// (which does the same in aggregate) is tested against.
#pragma once

#include <vector>

#include "sched/batching_state.hpp"

namespace servesim {

class PerSequenceBatchingScheduler final : public BatchingState {
 public:
  using BatchingState::BatchingState;

  bool has_work() const override {
    return !running_.empty() || !waiting_.empty() || !arrived_.empty();
  }
  bool form_batch(BatchFeatures& features) override;
  void complete_batch(SimTime now, std::vector<RequestRecord>& finished,
                      IterationRecord& record) override;
  int running() const override { return static_cast<int>(running_.size()); }

 private:
  void preempt(int slot);

  std::vector<int> running_;  // admission order: oldest first
};

}  // namespace servesim
