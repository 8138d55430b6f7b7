// Every shipped scenario and every point of every shipped sweep survives write and re-read:
// the writer (scenario_to_json) loses nothing the reader took in.
#include <gtest/gtest.h>

#include <filesystem>
#include <functional>

#include "sim/core/json_reader.hpp"
#include "sim/scenario/scenario_json.hpp"
#include "sim/scenario/scenario_reader.hpp"
#include "sim/sweep/sweep_spec.hpp"

namespace servesim {
namespace {

namespace fs = std::filesystem;

std::vector<fs::path> json_files(const fs::path& dir) {
  std::vector<fs::path> out;
  for (const auto& e : fs::directory_iterator(dir)) {
    if (e.path().extension() == ".json") out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

/// Every leaf of `original` (documentation keys aside) has the same value in `written`.
void expect_leaves_kept(const Json& original, const Json& written, const std::string& where) {
  for (const auto& [key, value] : original.items()) {
    if (key == "description" || key == "notes" || key == "_about") continue;
    ASSERT_TRUE(written.contains(key)) << where << "." << key << " was not written";
    if (value.is_object()) {
      expect_leaves_kept(value, written[key], where + "." + key);
    } else {
      EXPECT_EQ(written[key], value) << where << "." << key;
    }
  }
}

void expect_round_trip(const Scenario& first, const std::string& where) {
  const Json once = scenario_to_json(first);
  const Scenario second = read_scenario_json(once, where + " (written)", "");
  EXPECT_EQ(scenario_to_json(second), once) << where;
  EXPECT_EQ(second.precision, first.precision) << where;
  EXPECT_EQ(second.workload.measured_requests, first.workload.measured_requests) << where;
  EXPECT_EQ(second.workload.input.values, first.workload.input.values) << where;
}

TEST(ScenarioRoundTrip, EveryShippedScenario) {
  const auto files = json_files(fs::path(SERVESIM_SOURCE_DIR) / "scenarios");
  int n = 0;
  for (const auto& f : files) {
    if (f.filename() == "default_sweep.json") continue;
    const Scenario s = read_scenario_file(f.string());
    expect_round_trip(s, f.filename().string());
    expect_leaves_kept(parse_json_file(f.string()), scenario_to_json(s), f.filename().string());
    ++n;
  }
  EXPECT_GE(n, 8);
}

TEST(ScenarioRoundTrip, EveryPointOfEveryShippedSweep) {
  auto files = json_files(fs::path(SERVESIM_SOURCE_DIR) / "scenarios" / "sweeps");
  files.push_back(fs::path(SERVESIM_SOURCE_DIR) / "scenarios" / "default_sweep.json");
  for (const auto& f : files) {
    const SweepExpansion e = expand_sweep(read_sweep_file(f.string()));
    ASSERT_FALSE(e.points.empty()) << f;
    for (const auto& p : e.points)
      expect_round_trip(p.scenario, f.filename().string() + " " + p.label);
  }
}

}  // namespace
}  // namespace servesim
