// The built-in arrival processes.
#include "workloads/arrival_registry.hpp"

#include "workloads/closed_loop_arrivals.hpp"
#include "workloads/poisson_arrivals.hpp"

namespace servesim {

const Registry<ArrivalFactory>& arrival_registry() {
  static const Registry<ArrivalFactory> registry = [] {
    Registry<ArrivalFactory> r("arrival process");
    r.add("closed_loop",
          "a fixed number of clients, each sending its next request when its last one finishes; "
          "warm-up drains before the measured phase",
          {true, [] { return std::make_unique<ClosedLoopArrivals>(); }});
    r.add("poisson", "open-loop arrivals with exponential gaps at rate_per_s",
          {false, [] { return std::make_unique<PoissonArrivals>(); }});
    return r;
  }();
  return registry;
}

}  // namespace servesim
