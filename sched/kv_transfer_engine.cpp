// KV transfers between prefill and decode workers over the cluster's shared links.
#include "sched/kv_transfer_engine.hpp"

#include <algorithm>
#include <limits>

#include "sim/core/error.hpp"

namespace servesim {
namespace {

/// The request a handed-off record stands for, as the decode worker takes it.
Request request_of(const RequestRecord& r) {
  Request req;
  req.id = r.id;
  req.arrival = r.arrival;
  req.input_tokens = r.input_tokens;
  req.output_tokens = r.output_tokens;
  req.measured = r.measured;
  return req;
}

}  // namespace

KvTransferEngine::KvTransferEngine(Simulation& sim, std::vector<TransferWorker> prefill,
                                   std::vector<TransferWorker> decode, Router& decode_router,
                                   bool layerwise,
                                   std::function<void(const TransferRecord&)> on_transfer)
    : sim_(sim),
      prefill_(std::move(prefill)),
      decode_(std::move(decode)),
      router_(decode_router),
      layerwise_(layerwise),
      on_transfer_(std::move(on_transfer)),
      links_(net_),
      waiting_(decode_.size()) {
  SERVESIM_CHECK(!prefill_.empty() && !decode_.empty());
  router_.reset(decode_.size());
}

void KvTransferEngine::on_handoff(int prefill, const RequestRecord& r) {
  const auto d = static_cast<int>(router_.pick());
  waiting_[static_cast<std::size_t>(d)].push_back(Waiting{r, prefill});
  ++waiting_count_;
  try_start(d);
}

void KvTransferEngine::on_decode_load_change(int decode) {
  const ServingInstance& w = *decode_[static_cast<std::size_t>(decode)].instance;
  WorkerLoad load;
  load.requests = w.load() + static_cast<int>(waiting_[static_cast<std::size_t>(decode)].size());
  load.outstanding_tokens = w.outstanding_tokens();
  load.kv_load = w.kv_load();
  router_.update(static_cast<std::size_t>(decode), load);
  try_start(decode);
}

void KvTransferEngine::try_start(int decode) {
  if (in_try_start_) return;  // reserve_incoming reports a load change: no re-entry
  in_try_start_ = true;
  auto& queue = waiting_[static_cast<std::size_t>(decode)];
  ServingInstance& w = *decode_[static_cast<std::size_t>(decode)].instance;
  while (!queue.empty()) {
    const Waiting& front = queue.front();
    if (!w.reserve_incoming(request_of(front.record))) break;  // no KV room yet: the prefill worker keeps holding it
    const Waiting started = front;
    queue.pop_front();
    --waiting_count_;
    start(started, decode);
  }
  in_try_start_ = false;
}

void KvTransferEngine::start(const Waiting& w, int decode) {
  const TransferWorker& src = prefill_[static_cast<std::size_t>(w.prefill)];
  const TransferWorker& dst = decode_[static_cast<std::size_t>(decode)];
  Transfer t;
  t.prefill = w.prefill;
  t.decode = decode;
  t.record.id = w.record.id;
  t.record.measured = w.record.measured;
  t.record.prefill = src.instance->id();
  t.record.decode = dst.instance->id();
  t.record.handoff = w.record.first_token;
  t.record.start = sim_.now();
  // Layer-by-layer streaming overlaps the last prefill step only when the decode side had
  // reserved its KV by then.
  if (layerwise_ && t.record.start == t.record.handoff) {
    t.overlap_s = sim_to_seconds(w.record.first_token - w.record.step_start);
  }
  t.request = request_of(w.record);
  t.shards = kv_shards(*src.spec, *dst.spec, w.record.id, w.record.input_tokens);
  const bool local = KvLinkMap::same_domain(*src.spec, src.cluster, t.shards.front().src_gpu,
                                            *dst.spec, dst.cluster, t.shards.front().dst_gpu);
  const double setup = kv_transfer_setup_s(*src.spec, *dst.spec, w.record.input_tokens,
                                           src.block_size, local);
  const std::uint64_t id = w.record.id;
  SERVESIM_CHECK(transfers_.count(id) == 0, "two transfers of one request");
  transfers_.emplace(id, std::move(t));
  sim_.schedule_in(std::max<SimTime>(1, seconds_to_sim(setup)), [this, id] { begin_flows(id); });
}

void KvTransferEngine::begin_flows(std::uint64_t id) {
  Transfer& t = transfers_.at(id);
  const TransferWorker& src = prefill_[static_cast<std::size_t>(t.prefill)];
  const TransferWorker& dst = decode_[static_cast<std::size_t>(t.decode)];
  const double now_s = sim_to_seconds(sim_.now());
  const ModelSpec& m = *dst.spec->model;
  const double layers = std::max(1, m.full_attention_layers());
  for (const KvShard& s : t.shards) {
    std::vector<int> route =
        links_.route(*src.spec, src.cluster, s.src_gpu, *dst.spec, dst.cluster, s.dst_gpu);
    double bytes = s.bytes;
    t.record.bytes += s.bytes;
    if (layerwise_ && !route.empty()) {
      // Bytes that could leave while the last prefill step ran (the uncontended bottleneck).
      double cap = std::numeric_limits<double>::infinity();
      for (int l : route) cap = std::min(cap, net_.link_capacity_bytes_per_s(l));
      bytes = std::max(bytes / layers, bytes - cap * t.overlap_s);
    }
    if (route.empty() || bytes <= 0) continue;  // same GPU: nothing moves
    const FlowId f = net_.start(now_s, std::move(route), bytes);
    flows_.emplace(f, FlowEntry{id, bytes});
    bytes_sent_ += bytes;
    ++t.shards_left;
  }
  if (t.shards_left == 0) {
    arrived(id);
    return;
  }
  reschedule();
}

void KvTransferEngine::reschedule() {
  const auto next = net_.next_completion();
  if (!next) return;
  const SimTime at = std::max(sim_.now() + 1, seconds_to_sim(next->second));
  sim_.schedule_at(at, [this, epoch = net_.epoch()] { on_network_event(epoch); });
}

void KvTransferEngine::on_network_event(std::uint64_t epoch) {
  if (epoch != net_.epoch()) return;  // rates changed since: a newer event is pending
  const double tick = sim_to_seconds(1);
  const std::vector<FlowId> done = net_.finish_due(sim_to_seconds(sim_.now()), tick);
  std::vector<std::uint64_t> complete;
  for (FlowId f : done) {
    auto it = flows_.find(f);
    SERVESIM_CHECK(it != flows_.end(), "a flow nobody started");
    Transfer& t = transfers_.at(it->second.request);
    bytes_received_ += it->second.bytes;
    if (--t.shards_left == 0) complete.push_back(it->second.request);
    flows_.erase(it);
  }
  for (std::uint64_t id : complete) arrived(id);
  reschedule();
}

void KvTransferEngine::arrived(std::uint64_t id) {
  auto it = transfers_.find(id);
  Transfer t = std::move(it->second);
  transfers_.erase(it);
  t.record.end = sim_.now();
  if (on_transfer_) on_transfer_(t.record);
  prefill_[static_cast<std::size_t>(t.prefill)].instance->release_handoff(id);
  decode_[static_cast<std::size_t>(t.decode)].instance->admit_incoming(id);
}

}  // namespace servesim
