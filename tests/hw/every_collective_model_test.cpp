// Behaviour every registered collective model must have: nothing to do costs nothing, more
// bytes never take less time, more bandwidth is never slower, crossing domains is never faster
// than staying inside one; MoE dispatch and combine grow with the tokens in either DeepEP mode.
#include <gtest/gtest.h>

#include "hw/collective_model_registry.hpp"
#include "sim/scenario/catalog_loader.hpp"

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

/// A B200 instance under SGLang: the calibrated model finds measured curves for it.
InstanceSpec b200_spec() {
  static const Catalog catalog = load_catalog(SERVESIM_SOURCE_DIR "/scenarios/catalog");
  InstanceSpec spec;
  spec.gpu = catalog.find_gpu("B200");
  spec.collective_curves = catalog.collectives().for_gpu("B200");
  spec.deepep_normal_sms = catalog.collectives().deepep_normal_sms;
  spec.framework = "SGLang";
  return spec;
}

MoeExchange exchange(double tokens, bool combine, ExchangeMode mode) {
  MoeExchange x;
  x.combine = combine;
  x.mode = mode;
  x.tokens = tokens;
  x.top_k = 8;
  x.hidden = 7168;
  x.bytes_per_element = combine ? 2 : 1;
  x.precision = combine ? Precision::kBf16 : Precision::kFp8;
  x.local_experts = 8;
  return x;
}

class EveryCollectiveModel : public ::testing::TestWithParam<std::string> {
 protected:
  std::shared_ptr<const CollectiveModel> model =
      collective_model_registry().get(GetParam(), "test").make(b200_spec());
  std::vector<double> tokens = {0, 1, 16, 128, 1024, 8192};
  std::vector<double> sizes = {0, 1e3, 1e5, 1e7, 1e9};
  std::vector<GroupLink> links = {link(2, 1, 450e9, 50e9), link(8, 1, 900e9, 50e9),
                                  link(32, 4, 900e9, 50e9), link(72, 1, 900e9, 100e9)};
};

TEST_P(EveryCollectiveModel, NothingToDoCostsNothing) {
  const GroupLink one = link(1, 1, 900e9, 50e9);
  EXPECT_EQ(model->all_reduce(one, 1e9).time_s, 0);
  EXPECT_EQ(model->all_gather(one, 1e9).time_s, 0);
  EXPECT_EQ(model->all_to_all(one, 1e9).time_s, 0);
  for (const GroupLink& l : links) {
    EXPECT_EQ(model->all_reduce(l, 0).time_s, 0);
    EXPECT_EQ(model->all_to_all(l, 0).time_s, 0);
    EXPECT_EQ(model->point_to_point(l, 0).time_s, 0);
  }
}

TEST_P(EveryCollectiveModel, MoreBytesNeverTakeLess) {
  for (const GroupLink& l : links) {
    for (std::size_t i = 1; i < sizes.size(); ++i) {
      EXPECT_GE(model->all_reduce(l, sizes[i]).time_s, model->all_reduce(l, sizes[i - 1]).time_s);
      EXPECT_GE(model->all_gather(l, sizes[i]).time_s, model->all_gather(l, sizes[i - 1]).time_s);
      EXPECT_GE(model->all_to_all(l, sizes[i]).time_s, model->all_to_all(l, sizes[i - 1]).time_s);
      EXPECT_GE(model->point_to_point(l, sizes[i]).time_s,
                model->point_to_point(l, sizes[i - 1]).time_s);
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
        EXPECT_LE(model->all_reduce(fast, b).time_s, model->all_reduce(slow, b).time_s);
        EXPECT_LE(model->all_gather(fast, b).time_s, model->all_gather(slow, b).time_s);
        EXPECT_LE(model->all_to_all(fast, b).time_s, model->all_to_all(slow, b).time_s);
        EXPECT_LE(model->point_to_point(fast, b).time_s, model->point_to_point(slow, b).time_s);
      }
    }
  }
}

TEST_P(EveryCollectiveModel, CrossingDomainsIsNeverFaster) {
  const GroupLink one_rack = link(32, 1, 900e9, 50e9);
  const GroupLink four_nodes = link(32, 4, 900e9, 50e9);
  for (double b : sizes) {
    EXPECT_LE(model->all_reduce(one_rack, b).time_s, model->all_reduce(four_nodes, b).time_s);
    EXPECT_LE(model->all_to_all(one_rack, b).time_s, model->all_to_all(four_nodes, b).time_s);
  }
}

TEST_P(EveryCollectiveModel, MoeExchangesGrowWithTokensAndBandwidth) {
  for (const GroupLink& slow : links) {
    GroupLink fast = slow;
    fast.per_gpu_bw_bytes_per_s *= 2;
    fast.per_peer_bw_bytes_per_s *= 2;
    fast.nic_bw_bytes_per_s *= 2;
    for (ExchangeMode mode : {ExchangeMode::kLowLatency, ExchangeMode::kHighThroughput}) {
      for (bool combine : {false, true}) {
        double last = -1;
        for (double n : tokens) {
          const double t = model->moe_exchange(slow, exchange(n, combine, mode)).time_s;
          EXPECT_GE(t, last) << n << " tokens";
          EXPECT_LE(model->moe_exchange(fast, exchange(n, combine, mode)).time_s, t);
          last = t;
        }
        EXPECT_EQ(model->moe_exchange(slow, exchange(0, combine, mode)).time_s, 0);
      }
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Registered, EveryCollectiveModel,
                         ::testing::ValuesIn(collective_model_registry().names()),
                         [](const auto& p) { return p.param; });

}  // namespace
}  // namespace servesim
