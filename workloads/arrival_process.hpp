// The interface of arrival processes: when a request source sends its next request.
// Implementations are chosen by name from arrival_registry() (workloads/arrival_registry.hpp).
#pragma once

#include "workloads/request.hpp"

namespace servesim {

class RequestSource;

class ArrivalProcess {
 public:
  virtual ~ArrivalProcess() = default;
  /// Sends or schedules the first requests.
  virtual void start(RequestSource& source) = 0;
  /// `done` finished; the source has already counted it.
  virtual void on_complete(RequestSource& source, const Request& done) = 0;
};

}  // namespace servesim
