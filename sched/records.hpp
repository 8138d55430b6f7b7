// Typed records that instances emit to an observer; metrics are computed elsewhere.
#pragma once

#include <cstdint>

#include "sim/core/time.hpp"

namespace servesim {

/// One finished request.
struct RequestRecord {
  std::uint64_t id = 0;
  bool measured = true;
  int instance = 0;
  int input_tokens = 0;
  int output_tokens = 0;
  SimTime arrival = 0;
  SimTime first_token = 0;  ///< end of the iteration that produced the first output token
  SimTime finish = 0;       ///< end of the iteration that produced the last output token
  int preemptions = 0;
};

/// One iteration of one instance.
struct IterationRecord {
  int instance = 0;
  SimTime start = 0;
  SimTime end = 0;
  int decode_seqs = 0;
  int prefill_seqs = 0;
  std::int64_t prefill_tokens = 0;
  std::int64_t output_tokens = 0;  ///< tokens emitted (first tokens and decode tokens)
  int running = 0;
  int waiting = 0;
  std::int64_t kv_used_blocks = 0;
  std::int64_t kv_capacity_blocks = 0;
};

/// Receives records as the run goes.
class InstanceObserver {
 public:
  virtual ~InstanceObserver() = default;
  virtual void on_request_done(const RequestRecord& record) = 0;
  virtual void on_iteration(const IterationRecord& record) = 0;
};

}  // namespace servesim
