// Disaggregated serving's hand-off: a prefilled request waits for KV room on its decode worker,
// its KV moves as flows on the cluster's shared links, and on arrival the prefill worker frees
// the KV and the decode worker starts decoding.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <unordered_map>
#include <memory>
#include <vector>

#include "hw/flow_network.hpp"
#include "hw/instance_spec.hpp"
#include "hw/kv_transfer_plan.hpp"
#include "sched/records.hpp"
#include "sched/router.hpp"
#include "sched/serving_instance.hpp"
#include "sim/core/simulation.hpp"

namespace servesim {

/// One worker as the transfers see it: its instance, its spec (place on the cluster included),
/// which placed cluster it sits on and its KV block size.
struct TransferWorker {
  ServingInstance* instance = nullptr;
  const InstanceSpec* spec = nullptr;
  int cluster = 0;
  int block_size = 1;
};

class KvTransferEngine {
 public:
  /// `decode_router` picks a decode worker for every hand-off (it sees the decode workers'
  /// loads through update_load). With `layerwise`, the KV streams during the last prefill step:
  /// what the path could carry in that step has left when it ends (at least the last layer's
  /// share remains).
  KvTransferEngine(Simulation& sim, std::vector<TransferWorker> prefill,
                   std::vector<TransferWorker> decode, Router& decode_router, bool layerwise,
                   std::function<void(const TransferRecord&)> on_transfer);
  KvTransferEngine(const KvTransferEngine&) = delete;
  KvTransferEngine& operator=(const KvTransferEngine&) = delete;

  /// A prefill worker (index among the prefill workers) handed off `r`.
  void on_handoff(int prefill, const RequestRecord& r);
  /// A decode worker's load changed: tells the router and starts waiting transfers that fit.
  void on_decode_load_change(int decode);

  /// Hand-offs waiting for KV room on a decode worker, and transfers moving now.
  std::size_t waiting() const { return waiting_count_; }
  std::size_t moving() const { return transfers_.size(); }
  /// Bytes put on the network and bytes that arrived (equal once every transfer is done).
  double bytes_sent() const { return bytes_sent_; }
  double bytes_received() const { return bytes_received_; }
  const FlowNetwork& network() const { return net_; }

 private:
  struct Waiting {
    RequestRecord record;
    int prefill = 0;
  };
  struct Transfer {
    TransferRecord record;
    Request request;
    int prefill = 0, decode = 0;  ///< indices among the prefill and decode workers
    int shards_left = 0;
    double overlap_s = 0;  ///< layerwise: the last prefill step the bytes could stream during
    std::vector<KvShard> shards;
  };
  void try_start(int decode);
  void start(const Waiting& w, int decode);
  void begin_flows(std::uint64_t transfer);
  void reschedule();
  void on_network_event(std::uint64_t epoch);
  void arrived(std::uint64_t transfer);

  Simulation& sim_;
  std::vector<TransferWorker> prefill_, decode_;
  Router& router_;
  bool layerwise_;
  std::function<void(const TransferRecord&)> on_transfer_;
  FlowNetwork net_;
  KvLinkMap links_;
  std::vector<std::deque<Waiting>> waiting_;  // per decode worker, FIFO
  std::size_t waiting_count_ = 0;
  std::unordered_map<std::uint64_t, Transfer> transfers_;  // by request id (never iterated)
  struct FlowEntry {
    std::uint64_t request = 0;
    double bytes = 0;
  };
  std::unordered_map<FlowId, FlowEntry> flows_;  // flow -> its request and bytes (never iterated)
  double bytes_sent_ = 0, bytes_received_ = 0;
  bool in_try_start_ = false;
};

}  // namespace servesim
