// FlowNetwork: per-flow byte accounting between changes, max_min_fairness at each change.
#include "hw/flow_network.hpp"

#include <algorithm>
#include <cmath>

#include "hw/max_min_fairness.hpp"
#include "sim/core/error.hpp"

namespace servesim {
namespace {

// A flow whose remaining bytes fall below this fraction of its size is done (rounding of
// remaining -= rate * dt leaves slivers far smaller than this).
constexpr double kDoneFraction = 1e-9;

}  // namespace

int FlowNetwork::add_link(std::string name, double capacity_bytes_per_s) {
  SERVESIM_CHECK(capacity_bytes_per_s >= 0 && std::isfinite(capacity_bytes_per_s),
                 "link capacity must be finite and non-negative");
  links_.push_back({std::move(name), capacity_bytes_per_s});
  return num_links() - 1;
}

const std::string& FlowNetwork::link_name(int link) const {
  SERVESIM_CHECK(link >= 0 && link < num_links(), "unknown link");
  return links_[link].name;
}

double FlowNetwork::link_capacity_bytes_per_s(int link) const {
  SERVESIM_CHECK(link >= 0 && link < num_links(), "unknown link");
  return links_[link].capacity_bytes_per_s;
}

FlowId FlowNetwork::start(double now_s, std::vector<int> links, double bytes,
                          double rate_cap_bytes_per_s) {
  SERVESIM_CHECK(bytes >= 0 && std::isfinite(bytes), "flow bytes must be finite and >= 0");
  for (int l : links) SERVESIM_CHECK(l >= 0 && l < num_links(), "unknown link");
  advance_to(now_s);
  const FlowId id = next_id_++;
  flows_.emplace_back(id, Flow{std::move(links), bytes, bytes, rate_cap_bytes_per_s});
  recompute();
  return id;
}

void FlowNetwork::advance_to(double now_s) {
  SERVESIM_CHECK(now_s >= now_s_, "time went backwards");
  const double dt = now_s - now_s_;
  for (auto& [id, f] : flows_) {
    const double drained = std::min(f.remaining_bytes, f.rate_bytes_per_s * dt);
    f.remaining_bytes -= drained;
    delivered_bytes_ += drained;
  }
  now_s_ = now_s;
}

std::optional<std::pair<FlowId, double>> FlowNetwork::next_completion() const {
  std::optional<std::pair<FlowId, double>> best;
  for (const auto& [id, f] : flows_) {
    double at_s;
    if (is_done(f, 0)) {
      at_s = now_s_;
    } else if (f.rate_bytes_per_s > 0) {
      at_s = now_s_ + f.remaining_bytes / f.rate_bytes_per_s;
    } else {
      continue;
    }
    if (!best || at_s < best->second) best = {id, at_s};
  }
  return best;
}

std::vector<FlowId> FlowNetwork::finish_due(double now_s, double slack_s) {
  advance_to(now_s);
  std::vector<FlowId> done;
  std::size_t keep = 0;
  for (std::size_t i = 0; i < flows_.size(); ++i) {
    const Flow& f = flows_[i].second;
    if (is_done(f, slack_s)) {
      delivered_bytes_ += f.remaining_bytes;  // the sliver is part of the transfer
      done.push_back(flows_[i].first);
    } else {
      if (keep != i) flows_[keep] = std::move(flows_[i]);
      ++keep;
    }
  }
  flows_.erase(flows_.begin() + static_cast<std::ptrdiff_t>(keep), flows_.end());
  if (!done.empty()) recompute();
  return done;
}

void FlowNetwork::finish(double now_s, FlowId id) {
  flow(id);  // checks the id
  advance_to(now_s);
  flows_.erase(flows_.begin() + (find(id) - flows_.cbegin()));
  recompute();
}

double FlowNetwork::rate_bytes_per_s(FlowId id) const { return flow(id).rate_bytes_per_s; }
double FlowNetwork::remaining_bytes(FlowId id) const { return flow(id).remaining_bytes; }
int FlowNetwork::bottleneck(FlowId id) const { return flow(id).bottleneck; }

bool FlowNetwork::is_done(const Flow& f, double slack_s) const {
  if (f.remaining_bytes <= std::max(kDoneFraction * f.bytes, f.rate_bytes_per_s * slack_s)) {
    return true;
  }
  // A finish time that rounds to now (a sliver left by rounding late in a long run) is now.
  return f.rate_bytes_per_s > 0 && now_s_ + f.remaining_bytes / f.rate_bytes_per_s <= now_s_;
}

const FlowNetwork::Flow& FlowNetwork::flow(FlowId id) const {
  const auto it = find(id);
  SERVESIM_CHECK(it != flows_.end(), "unknown or finished flow id");
  return it->second;
}

FlowNetwork::FlowList::const_iterator FlowNetwork::find(FlowId id) const {
  const auto it = std::lower_bound(flows_.begin(), flows_.end(), id,
                                   [](const auto& e, FlowId v) { return e.first < v; });
  return it != flows_.end() && it->first == id ? it : flows_.end();
}

void FlowNetwork::recompute() {
  ++epoch_;
  // The scratch vectors keep their storage between changes: a recompute allocates only when
  // the network has grown.
  if (capacity_scratch_.size() != links_.size()) {  // links never change capacity
    capacity_scratch_.resize(links_.size());
    for (std::size_t l = 0; l < links_.size(); ++l) {
      capacity_scratch_[l] = links_[l].capacity_bytes_per_s;
    }
  }
  flows_scratch_.resize(flows_.size());
  std::size_t k = 0;
  for (const auto& [id, f] : flows_) {
    flows_scratch_[k].links.assign(f.links.begin(), f.links.end());
    flows_scratch_[k].rate_cap_bytes_per_s = f.rate_cap_bytes_per_s;
    ++k;
  }
  const FairShare& share = max_min_fairness(capacity_scratch_, flows_scratch_, fairness_);
  std::size_t i = 0;
  for (auto& [id, f] : flows_) {
    f.rate_bytes_per_s = share.rate_bytes_per_s[i];
    f.bottleneck = share.bottleneck[i];
    ++i;
  }
}

}  // namespace servesim
