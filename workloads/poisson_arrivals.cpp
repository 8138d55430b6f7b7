// Exponential gaps from the "workload.arrivals" stream.
#include "workloads/poisson_arrivals.hpp"

#include "workloads/workload.hpp"

namespace servesim {

void PoissonArrivals::schedule_next(RequestSource& source) {
  if (source.issued() >= source.total()) return;
  const double gap = source.arrival_stream().exponential(1.0 / source.spec().rate_per_s);
  source.simulation().schedule_in(seconds_to_sim(gap), [this, &source] {
    source.issue(source.issued() >= static_cast<std::uint64_t>(source.spec().warmup_requests));
    schedule_next(source);
  });
}

}  // namespace servesim
