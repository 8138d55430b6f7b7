// Closed loop: a fixed number of clients, each sending its next request when its last one
// finishes; warm-up requests run as a phase of their own that drains before the measured phase.
#pragma once

#include "workloads/arrival_process.hpp"

namespace servesim {

class ClosedLoopArrivals final : public ArrivalProcess {
 public:
  void start(RequestSource& source) override;
  void on_complete(RequestSource& source, const Request& done) override;
};

}  // namespace servesim
