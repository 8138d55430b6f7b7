// The sweep's HDF5 file: the same bytes whatever the thread count (and whenever written), and the
// names, units and values documented in docs/hdf5-schema.md, read back with the C API.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <thread>

#include "sim/sweep/sweep_runner.hpp"
#include "sim/sweep/sweep_tables.hpp"
#include "sim/core/version.hpp"
#include "tests/sim/hdf5_test_reader.hpp"
#include "tests/sim/sweep_test_fixtures.hpp"

namespace servesim {
namespace {

SweepResult run_tiny(int threads) {
  return run_sweep(read_sweep_text(testing::kTinySweep, "tiny.json", ""),
                   testing::embedded_catalog(), testing::embedded_profiles(), threads, nullptr);
}

TEST(SweepHdf5, ByteIdenticalWithOneAndFourThreads) {
  testing::SweepScratchDir dir;
  write_sweep_hdf5((dir / "one.h5").string(), run_tiny(1));
  write_sweep_csv((dir / "one.csv").string(), run_tiny(1));
  // A second later: a stored modification time would change the bytes.
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  write_sweep_hdf5((dir / "four.h5").string(), run_tiny(4));
  write_sweep_csv((dir / "four.csv").string(), run_tiny(4));
  const std::string one = testing::read_bytes(dir / "one.h5");
  EXPECT_GT(one.size(), 1000u);
  EXPECT_TRUE(one == testing::read_bytes(dir / "four.h5")) << "HDF5 files differ";
  EXPECT_EQ(testing::read_bytes(dir / "one.csv"), testing::read_bytes(dir / "four.csv"));
}

TEST(SweepHdf5, ReadsBackWithTheDocumentedNamesUnitsAndValues) {
  testing::SweepScratchDir dir;
  const SweepResult r = run_tiny(2);
  const std::string path = (dir / "tiny.h5").string();
  write_sweep_hdf5(path, r);
  testing::H5File f(path);
  ASSERT_TRUE(f.ok());

  // Root attributes.
  EXPECT_EQ(f.string_attr("/", "servesim_version"), kServesimVersion);
  EXPECT_EQ(f.string_attr("/", "schema"), "servesim-sweep/1");
  EXPECT_EQ(f.string_attr("/", "sweep_name"), "tiny");
  EXPECT_EQ(Json::parse(f.string_attr("/", "sweep_spec_json")), Json::parse(testing::kTinySweep));
  EXPECT_EQ(Json::parse(f.string_attr("/", "base_scenario_json"))["model"], "Llama-3.1-8B");
  EXPECT_EQ(f.int_attr("/", "points_total"), 18);
  EXPECT_EQ(f.int_attr("/", "points_run"), 12);
  EXPECT_EQ(f.int_attr("/", "points_skipped"), 6);
  EXPECT_EQ(f.int_attr("/", "points_excluded"), 0);
  EXPECT_EQ(f.strings_attr("/", "groups"), (std::vector<std::string>{"H100", "H200"}));

  // The points table: columns carry their unit in the name and in the "units" attribute.
  EXPECT_EQ(f.rows("/points"), 12);
  const auto members = f.members("/points");
  EXPECT_EQ(f.strings_attr("/points", "columns"), members);
  const auto units = f.strings_attr("/points", "units");
  ASSERT_EQ(units.size(), members.size());
  auto unit_of = [&](const std::string& name) {
    const auto it = std::find(members.begin(), members.end(), name);
    return it == members.end() ? std::string("(missing)") : units[it - members.begin()];
  };
  EXPECT_EQ(unit_of("tok_s_per_user_median"), "tok/s/user");
  EXPECT_EQ(unit_of("total_tok_s_per_gpu"), "tok/s/GPU");
  EXPECT_EQ(unit_of("output_tok_s_per_gpu"), "tok/s/GPU");
  EXPECT_EQ(unit_of("ttft_p50_s"), "s");
  EXPECT_EQ(unit_of("tpot_p99_ms"), "ms");
  EXPECT_EQ(unit_of("e2el_mean_s"), "s");
  EXPECT_EQ(unit_of("cost_usd_per_million_output_tokens"), "USD/Mtok");
  EXPECT_EQ(unit_of("cost_usd_per_million_total_tokens"), "USD/Mtok");
  EXPECT_EQ(unit_of("total_tok_s_per_mw"), "tok/s/MW");
  EXPECT_EQ(unit_of("cost_usd_per_gpu_hour"), "USD/GPU/h");
  EXPECT_EQ(unit_of("concurrency"), "1");
  EXPECT_EQ(unit_of("config"), "");

  // Values are those of the run, rows in point order.
  const auto index = f.doubles("/points", "point_index");
  const auto tput = f.doubles("/points", "total_tok_s_per_gpu");
  const auto labels = f.strings("/points", "label");
  ASSERT_EQ(index.size(), 12u);
  std::size_t row = 0;
  for (std::size_t i = 0; i < r.points.size(); ++i) {
    if (!r.outcomes[i].ran) continue;
    EXPECT_EQ(index[row], static_cast<double>(i));
    EXPECT_EQ(tput[row], r.outcomes[i].result.total_tok_s_per_gpu);
    EXPECT_EQ(labels[row], r.points[i].label);
    ++row;
  }
  const auto json = f.strings("/points", "scenario_json");
  EXPECT_EQ(Json::parse(json[0])["model"], "Llama-3.1-8B");

  // One frontier dataset per group, with the points' columns.
  EXPECT_EQ(f.strings_attr("/frontiers", "groups"), (std::vector<std::string>{"H100", "H200"}));
  EXPECT_EQ(f.string_attr("/frontiers", "x_column"), "tok_s_per_user_median");
  EXPECT_EQ(f.string_attr("/frontiers", "y_column"), "total_tok_s_per_gpu");
  for (std::size_t g = 0; g < r.groups.size(); ++g) {
    const std::string ds = "/frontiers/" + r.groups[g].name;
    ASSERT_TRUE(f.exists(ds)) << ds;
    EXPECT_EQ(f.string_attr(ds, "group"), r.groups[g].name);
    EXPECT_EQ(f.rows(ds), static_cast<long long>(r.groups[g].frontier.size()));
    EXPECT_EQ(f.members(ds), members);
    const auto on = f.doubles(ds, "on_frontier");
    EXPECT_TRUE(std::all_of(on.begin(), on.end(), [](double v) { return v == 1; }));
  }

  // Skipped points and reasons, iso-interactivity table.
  EXPECT_EQ(f.rows("/skipped"), 6);
  EXPECT_EQ(f.strings("/skipped", "reason")[0],
            "parallelism.tp: 3 does not divide num_attention_heads=32");
  EXPECT_EQ(f.doubles("/skip_reasons", "count"), (std::vector<double>{6}));
  EXPECT_EQ(f.rows("/iso_interactivity"), 4);
  EXPECT_EQ(f.strings("/iso_interactivity", "group"),
            (std::vector<std::string>{"H100", "H200", "H100", "H200"}));
  EXPECT_EQ(f.doubles("/iso_interactivity", "tok_s_per_user"),
            (std::vector<double>{250, 250, 300, 300}));
}

TEST(SweepHdf5, EveryColumnIsDocumented) {
  testing::SweepScratchDir dir;
  const std::string path = (dir / "tiny.h5").string();
  write_sweep_hdf5(path, run_tiny(2));
  const std::string doc = testing::read_bytes(SERVESIM_SOURCE_DIR "/docs/hdf5-schema.md");
  testing::H5File f(path);
  for (const std::string ds : {"/points", "/skipped", "/skip_reasons", "/iso_interactivity"}) {
    for (const auto& name : f.members(ds)) {
      EXPECT_NE(doc.find("`" + name + "`"), std::string::npos) << ds << " column " << name;
    }
  }
  for (const auto& name : f.attr_names("/")) {
    EXPECT_NE(doc.find("`" + name + "`"), std::string::npos) << "root attribute " << name;
  }
}

}  // namespace
}  // namespace servesim
