// `servesim sweep` and `servesim` (the default sweep) as a user runs them: exit codes, one-line
// errors, no output file from a failed sweep, quiet mode, CSV, and the main job's tables.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "sim/core/json_reader.hpp"
#include "tests/sim/sweep_test_fixtures.hpp"

namespace servesim {
namespace {

namespace fs = std::filesystem;
using testing::run_in;

const std::string kBinary = SERVESIM_BINARY;

std::size_t count_lines(const std::string& s) { return std::count(s.begin(), s.end(), '\n'); }

TEST(SweepCli, AFailedSweepLeavesNoOutputFileAndKeepsTheOldOne) {
  testing::SweepScratchDir dir;
  Json j = Json::parse(testing::kTinySweep);
  j["axes"] = Json::parse(R"([{"field": "parallelism.tp", "values": [3]},
                              {"field": "workload.concurrency", "values": [2, 4]}])");
  j.erase("group_by");
  testing::write_text(dir / "bad.json", j.dump());
  testing::write_text(dir / "old.h5", "earlier results");

  auto r = run_in(dir.path(), kBinary + " sweep bad.json -o new.h5 --csv new.csv");
  EXPECT_EQ(r.exit_code, 2);
  // The progress line, then the error.
  EXPECT_EQ(r.err.substr(r.err.find("error:")),
            "error: bad.json: every one of the 2 points was skipped; the first because "
            "parallelism.tp: 3 does not divide num_attention_heads=32\n");
  EXPECT_EQ(r.err.rfind("sweep: 2/2 points, 2 skipped,", 0), 0u) << r.err;
  r = run_in(dir.path(), kBinary + " sweep bad.json -q -o old.h5");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(testing::read_bytes(dir / "old.h5"), "earlier results");
  auto entries = dir.entries();
  std::sort(entries.begin(), entries.end());
  EXPECT_EQ(entries, (std::vector<std::string>{"bad.json", "old.h5"}));
}

TEST(SweepCli, MistakesInTheSweepFileAreOneLineAndExitTwo) {
  testing::SweepScratchDir dir;
  Json j = Json::parse(testing::kTinySweep);
  j["group_by"] = {"seed"};
  testing::write_text(dir / "s.json", j.dump());
  auto r = run_in(dir.path(), kBinary + " sweep s.json -o out.h5");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "error: s.json: group_by[0]: \"seed\" is not a field of any axis\n");
  r = run_in(dir.path(), kBinary + " sweep s.json -o nodir/out.h5");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "error: s.json: group_by[0]: \"seed\" is not a field of any axis\n");
  testing::write_text(dir / "s.json", testing::kTinySweep);
  r = run_in(dir.path(), kBinary + " sweep s.json -o nodir/out.h5");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "error: nodir/out.h5: --output: no directory nodir\n");
  EXPECT_EQ(dir.entries(), (std::vector<std::string>{"s.json"}));
}

TEST(SweepCli, QuietWritesFilesAndPrintsNothing) {
  testing::SweepScratchDir dir;
  testing::write_text(dir / "tiny.json", testing::kTinySweep);
  const auto r = run_in(dir.path(), kBinary + " sweep tiny.json -q -j 3 -o t.h5 --csv t.csv");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err, "");
  EXPECT_TRUE(fs::exists(dir / "t.h5"));
  const std::string csv = testing::read_bytes(dir / "t.csv");
  EXPECT_EQ(csv.rfind("point_index,group,config,label,model,gpu,", 0), 0u) << csv.substr(0, 80);
  EXPECT_EQ(count_lines(csv), 13u);  // header + 12 points that ran
  EXPECT_EQ(csv.find("scenario_json"), std::string::npos);
}

TEST(SweepCli, PrintsFrontiersSkipsAndProgressLines) {
  testing::SweepScratchDir dir;
  testing::write_text(dir / "tiny.json", testing::kTinySweep);
  const auto r = run_in(dir.path(), kBinary + " sweep tiny.json -j 2");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("sweep tiny: 18 points, 12 ran, 6 skipped (invalid configurations):\n"
                       "     6 x parallelism.tp: 3 does not divide num_attention_heads=32\n"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("Pareto frontier: H100 ("), std::string::npos);
  EXPECT_NE(r.out.find("Pareto frontier: H200 ("), std::string::npos);
  EXPECT_NE(r.out.find("Total tok/s/GPU at equal interactivity"), std::string::npos);
  EXPECT_NE(r.out.find("wrote tiny.h5\n"), std::string::npos);  // default: <sweep name>.h5
  EXPECT_TRUE(fs::exists(dir / "tiny.h5"));
  // stderr is not a terminal here: plain progress lines, the last one the total.
  EXPECT_NE(r.err.find("sweep: 18/18 points, 6 skipped,"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find('\r'), std::string::npos);
}

TEST(SweepCli, TheMainJobRunsTheDefaultSweep) {
  testing::SweepScratchDir dir;
  // Its speed is measured by bench/ (docs/performance.md), not asserted here.
  const auto r = run_in(dir.path(), kBinary);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("Pareto frontier: GB200 NVL72"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Pareto frontier: B200 HGX"), std::string::npos);
  EXPECT_NE(r.out.find("GB200 NVL72 / B200 HGX"), std::string::npos);
  EXPECT_NE(r.out.find("wrote servesim_default.h5"), std::string::npos);
  EXPECT_TRUE(fs::exists(dir / "servesim_default.h5"));
  // The PNG needs python3 with h5py and matplotlib; without them the run says so and succeeds.
  if (r.out.find("wrote servesim_default.png") != std::string::npos) {
    EXPECT_EQ(testing::read_bytes(dir / "servesim_default.png").substr(1, 3), "PNG");
  } else {
    EXPECT_NE(r.err.find("note: servesim_default.png: "), std::string::npos) << r.err;
  }
}

}  // namespace
}  // namespace servesim
