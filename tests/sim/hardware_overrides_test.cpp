// Hardware what-ifs in a scenario: "overrides" change the GPU and its fabric before anything is
// derived, "cluster.scale_out_fabric" picks among the fabrics the GPU ships with, and both are
// written back and usable as sweep axis paths.
#include <gtest/gtest.h>

#include "sim/run/explain.hpp"
#include "sim/scenario/catalog_loader.hpp"
#include "sim/scenario/scenario_fields.hpp"
#include "sim/scenario/scenario_json.hpp"
#include "sim/scenario/scenario_reader.hpp"
#include "sim/scenario/scenario_validation.hpp"

namespace servesim {
namespace {

const Catalog& catalog() {
  static const Catalog c = load_catalog(SERVESIM_SOURCE_DIR "/scenarios/catalog");
  return c;
}

Scenario four_hgx_nodes() {
  return read_scenario_file(SERVESIM_SOURCE_DIR
                            "/scenarios/deepseek-r1-nvfp4-b200-4x-hgx-roce-dep32-decode.json");
}

double decode_ms(const Scenario& s) {
  return explain(validate(s, catalog())).decode.breakdown.total_s * 1e3;
}

TEST(HardwareOverrides, A800GNicMakesTheCrossNodeDecodeStepFaster) {
  Scenario s = four_hgx_nodes();
  const double base = decode_ms(s);
  s.hardware_overrides["gpu.nic_bw_bytes_per_s"] = 100e9;
  const ValidScenario v = validate(s, catalog());
  EXPECT_DOUBLE_EQ(v.gpu->scale_out.nic_bw_bytes_per_s, 100e9);
  EXPECT_DOUBLE_EQ(catalog().find_gpu("B200")->scale_out.nic_bw_bytes_per_s, 50e9);  // untouched
  EXPECT_LT(decode_ms(s), base);
}

TEST(HardwareOverrides, AnOversubscribedSpineMakesItSlower) {
  Scenario s = four_hgx_nodes();
  s.hardware_overrides["fabric.gpus_per_leaf"] = 1;  // every other node is across the spine
  const double non_blocking = decode_ms(s);
  s.hardware_overrides["fabric.oversubscription"] = 2;
  EXPECT_GT(decode_ms(s), non_blocking);
}

TEST(HardwareOverrides, TheScaleOutFabricIsAChoiceAmongTheGpusFabrics) {
  Scenario s = four_hgx_nodes();
  const double cx7 = decode_ms(s);
  s.cluster.scale_out_fabric = "roce-cx8-800g";
  const ValidScenario v = validate(s, catalog());
  EXPECT_EQ(v.gpu->scale_out.name, "roce-cx8-800g");
  EXPECT_LT(decode_ms(s), cx7);
}

TEST(HardwareOverrides, AreWrittenBackNestedAndReadAgain) {
  Scenario s = four_hgx_nodes();
  s.hardware_overrides["gpu.nic_bw_bytes_per_s"] = 100e9;
  s.hardware_overrides["fabric.oversubscription"] = 2;
  s.cluster.placement = PlacementPolicy::kSpread;
  s.cluster.gpus = 64;
  const Json j = scenario_to_json(s);
  EXPECT_EQ(j["overrides"]["gpu"]["nic_bw_bytes_per_s"], 100e9);
  const Scenario back = read_scenario_json(j, "back", "");
  EXPECT_EQ(back.hardware_overrides, s.hardware_overrides);
  EXPECT_EQ(back.cluster.placement, PlacementPolicy::kSpread);
  EXPECT_EQ(back.cluster.gpus, 64);
}

TEST(HardwareOverrides, AreSweepAxisPaths) {
  EXPECT_EQ(scenario_path_problem("overrides.gpu.nic_bw_bytes_per_s"), "");
  EXPECT_EQ(scenario_path_problem("overrides.fabric.oversubscription"), "");
  EXPECT_EQ(scenario_path_problem("cluster.scale_out_fabric"), "");
  EXPECT_NE(scenario_path_problem("overrides.gpu.nic_speed"), "");
}

TEST(HardwareOverrides, ReplicasArePlacedAndReported) {
  Scenario s = four_hgx_nodes();
  s.replicas = 2;
  const ValidScenario v = validate(s, catalog());
  EXPECT_EQ(v.placement.first_gpu, (std::vector<int>{0, 32}));
  EXPECT_EQ(v.placement.cluster_gpus, 64);
  const Explanation e = explain(v);
  ASSERT_EQ(e.cluster.instances.size(), 2u);
  EXPECT_EQ(e.cluster.instances[1].first_domain, 4);
  EXPECT_EQ(e.cluster.instances[1].last_domain, 7);
  EXPECT_EQ(e.cluster.scale_out_fabric, "roce-cx7-400g");
}

}  // namespace
}  // namespace servesim
