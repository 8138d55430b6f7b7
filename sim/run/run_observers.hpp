// The observers a run attaches to its cluster: records into the metrics, completions back to
// the request source (a closed-loop client sends its next request).
#pragma once

#include "sched/records.hpp"
#include "sim/run/metrics.hpp"
#include "workloads/workload.hpp"

namespace servesim {

class MetricsRecorder final : public InstanceObserver {
 public:
  explicit MetricsRecorder(Metrics& metrics) : metrics_(metrics) {}
  void on_request_done(const RequestRecord& r) override { metrics_.on_request_done(r); }
  void on_iteration(const IterationRecord& r) override { metrics_.on_iteration(r); }
  void on_transfer(const TransferRecord& r) override { metrics_.on_transfer(r); }

 private:
  Metrics& metrics_;
};

class CompletionFeedback final : public InstanceObserver {
 public:
  explicit CompletionFeedback(RequestSource& source) : source_(source) {}
  void on_request_done(const RequestRecord& r) override {
    Request done;
    done.id = r.id;
    done.measured = r.measured;
    source_.on_complete(done);
  }
  void on_iteration(const IterationRecord&) override {}

 private:
  RequestSource& source_;
};

}  // namespace servesim
