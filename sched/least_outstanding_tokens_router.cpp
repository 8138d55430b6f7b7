// The least-outstanding-tokens router.
#include "sched/least_outstanding_tokens_router.hpp"

namespace servesim {

void LeastOutstandingTokensRouter::reset(std::size_t workers) { index_.reset(workers); }

void LeastOutstandingTokensRouter::update(std::size_t w, const WorkerLoad& load) {
  index_.set(w, load.outstanding_tokens);
}

std::size_t LeastOutstandingTokensRouter::pick() { return index_.min(); }

}  // namespace servesim
