// The network with hand-derived expectations: an all-to-all inside one HGX node, inside an
// NVL72 rack and across two HGX nodes where the NIC bounds it; leaf oversubscription slows
// cross-leaf bytes by its factor when the leaf is full and not when it is half empty; the
// fabric catalog gives each GPU its fabrics; placement packs and spreads instances.
#include <gtest/gtest.h>

#include <algorithm>

#include "hw/hardware_overrides.hpp"
#include "hw/hierarchical_collective_model.hpp"
#include "hw/placement.hpp"
#include "hw/spine_contention.hpp"
#include "hw/topology.hpp"
#include "sim/scenario/catalog_loader.hpp"

namespace servesim {
namespace {

class Network : public ::testing::Test {
 protected:
  Catalog catalog = load_catalog(SERVESIM_SOURCE_DIR "/scenarios/catalog");
  Knobs knobs = catalog.knob_table().defaults;
  HierarchicalCollectiveModel model;
  const double gb = 1e9;  // bytes each GPU sends
  double nvlink(double bytes) const { return bytes / (900e9 * knobs.scale_up_efficiency); }
};

TEST_F(Network, GpusTakeTheirFabricsFromTheFabricCatalog) {
  const GpuSpec& b200 = *catalog.find_gpu("B200");
  EXPECT_EQ(b200.scale_up.name, "nvlink5-hgx8");
  EXPECT_EQ(b200.scale_up.domain_size, 8);
  EXPECT_DOUBLE_EQ(b200.scale_up.bw_bytes_per_s, 900e9);
  EXPECT_EQ(b200.scale_out.name, "roce-cx7-400g");
  EXPECT_DOUBLE_EQ(b200.scale_out.nic_bw_bytes_per_s, 50e9);  // 400 Gb/s
  // The ConnectX-7 / ConnectX-8 conflict is a choice: both are offered.
  const auto& c = b200.scale_out_choices;
  EXPECT_NE(std::find(c.begin(), c.end(), "roce-cx8-800g"), c.end());
  const GpuSpec& gb200 = *catalog.find_gpu("GB200");
  EXPECT_EQ(gb200.scale_up.name, "nvlink5-nvl72");
  EXPECT_EQ(gb200.scale_up.domain_size, 72);
  EXPECT_EQ(catalog.find_gpu("MI300X")->scale_up.kind, ScaleUpKind::kMesh);
}

TEST_F(Network, AllToAllInsideOneHgxNodeRidesNvlink) {
  const Topology t(*catalog.find_gpu("B200"), 8);
  const GroupLink l = t.group_link(0, 8, knobs);
  const CollectiveTime a = model.all_to_all(l, gb);
  // All 1 GB goes to the 7 peers over NVSwitch at 900 GB/s x scale_up_efficiency.
  EXPECT_NEAR(a.time_s, knobs.collective_latency_s + nvlink(gb), 1e-12);
  EXPECT_STREQ(a.bound, "scale-up");
}

TEST_F(Network, AllToAllInsideAnNvl72RackRidesNvlinkForAll32Gpus) {
  const Topology t(*catalog.find_gpu("GB200"), 72);
  const GroupLink l = t.group_link(0, 32, knobs);
  EXPECT_EQ(l.domains, 1);
  const CollectiveTime a = model.all_to_all(l, gb);
  EXPECT_NEAR(a.time_s, knobs.collective_latency_s + nvlink(gb), 1e-12);
  EXPECT_STREQ(a.bound, "scale-up");
}

TEST_F(Network, AllToAllAcrossTwoHgxNodesIsBoundByTheNic) {
  const Topology t(*catalog.find_gpu("B200"), 16);
  const GroupLink l = t.group_link(0, 16, knobs);
  EXPECT_EQ(l.domains, 2);
  // Of 1 GB spread over 15 peers, 7/15 stays in the node and 8/15 leaves through one 400 Gb/s
  // RoCE NIC at its 0.85 achievable fraction; both move at once and the NIC part is slower.
  // Both nodes sit under one leaf per rail: 10 us NIC + one 1 us hop.
  const double remote = gb * 8 / 15;
  const CollectiveTime a = model.all_to_all(l, gb);
  EXPECT_NEAR(a.time_s, knobs.collective_latency_s + 11e-6 + remote / (50e9 * 0.85), 1e-12);
  EXPECT_STREQ(a.bound, "NIC");
  EXPECT_GT(remote / (50e9 * 0.85), nvlink(gb * 7 / 15));
}

/// B200 nodes whose leaf serves one node per rail (gpus_per_leaf 1): every other node is
/// across the spine, under the given oversubscription.
GpuSpec one_node_per_leaf(const Catalog& catalog, double oversubscription, int gpus_per_leaf = 1) {
  GpuSpec g = *catalog.find_gpu("B200");
  apply_hardware_overrides(g, {{"fabric.gpus_per_leaf", gpus_per_leaf},
                               {"fabric.oversubscription", oversubscription}});
  return g;
}

TEST_F(Network, TwoToOneOversubscriptionHalvesCrossLeafBandwidthWhenTheLeafIsFull) {
  const double remote = gb * 8 / 15;
  const double cross_latency = 10e-6 + 3 * 1e-6;  // NIC + leaf-spine-leaf
  for (double over : {1.0, 2.0}) {
    const GpuSpec g = one_node_per_leaf(catalog, over);
    const Topology t(g, 16);
    EXPECT_EQ(t.leaf_group_size(), 8);
    GroupLink l = t.group_link(0, 16, knobs);
    EXPECT_DOUBLE_EQ(l.cross_leaf_share, 1.0);  // every remote peer is in the other node
    // Both leaves are full of senders: the max-min share of each leaf's uplinks is NIC / over.
    const std::vector<double> slow = spine_slowdown(t, {0}, 16);
    EXPECT_DOUBLE_EQ(slow[0], over);
    l.oversubscription = slow[0];
    const CollectiveTime a = model.all_to_all(l, gb);
    EXPECT_NEAR(a.time_s, knobs.collective_latency_s + cross_latency + over * remote / (50e9 * 0.85),
                1e-12);
    EXPECT_STREQ(a.bound, over > 1 ? "spine" : "NIC");
  }
}

TEST_F(Network, AHalfEmptyLeafSharesItsUplinksAmongFewerSenders) {
  // Leaf groups of 16 GPUs (two nodes per rail leaf) under 2:1; a 16-GPU instance at GPU 8
  // fills half of group 0 and half of group 1: 8 senders share 16 x NIC / 2 of uplink each.
  const GpuSpec g = one_node_per_leaf(catalog, 2.0, 2);
  const Topology t(g, 32);
  EXPECT_EQ(t.leaf_group_size(), 16);
  EXPECT_DOUBLE_EQ(t.cross_leaf_share(8, 16), 1.0);
  EXPECT_DOUBLE_EQ(spine_slowdown(t, {8}, 16)[0], 1.0);
  // On 48 GPUs, a second instance at GPU 24 fills the other half of group 1: its 16 senders
  // get 16 x NIC / 2 / 16 = NIC / 2 each, so both instances see the full factor 2.
  const Topology wide(g, 48);
  EXPECT_EQ(spine_slowdown(wide, {8, 24}, 16), (std::vector<double>{2.0, 2.0}));
  // An instance inside one leaf group sends nothing across the spine and adds no load.
  EXPECT_DOUBLE_EQ(t.cross_leaf_share(0, 16), 0.0);
  EXPECT_EQ(spine_slowdown(t, {8, 0}, 16), (std::vector<double>{1.0, 1.0}));
}

TEST_F(Network, MoreNicBandwidthNeverSlowsACrossNodeCollective) {
  GpuSpec g = *catalog.find_gpu("B200");
  const Topology slow(g, 32);
  apply_hardware_overrides(g, {{"gpu.nic_bw_bytes_per_s", 100e9}});
  const Topology fast(g, 32);
  for (double bytes : {1e3, 1e6, 1e9}) {
    EXPECT_LE(model.all_to_all(fast.group_link(0, 32, knobs), bytes).time_s,
              model.all_to_all(slow.group_link(0, 32, knobs), bytes).time_s);
  }
  EXPECT_LT(model.all_to_all(fast.group_link(0, 32, knobs), 1e9).time_s,
            model.all_to_all(slow.group_link(0, 32, knobs), 1e9).time_s);
}

TEST(Placement, PackFillsADomainBeforeOpeningTheNext) {
  // Three 32-GPU instances on 72-GPU NVL72 racks: two fit in the first rack, the third opens
  // the second rack rather than straddle.
  const Placement p = place_instances({3, 32, 72, 0, PlacementPolicy::kPack, {}});
  EXPECT_EQ(p.error, "");
  EXPECT_EQ(p.first_gpu, (std::vector<int>{0, 32, 72}));
  EXPECT_EQ(p.cluster_gpus, 144);
  // Instances larger than a domain take whole domains.
  const Placement q = place_instances({2, 16, 8, 0, PlacementPolicy::kPack, {}});
  EXPECT_EQ(q.first_gpu, (std::vector<int>{0, 16}));
  EXPECT_EQ(q.cluster_gpus, 32);
}

TEST(Placement, SpreadGoesRoundRobinOverTheDomains) {
  const Placement p = place_instances({4, 4, 8, 16, PlacementPolicy::kSpread, {}});
  EXPECT_EQ(p.error, "");
  EXPECT_EQ(p.first_gpu, (std::vector<int>{0, 8, 4, 12}));
}

TEST(Placement, SaysWhyInstancesDoNotFit) {
  EXPECT_NE(place_instances({3, 32, 72, 72, PlacementPolicy::kPack, {}}).error, "");
  EXPECT_NE(place_instances({1, 12, 8, 0, PlacementPolicy::kPack, {}}).error, "");
  EXPECT_NE(place_instances({1, 8, 8, 12, PlacementPolicy::kPack, {}}).error, "");
  EXPECT_NE(place_instances({5, 4, 8, 16, PlacementPolicy::kSpread, {}}).error, "");
}

}  // namespace
}  // namespace servesim
