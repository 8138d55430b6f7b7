// FlowNetwork: hand-computed finish times (solo, two together, a short third flow, a cancel,
// 2:1 oversubscription), conservation, capacity what-ifs and determinism on a seeded set.
#include "hw/flow_network.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>

#include "sim/core/error.hpp"
#include "sim/core/time.hpp"

namespace servesim {
namespace {

struct Arrival {
  double at_s;
  std::vector<int> links;
  double bytes;
  double rate_cap_bytes_per_s = FlowNetwork::kUncapped;
};

// The minimal event loop of the header's recipe: arrivals in time order and one pending
// completion; returns each arrival's finish time (-1 if it never finished).
std::vector<double> run(FlowNetwork& net, const std::vector<Arrival>& arrivals) {
  std::vector<double> finish_s(arrivals.size(), -1);
  std::map<FlowId, std::size_t> index;
  std::size_t next = 0;
  while (next < arrivals.size() || net.num_active() > 0) {
    const auto done = net.next_completion();
    if (next < arrivals.size() && (!done || arrivals[next].at_s < done->second)) {
      const Arrival& a = arrivals[next];
      index[net.start(a.at_s, a.links, a.bytes, a.rate_cap_bytes_per_s)] = next++;
    } else if (done) {
      for (FlowId id : net.finish_due(done->second)) finish_s[index.at(id)] = done->second;
    } else {
      break;  // stalled on zero-capacity links
    }
  }
  return finish_s;
}

TEST(FlowNetwork, OneFlowTakesBytesOverCapacity) {
  FlowNetwork net;
  const int link = net.add_link("nic0", 100);
  const FlowId a = net.start(0, {link}, 1000);
  EXPECT_DOUBLE_EQ(net.rate_bytes_per_s(a), 100);
  EXPECT_EQ(net.bottleneck(a), link);
  EXPECT_EQ(net.link_name(net.bottleneck(a)), "nic0");
  ASSERT_TRUE(net.next_completion().has_value());
  EXPECT_EQ(net.next_completion()->first, a);
  EXPECT_DOUBLE_EQ(net.next_completion()->second, 10);
  net.advance_to(4);
  EXPECT_DOUBLE_EQ(net.remaining_bytes(a), 600);
  EXPECT_EQ(net.finish_due(10), std::vector<FlowId>{a});
  EXPECT_FALSE(net.active(a));
  EXPECT_FALSE(net.next_completion().has_value());
  EXPECT_DOUBLE_EQ(net.delivered_bytes(), 1000);
}

TEST(FlowNetwork, TwoEqualFlowsStartedTogetherFinishTogetherAtTwiceTheSoloTime) {
  FlowNetwork net;
  const int link = net.add_link("link", 100);
  const FlowId a = net.start(0, {link}, 1000);
  const FlowId b = net.start(0, {link}, 1000);
  EXPECT_DOUBLE_EQ(net.rate_bytes_per_s(a), 50);
  EXPECT_DOUBLE_EQ(net.rate_bytes_per_s(b), 50);
  EXPECT_DOUBLE_EQ(net.next_completion()->second, 20);  // solo: 10
  EXPECT_EQ(net.finish_due(20), (std::vector<FlowId>{a, b}));
}

TEST(FlowNetwork, AThirdFlowThatEndsEarlyReturnsItsShare) {
  // 100 B/s link; A, B 1000 B at t=0; C 100 B at t=2.
  //   0-2: A, B at 50 -> 900 left each.   2-5: A, B, C at 100/3 -> C's 100 B done at t=5,
  //   A, B 800 left.   5-21: A, B at 50 -> 800 / 50 = 16 s -> t=21 (2100 B / 100 B/s).
  FlowNetwork net;
  const int link = net.add_link("link", 100);
  const FlowId a = net.start(0, {link}, 1000);
  const FlowId b = net.start(0, {link}, 1000);
  const std::uint64_t epoch = net.epoch();
  const FlowId c = net.start(2, {link}, 100);
  EXPECT_GT(net.epoch(), epoch);  // rates changed: a completion scheduled before is stale
  EXPECT_DOUBLE_EQ(net.remaining_bytes(a), 900);
  EXPECT_DOUBLE_EQ(net.rate_bytes_per_s(c), 100.0 / 3);
  EXPECT_EQ(net.next_completion()->first, c);
  EXPECT_DOUBLE_EQ(net.next_completion()->second, 5);
  EXPECT_EQ(net.finish_due(5), std::vector<FlowId>{c});
  EXPECT_DOUBLE_EQ(net.rate_bytes_per_s(a), 50);
  EXPECT_NEAR(net.remaining_bytes(a), 800, 1e-9);
  EXPECT_NEAR(net.remaining_bytes(b), 800, 1e-9);
  EXPECT_NEAR(net.next_completion()->second, 21, 1e-12);
  EXPECT_EQ(net.finish_due(net.next_completion()->second), (std::vector<FlowId>{a, b}));
  EXPECT_NEAR(net.delivered_bytes(), 2100, 1e-9);
}

TEST(FlowNetwork, ACancelledFlowReturnsItsShare) {
  // A, B 1000 B on 100 B/s; B cancelled at t=5 (250 B delivered): A has 750 B left at 100 B/s.
  FlowNetwork net;
  const int link = net.add_link("link", 100);
  const FlowId a = net.start(0, {link}, 1000);
  const FlowId b = net.start(0, {link}, 1000);
  net.finish(5, b);
  EXPECT_FALSE(net.active(b));
  EXPECT_DOUBLE_EQ(net.rate_bytes_per_s(a), 100);
  EXPECT_DOUBLE_EQ(net.next_completion()->second, 12.5);
  EXPECT_DOUBLE_EQ(net.delivered_bytes(), 500);
}

TEST(FlowNetwork, TwoToOneOversubscriptionDoublesCrossLeafTransferTime) {
  // 8 GPUs on leaf 0 with 50 GB/s NICs each push 1 GB: to a peer on the same leaf it rides the
  // NICs only (20 ms); to leaf 1 all 8 share a 200 GB/s uplink: 25 GB/s each, 40 ms.
  const double gb = 1e9;
  FlowNetwork net;
  std::vector<int> tx, rx_same, rx_far;
  for (int g = 0; g < 8; ++g) {
    tx.push_back(net.add_link(std::string("leaf0-tx").append(std::to_string(g)), 50 * gb));
    rx_same.push_back(net.add_link(std::string("leaf0-rx").append(std::to_string(g)), 50 * gb));
    rx_far.push_back(net.add_link(std::string("leaf1-rx").append(std::to_string(g)), 50 * gb));
  }
  const int uplink = net.add_link("leaf0-uplink", 200 * gb);
  const int downlink = net.add_link("leaf1-downlink", 200 * gb);
  std::vector<Arrival> same, far;
  for (int g = 0; g < 8; ++g) {
    same.push_back({0, {tx[g], rx_same[(g + 1) % 8]}, gb});
    far.push_back({0, {tx[g], uplink, downlink, rx_far[g]}, gb});
  }
  FlowNetwork same_net = net;
  const std::vector<double> same_s = run(same_net, same);
  FlowNetwork probe = net;
  for (const Arrival& a : far) probe.start(0, a.links, a.bytes);
  EXPECT_DOUBLE_EQ(probe.rate_bytes_per_s(0), 25 * gb);
  EXPECT_EQ(probe.link_name(probe.bottleneck(0)), "leaf0-uplink");
  const std::vector<double> far_s = run(net, far);
  for (int g = 0; g < 8; ++g) {
    EXPECT_DOUBLE_EQ(same_s[g], 0.02);
    EXPECT_DOUBLE_EQ(far_s[g], 0.04);
  }
}

// A seeded set: 6 links of 50-149 B/s, 30 flows of 100-1099 B over 1-3 links starting in
// [0, 5) s, a quarter capped at 10-39 B/s. Raw mt19937 output, so the same on every platform.
struct SeededSet {
  std::vector<double> capacity;
  std::vector<Arrival> arrivals;
};
SeededSet seeded_set(unsigned seed, int num_links = 6) {
  std::mt19937 rng(seed);
  SeededSet set;
  for (int l = 0; l < num_links; ++l) set.capacity.push_back(50 + static_cast<double>(rng() % 100));
  for (int f = 0; f < 30; ++f) {
    Arrival a{static_cast<double>(rng() % 50) / 10, {}, 100 + static_cast<double>(rng() % 1000)};
    const int hops = std::min(num_links, 1 + static_cast<int>(rng() % 3));
    while (static_cast<int>(a.links.size()) < hops) {
      const int l = static_cast<int>(rng() % num_links);
      if (std::find(a.links.begin(), a.links.end(), l) == a.links.end()) a.links.push_back(l);
    }
    if (rng() % 4 == 0) a.rate_cap_bytes_per_s = 10 + static_cast<double>(rng() % 30);
    set.arrivals.push_back(a);
  }
  std::stable_sort(set.arrivals.begin(), set.arrivals.end(),
                   [](const Arrival& x, const Arrival& y) { return x.at_s < y.at_s; });
  return set;
}

FlowNetwork network_of(const std::vector<double>& capacity) {
  FlowNetwork net;
  for (std::size_t l = 0; l < capacity.size(); ++l)
    net.add_link(std::string("l").append(std::to_string(l)), capacity[l]);
  return net;
}

TEST(FlowNetwork, BytesDeliveredEqualBytesSentAndNoFlowBeatsItsPath) {
  for (unsigned seed : {1u, 2u, 3u}) {
    const SeededSet set = seeded_set(seed);
    FlowNetwork net = network_of(set.capacity);
    const std::vector<double> finish_s = run(net, set.arrivals);
    double sent = 0;
    for (std::size_t f = 0; f < set.arrivals.size(); ++f) {
      const Arrival& a = set.arrivals[f];
      sent += a.bytes;
      ASSERT_GE(finish_s[f], 0) << "seed " << seed << " flow " << f << " never finished";
      double fastest = a.rate_cap_bytes_per_s;
      for (int l : a.links) fastest = std::min(fastest, set.capacity[l]);
      EXPECT_GE(finish_s[f], a.at_s + a.bytes / fastest * (1 - 1e-12));
    }
    EXPECT_NEAR(net.delivered_bytes(), sent, 1e-9 * sent);
    EXPECT_EQ(net.num_active(), 0);
  }
}

TEST(FlowNetwork, UniformlyMoreCapacityNeverFinishesAFlowLater) {
  // All flows at t=0, every link and cap doubled: the whole schedule runs twice as fast.
  SeededSet set = seeded_set(4);
  for (Arrival& a : set.arrivals) a.at_s = 0;
  FlowNetwork base = network_of(set.capacity);
  const std::vector<double> base_s = run(base, set.arrivals);
  SeededSet doubled = set;
  for (double& c : doubled.capacity) c *= 2;
  for (Arrival& a : doubled.arrivals) a.rate_cap_bytes_per_s *= 2;
  FlowNetwork fast = network_of(doubled.capacity);
  const std::vector<double> fast_s = run(fast, doubled.arrivals);
  for (std::size_t f = 0; f < base_s.size(); ++f) {
    EXPECT_NEAR(fast_s[f], base_s[f] / 2, 1e-9 * base_s[f]) << "flow " << f;
  }
}

TEST(FlowNetwork, AFasterSharedLinkNeverFinishesAFlowLater) {
  // One shared link (processor sharing), staggered arrivals: raising its capacity from 60 to 90
  // and 150 B/s never delays any flow.
  SeededSet set = seeded_set(5, 1);
  std::vector<double> previous;
  for (double capacity : {60.0, 90.0, 150.0}) {
    FlowNetwork net = network_of({capacity});
    const std::vector<double> finish_s = run(net, set.arrivals);
    for (std::size_t f = 0; f < previous.size(); ++f) {
      EXPECT_LE(finish_s[f], previous[f] * (1 + 1e-12)) << "flow " << f << " at " << capacity;
    }
    previous = finish_s;
  }
}

TEST(FlowNetwork, SameInputsSameOutputs) {
  const SeededSet set = seeded_set(6);
  FlowNetwork a = network_of(set.capacity);
  FlowNetwork b = network_of(set.capacity);
  EXPECT_EQ(run(a, set.arrivals), run(b, set.arrivals));
  EXPECT_EQ(a.delivered_bytes(), b.delivered_bytes());
}

TEST(FlowNetwork, ARoundedClockFinishesTheFlowWithinOneTick) {
  // 1 B at 3 MB/s ends at 333.33 ns; seconds_to_sim rounds that to 333 ns, a third of a tick
  // early, leaving 0.001 B. With one tick of slack the wake-up finishes it.
  FlowNetwork net;
  const FlowId a = net.start(0, {net.add_link("link", 3e6)}, 1);
  const double wake_s = sim_to_seconds(seconds_to_sim(net.next_completion()->second));
  EXPECT_LT(wake_s, net.next_completion()->second);
  EXPECT_TRUE(net.finish_due(wake_s).empty());
  EXPECT_NEAR(net.remaining_bytes(a), 0.001, 1e-9);
  EXPECT_EQ(net.finish_due(wake_s, 1e-9), std::vector<FlowId>{a});
  EXPECT_NEAR(net.delivered_bytes(), 1, 1e-15);
}

TEST(FlowNetwork, MisuseIsACheckFailure) {
  FlowNetwork net;
  const int link = net.add_link("link", 100);
  const FlowId a = net.start(1, {link}, 100);
  EXPECT_THROW(net.rate_bytes_per_s(a + 1), CheckFailure);    // unknown id
  EXPECT_THROW(net.advance_to(0.5), CheckFailure);            // time went backwards
  EXPECT_THROW(net.start(2, {link + 1}, 100), CheckFailure);  // unknown link
  EXPECT_THROW(net.link_name(7), CheckFailure);
  net.finish(2, a);
  EXPECT_THROW(net.remaining_bytes(a), CheckFailure);  // finished
  EXPECT_THROW(net.finish(3, a), CheckFailure);
}

}  // namespace
}  // namespace servesim
