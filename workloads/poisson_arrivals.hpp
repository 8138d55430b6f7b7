// Open-loop Poisson arrivals at rate_per_s, independent of completions; warm-up requests are
// simply the first ones sent.
#pragma once

#include "workloads/arrival_process.hpp"

namespace servesim {

class PoissonArrivals final : public ArrivalProcess {
 public:
  void start(RequestSource& source) override { schedule_next(source); }
  void on_complete(RequestSource&, const Request&) override {}

 private:
  void schedule_next(RequestSource& source);
};

}  // namespace servesim
