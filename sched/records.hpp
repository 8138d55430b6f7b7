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
  SimTime step_start = 0;   ///< start of that iteration
  int preemptions = 0;
  /// Prefill role: the prompt is done and the request leaves for a decode worker, its KV still
  /// held here (first_token is when the prefill sampled it).
  bool handoff = false;
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

/// One KV transfer of disaggregated serving.
struct TransferRecord {
  std::uint64_t id = 0;
  bool measured = true;
  int prefill = 0, decode = 0;  ///< instance ids of the two workers
  SimTime handoff = 0;          ///< prefill done (the KV ready to leave)
  SimTime start = 0;            ///< decode KV reserved; setup begins
  SimTime end = 0;              ///< last byte arrived
  double bytes = 0;
};

/// Receives records as the run goes.
class InstanceObserver {
 public:
  virtual ~InstanceObserver() = default;
  virtual void on_request_done(const RequestRecord& record) = 0;
  virtual void on_iteration(const IterationRecord& record) = 0;
  /// Disaggregated serving: a KV transfer arrived (before its request's decode starts).
  virtual void on_transfer(const TransferRecord&) {}
};

}  // namespace servesim
