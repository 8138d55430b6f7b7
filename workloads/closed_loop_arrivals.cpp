// Closed-loop clients with a warm-up phase (the benchmark_serving convention).
#include "workloads/closed_loop_arrivals.hpp"

#include <algorithm>

#include "workloads/workload.hpp"

namespace servesim {

void ClosedLoopArrivals::start(RequestSource& source) {
  const WorkloadSpec& spec = source.spec();
  const bool warm = spec.warmup_requests > 0;
  const auto first = static_cast<std::uint64_t>(std::min<std::int64_t>(
      spec.concurrency, warm ? spec.warmup_requests : spec.measured_requests));
  for (std::uint64_t i = 0; i < first; ++i) source.issue(!warm);
  if (warm && !spec.drain_warmup) {
    // Without a drain, clients beyond the warm-up requests start on measured ones at once.
    const auto rest = static_cast<std::uint64_t>(std::min<std::int64_t>(
        spec.concurrency - static_cast<std::int64_t>(first), spec.measured_requests));
    for (std::uint64_t i = 0; i < rest; ++i) source.issue(true);
  }
}

void ClosedLoopArrivals::on_complete(RequestSource& source, const Request& done) {
  const WorkloadSpec& spec = source.spec();
  const auto warmup = static_cast<std::uint64_t>(spec.warmup_requests);
  if (!done.measured) {
    if (source.issued() < warmup) {
      source.issue(false);
    } else if (!spec.drain_warmup) {
      // Steady state: the client goes straight on with a measured request.
      if (source.issued() < source.total()) source.issue(true);
    } else if (source.warmup_completed() == warmup) {
      // Warm-up drained: the measured phase starts with every client sending at once.
      const auto first = static_cast<std::uint64_t>(
          std::min<std::int64_t>(spec.concurrency, spec.measured_requests));
      for (std::uint64_t i = 0; i < first; ++i) source.issue(true);
    }
    return;
  }
  if (source.issued() < source.total()) source.issue(true);
}

}  // namespace servesim
