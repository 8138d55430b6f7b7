// Routers: which worker of a pool a new request goes to. The pool reports every load change, so
// a pick never scans the workers. Implementations are chosen by name from router_registry().
#pragma once

#include <cstddef>
#include <cstdint>

namespace servesim {

/// What a router knows of one worker of its pool; the pool tells it after every change.
struct WorkerLoad {
  int requests = 0;                     ///< waiting + running + incoming (KV transfers) here
  std::int64_t outstanding_tokens = 0;  ///< prompt tokens to prefill + output tokens to write
  double kv_load = 0;                   ///< share of the KV cache used or reserved, 0..1
};

class Router {
 public:
  virtual ~Router() = default;
  /// Starts over with `workers` idle workers (all loads zero). Called before any pick.
  virtual void reset(std::size_t workers) = 0;
  /// Worker `w`'s load is now `load`.
  virtual void update(std::size_t w, const WorkerLoad& load) = 0;
  /// The worker the next request goes to. Must not scan the workers: O(1) or O(log n).
  virtual std::size_t pick() = 0;
};

}  // namespace servesim
