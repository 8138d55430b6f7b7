// Behaviour every registered collective model must have: nothing to do costs nothing, more
// bytes never take less time, more bandwidth is never slower, crossing domains is never faster
// than staying inside one, and an all-gather is no slower than an all-reduce of the same bytes.
#include <gtest/gtest.h>

#include "hw/collective_model_registry.hpp"

namespace servesim {
namespace {

GroupLink link(int size, int domains, double up_bw, double nic_bw) {
  GroupLink l;
  l.size = size;
  l.domains = domains;
  l.per_gpu_bw_bytes_per_s = up_bw;
  l.per_peer_bw_bytes_per_s = up_bw;
  l.nic_bw_bytes_per_s = nic_bw;
  l.latency_s = 10e-6;
  l.scale_out_latency_s = 20e-6;
  l.efficiency = 0.7;
  l.scale_out_efficiency = 0.7;
  return l;
}

class EveryCollectiveModel : public ::testing::TestWithParam<std::string> {
 protected:
  std::shared_ptr<const CollectiveModel> model =
      collective_model_registry().get(GetParam(), "test").make();
  std::vector<double> sizes = {0, 1e3, 1e5, 1e7, 1e9};
  std::vector<GroupLink> links = {link(2, 1, 450e9, 50e9), link(8, 1, 900e9, 50e9),
                                  link(32, 4, 900e9, 50e9), link(72, 1, 900e9, 100e9)};
};

TEST_P(EveryCollectiveModel, NothingToDoCostsNothing) {
  const GroupLink one = link(1, 1, 900e9, 50e9);
  EXPECT_EQ(model->all_reduce_time_s(one, 1e9), 0);
  EXPECT_EQ(model->all_gather_time_s(one, 1e9), 0);
  EXPECT_EQ(model->all_to_all_time_s(one, 1e9), 0);
  for (const GroupLink& l : links) {
    EXPECT_EQ(model->all_reduce_time_s(l, 0), 0);
    EXPECT_EQ(model->all_to_all_time_s(l, 0), 0);
    EXPECT_EQ(model->point_to_point_time_s(l, 0), 0);
  }
}

TEST_P(EveryCollectiveModel, MoreBytesNeverTakeLess) {
  for (const GroupLink& l : links) {
    for (std::size_t i = 1; i < sizes.size(); ++i) {
      EXPECT_GE(model->all_reduce_time_s(l, sizes[i]), model->all_reduce_time_s(l, sizes[i - 1]));
      EXPECT_GE(model->all_gather_time_s(l, sizes[i]), model->all_gather_time_s(l, sizes[i - 1]));
      EXPECT_GE(model->all_to_all_time_s(l, sizes[i]), model->all_to_all_time_s(l, sizes[i - 1]));
      EXPECT_GE(model->point_to_point_time_s(l, sizes[i]),
                model->point_to_point_time_s(l, sizes[i - 1]));
    }
  }
}

TEST_P(EveryCollectiveModel, MoreBandwidthIsNeverSlower) {
  for (const GroupLink& slow : links) {
    GroupLink fast_up = slow;
    fast_up.per_gpu_bw_bytes_per_s *= 2;
    fast_up.per_peer_bw_bytes_per_s *= 2;
    GroupLink fast_nic = slow;
    fast_nic.nic_bw_bytes_per_s *= 2;
    for (const GroupLink& fast : {fast_up, fast_nic}) {
      for (double b : sizes) {
        EXPECT_LE(model->all_reduce_time_s(fast, b), model->all_reduce_time_s(slow, b));
        EXPECT_LE(model->all_gather_time_s(fast, b), model->all_gather_time_s(slow, b));
        EXPECT_LE(model->all_to_all_time_s(fast, b), model->all_to_all_time_s(slow, b));
        EXPECT_LE(model->point_to_point_time_s(fast, b), model->point_to_point_time_s(slow, b));
      }
    }
  }
}

TEST_P(EveryCollectiveModel, CrossingDomainsIsNeverFaster) {
  const GroupLink one_rack = link(32, 1, 900e9, 50e9);
  const GroupLink four_nodes = link(32, 4, 900e9, 50e9);
  for (double b : sizes) {
    EXPECT_LE(model->all_reduce_time_s(one_rack, b), model->all_reduce_time_s(four_nodes, b));
    EXPECT_LE(model->all_to_all_time_s(one_rack, b), model->all_to_all_time_s(four_nodes, b));
  }
}

TEST_P(EveryCollectiveModel, AllGatherIsNoSlowerThanAllReduce) {
  for (const GroupLink& l : links) {
    for (double b : sizes) {
      EXPECT_LE(model->all_gather_time_s(l, b), model->all_reduce_time_s(l, b));
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Registered, EveryCollectiveModel,
                         ::testing::ValuesIn(collective_model_registry().names()),
                         [](const auto& p) { return p.param; });

}  // namespace
}  // namespace servesim
