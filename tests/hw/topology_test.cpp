// Topology: widest paths and the links of groups inside and across scale-up domains.
#include "hw/topology.hpp"

#include <gtest/gtest.h>

#include "hw/hierarchical_collective_model.hpp"

#include "sim/scenario/catalog_loader.hpp"

namespace servesim {
namespace {

class TopologyTest : public ::testing::Test {
 protected:
  Catalog catalog = load_catalog(SERVESIM_SOURCE_DIR "/scenarios/catalog");
  // The catalog's default knobs; the expectations below are written in terms of them.
  Knobs knobs = catalog.knob_table().defaults;
  HierarchicalCollectiveModel model;
};

TEST_F(TopologyTest, WidestPathsFollowTheLinks) {
  const GpuSpec& b200 = *catalog.find_gpu("B200");
  const Topology t(b200, 32);  // four HGX nodes
  // Same node: GPU -> NVSwitch -> GPU at 900 GB/s per direction.
  EXPECT_DOUBLE_EQ(t.path_bw_bytes_per_s(0, 7), 900e9);
  // Across nodes: the 400 Gb/s NIC (50 GB/s) is the bottleneck.
  EXPECT_DOUBLE_EQ(t.path_bw_bytes_per_s(0, 8), 50e9);
  const GpuSpec& mi300 = *catalog.find_gpu("MI300X");
  const Topology m(mi300, 8);
  // Full mesh: one 64 GB/s Infinity Fabric link between two peers.
  EXPECT_DOUBLE_EQ(m.path_bw_bytes_per_s(0, 5), 64e9);
}

TEST_F(TopologyTest, CrossDomainAllToAllIsBoundByTheNic) {
  const GpuSpec& b200 = *catalog.find_gpu("B200");
  const Topology t(b200, 32);
  const GroupLink in_node = t.group_link(0, 8, knobs);
  const GroupLink across = t.group_link(0, 32, knobs);
  EXPECT_EQ(in_node.domains, 1);
  EXPECT_EQ(across.domains, 4);
  // 1 GB leaves each GPU. EP32 over 4 nodes: 7/31 of it stays in the node (NVLink), 24/31
  // crosses the NIC: 0.774 GB / (50 GB/s x 0.85 achievable on 400G RoCE) dominates; in one node
  // it all rides NVLink. The four nodes share one leaf per rail (64 GPUs per leaf), so the
  // latency is one NIC (10 us) plus one switch hop (1 us).
  const double bytes = 1e9;
  const double remote = bytes * 24 / 31;
  EXPECT_EQ(b200.scale_out.name, "roce-cx7-400g");
  EXPECT_DOUBLE_EQ(across.cross_leaf_share, 0);
  EXPECT_NEAR(model.all_to_all(across, bytes).time_s,
              knobs.collective_latency_s + 11e-6 + remote / (50e9 * 0.85), 1e-9);
  EXPECT_GT(model.all_to_all(across, bytes).time_s, 10 * model.all_to_all(in_node, bytes).time_s);
  // GB200 NVL72: the same 32 GPUs share one NVLink domain.
  const Topology rack(*catalog.find_gpu("GB200"), 32);
  EXPECT_EQ(rack.group_link(0, 32, knobs).domains, 1);
}

TEST_F(TopologyTest, MoreNicBandwidthIsNeverSlower) {
  GpuSpec b200 = *catalog.find_gpu("B200");
  const Topology slow(b200, 16);
  b200.scale_out.nic_bw_bytes_per_s *= 2;
  const Topology fast(b200, 16);
  for (double bytes : {1e3, 1e6, 1e9}) {
    EXPECT_LE(model.all_reduce(fast.group_link(0, 16, knobs), bytes).time_s,
              model.all_reduce(slow.group_link(0, 16, knobs), bytes).time_s);
    EXPECT_LE(model.all_to_all(fast.group_link(0, 16, knobs), bytes).time_s,
              model.all_to_all(slow.group_link(0, 16, knobs), bytes).time_s);
  }
}

}  // namespace
}  // namespace servesim
