// The sweep's HDF5 file read with h5py as analysts read it (tests/python/check_hdf5_schema.py),
// and drawn by scripts/plot_pareto.py. Skipped when no python3 with h5py is installed.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

#include "tests/sim/sweep_test_fixtures.hpp"

namespace servesim {
namespace {

using testing::run_in;

/// A python3 that imports `modules`, or "".
std::string find_python(const std::string& modules) {
  std::vector<std::string> candidates;
  if (const char* env = std::getenv("SERVESIM_PYTHON")) candidates.push_back(env);
  candidates.push_back("python3");
  candidates.push_back("/usr/bin/python3");
  for (const auto& py : candidates) {
    const std::string cmd = py + " -c 'import " + modules + "' >/dev/null 2>&1";
    if (std::system(cmd.c_str()) == 0) return py;
  }
  return "";
}

TEST(SweepHdf5Python, H5pyReadsTheDocumentedSchema) {
  const std::string python = find_python("h5py, numpy");
  if (python.empty()) GTEST_SKIP() << "no python3 with h5py";
  testing::SweepScratchDir dir;
  testing::write_text(dir / "tiny.json", testing::kTinySweep);
  auto r = run_in(dir.path(), std::string(SERVESIM_BINARY) + " sweep tiny.json -q -o tiny.h5");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = run_in(dir.path(), python + " -B " SERVESIM_SOURCE_DIR
                                  "/tests/python/check_hdf5_schema.py tiny.h5 --expect-groups "
                                  "H100,H200");
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
}

TEST(SweepHdf5Python, PlotScriptDrawsAPng) {
  const std::string python = find_python("h5py, matplotlib");
  if (python.empty()) GTEST_SKIP() << "no python3 with h5py and matplotlib";
  testing::SweepScratchDir dir;
  testing::write_text(dir / "tiny.json", testing::kTinySweep);
  auto r = run_in(dir.path(), std::string(SERVESIM_BINARY) + " sweep tiny.json -q -o tiny.h5");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = run_in(dir.path(), python + " -B " SERVESIM_SOURCE_DIR
                                  "/scripts/plot_pareto.py tiny.h5 -o curve.png --labels");
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(testing::read_bytes(dir / "curve.png").substr(0, 4), "\x89PNG");
  auto entries = dir.entries();
  std::sort(entries.begin(), entries.end());
  EXPECT_EQ(entries, (std::vector<std::string>{"curve.png", "tiny.h5", "tiny.json"}));
}

}  // namespace
}  // namespace servesim
