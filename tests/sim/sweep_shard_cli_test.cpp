// Distributed sweeps as a user runs them: `servesim sweep --shard i/N` parts joined by
// `servesim merge`, and `mpirun -np N servesim sweep`, give the bytes of one process with one
// thread; bad shards and merges are one line, exit code 2, and no output made or changed.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "sim/core/json_reader.hpp"
#include "tests/sim/sweep_test_fixtures.hpp"

namespace servesim {
namespace {

namespace fs = std::filesystem;
using testing::run_in;
using testing::SweepScratchDir;

const std::string kBinary = SERVESIM_BINARY;

/// Runs the tiny sweep (18 grid points, 12 run, 6 skipped) in one process on one thread:
/// the reference bytes single.h5 and single.csv.
void write_reference(const SweepScratchDir& dir) {
  testing::write_text(dir / "tiny.json", testing::kTinySweep);
  const auto r =
      run_in(dir.path(), kBinary + " sweep tiny.json -q --threads 1 -o single.h5 --csv single.csv");
  ASSERT_EQ(r.exit_code, 0) << r.err;
}

/// Makes the N shards part<i>of<N>.h5 of tiny.json.
void write_shards(const SweepScratchDir& dir, int n, const std::string& extra = "") {
  for (int i = 0; i < n; ++i) {
    const std::string name = "part" + std::to_string(i) + "of" + std::to_string(n) + ".h5";
    const auto r = run_in(dir.path(), kBinary + " sweep tiny.json -q --shard " + std::to_string(i) +
                                          "/" + std::to_string(n) + " -o " + name + extra);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    ASSERT_EQ(r.err, "");
  }
}

TEST(SweepShards, TwoShardsMergeToTheBytesOfOneProcess) {
  SweepScratchDir dir;
  write_reference(dir);
  write_shards(dir, 2, " -j 2");  // the threads of a shard change nothing
  // Shards in any order.
  const auto r =
      run_in(dir.path(), kBinary + " merge part1of2.h5 part0of2.h5 -o merged.h5 --csv merged.csv");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("Pareto frontier: H100 ("), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("merged 2 shards\nwrote merged.h5\nwrote merged.csv\n"), std::string::npos)
      << r.out;
  EXPECT_EQ(testing::read_bytes(dir / "merged.h5"), testing::read_bytes(dir / "single.h5"));
  EXPECT_EQ(testing::read_bytes(dir / "merged.csv"), testing::read_bytes(dir / "single.csv"));
}

TEST(SweepShards, ThreeShardsMergeToTheBytesOfOneProcess) {
  SweepScratchDir dir;
  write_reference(dir);
  write_shards(dir, 3);
  const auto r = run_in(
      dir.path(),
      kBinary + " merge part0of3.h5 part2of3.h5 part1of3.h5 -q -o merged.h5 --csv merged.csv");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(testing::read_bytes(dir / "merged.h5"), testing::read_bytes(dir / "single.h5"));
  EXPECT_EQ(testing::read_bytes(dir / "merged.csv"), testing::read_bytes(dir / "single.csv"));
}

TEST(SweepShards, AShardSaysWhatItRanAndMergeNamesTheDefaultOutputAfterTheSweep) {
  SweepScratchDir dir;
  write_reference(dir);
  // 18 grid points, 18 in the sweep (no exclusions): shard 1 of 4 holds positions 1, 5, 9, 13, 17.
  auto r = run_in(dir.path(), kBinary + " sweep tiny.json --shard 1/4 -j 1");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.rfind("sweep tiny: shard 1/4: 5 of its 18 points on 1 thread\n", 0), 0u) << r.out;
  EXPECT_NE(r.out.find("wrote tiny.shard1of4.h5 (merge the 4 shards with servesim merge)\n"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.err.find("sweep: 5/5 points,"), std::string::npos) << r.err;
  // One shard of one is the whole sweep.
  r = run_in(dir.path(), kBinary + " sweep tiny.json -q --shard 0/1 -o all.h5");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = run_in(dir.path(), kBinary + " merge all.h5 -q");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(testing::read_bytes(dir / "tiny.h5"), testing::read_bytes(dir / "single.h5"));
}

/// The mpirun of this machine, or "" (then the MPI tests are skipped).
std::string find_mpirun() {
  for (const char* p : {"/usr/bin/mpirun", "/usr/local/bin/mpirun"}) {
    if (fs::exists(p)) return p;
  }
  return "";
}

/// Whether the binary was built with MPI: `servesim --version` says "mpi: <library>".
bool built_with_mpi(const SweepScratchDir& dir) {
  const auto r = run_in(dir.path(), kBinary + " --version");
  return r.out.find("\nmpi: ") != std::string::npos &&
         r.out.find("\nmpi: none") == std::string::npos;
}

/// `mpirun -np N` as root too, with more ranks than cores. Under the sanitizer build the ranks
/// run without LeakSanitizer: Open MPI's own components (dlopened MCA plugins, strdup'd
/// parameters) leak at exit and would turn every rank's exit code to 1; servesim's code is
/// leak-checked by every other test.
std::string mpirun(const std::string& exe, int ranks) {
  return exe + " --allow-run-as-root --oversubscribe -x ASAN_OPTIONS=detect_leaks=0 -np " +
         std::to_string(ranks) + " ";
}

TEST(SweepMpi, RanksShareTheSweepAndRankZeroWritesTheBytesOfOneProcess) {
  SweepScratchDir dir;
  const std::string exe = find_mpirun();
  if (exe.empty()) GTEST_SKIP() << "no mpirun";
  if (!built_with_mpi(dir)) GTEST_SKIP() << "servesim built without MPI (SERVESIM_MPI=OFF)";
  write_reference(dir);
  for (int ranks : {2, 3}) {
    SCOPED_TRACE(ranks);
    const auto r = run_in(
        dir.path(), mpirun(exe, ranks) + kBinary + " sweep tiny.json -j 1 -o mpi.h5 --csv mpi.csv");
    ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
    EXPECT_NE(
        r.out.find(fmt::format("sweep tiny: 18 grid points on {} MPI ranks x 1 thread\n", ranks)),
        std::string::npos)
        << r.out;
    // Rank 0 alone prints the tables and writes.
    EXPECT_EQ(r.out.find("Pareto frontier: H100 ("), r.out.rfind("Pareto frontier: H100 ("))
        << r.out;
    EXPECT_EQ(testing::read_bytes(dir / "mpi.h5"), testing::read_bytes(dir / "single.h5"));
    EXPECT_EQ(testing::read_bytes(dir / "mpi.csv"), testing::read_bytes(dir / "single.csv"));
    auto entries = dir.entries();
    std::sort(entries.begin(), entries.end());
    EXPECT_EQ(entries, (std::vector<std::string>{"mpi.csv", "mpi.h5", "single.csv", "single.h5",
                                                 "tiny.json"}));
  }
}

TEST(SweepMpi, AMistakeIsOneLineFromRankZeroAndWritesNothing) {
  SweepScratchDir dir;
  const std::string exe = find_mpirun();
  if (exe.empty()) GTEST_SKIP() << "no mpirun";
  testing::write_text(dir / "tiny.json", testing::kTinySweep);
  if (!built_with_mpi(dir)) {
    // Without MPI every rank would run the whole sweep: refused.
    const auto r = run_in(dir.path(), mpirun(exe, 2) + kBinary + " sweep tiny.json -q -o mpi.h5");
    EXPECT_NE(r.exit_code, 0);
    EXPECT_NE(r.err.find("this servesim was built without MPI"), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(dir / "mpi.h5"));
    return;
  }
  const auto r =
      run_in(dir.path(), mpirun(exe, 2) + kBinary + " sweep tiny.json -q -o nodir/mpi.h5");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out, "");
  // mpirun adds its own report of the exit code; servesim's line comes once, from rank 0.
  const std::string line = "error: nodir/mpi.h5: --output: no directory nodir\n";
  const auto at = r.err.find(line);
  EXPECT_NE(at, std::string::npos) << r.err;
  EXPECT_EQ(r.err.find(line, at + 1), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("error: ", at + 1), std::string::npos) << r.err;
  EXPECT_EQ(dir.entries(), (std::vector<std::string>{"tiny.json"}));
}

/// Bad shards and merges: {command, the expected stderr}. Made in a directory holding
/// tiny.json, its shards part<i>of2.h5 and part<i>of3.h5, other.h5 (shard 1/2 of a sweep with
/// other request counts), single.h5 (a whole sweep's results), copy1of2.h5 (a copy of
/// part1of2.h5) and earlier.out. An expected error ending in "..." is a prefix (the rest names
/// sweep identities).
struct BadShardCase {
  const char* name;
  const char* args;
  const char* expected_error;
};

void PrintTo(const BadShardCase& c, std::ostream* os) { *os << c.name; }

class BadShards : public ::testing::TestWithParam<BadShardCase> {};

TEST_P(BadShards, AreOneLineExitTwoAndChangeNoOutput) {
  SweepScratchDir dir;
  write_reference(dir);
  write_shards(dir, 2);
  write_shards(dir, 3);
  Json other = Json::parse(testing::kTinySweep);
  other["requests_per_client"]["measured"] = 3;
  testing::write_text(dir / "other.json", other.dump());
  ASSERT_EQ(run_in(dir.path(), kBinary + " sweep other.json -q --shard 1/2 -o other.h5").exit_code,
            0);
  fs::copy_file(dir / "part1of2.h5", dir / "copy1of2.h5");
  testing::write_text(dir / "earlier.out", "earlier\n");
  auto before = dir.entries();
  std::sort(before.begin(), before.end());

  const BadShardCase& c = GetParam();
  const auto r = run_in(dir.path(), kBinary + " " + c.args);
  EXPECT_EQ(r.exit_code, 2) << r.out;
  const std::string expected = std::string("error: ") + c.expected_error;
  if (expected.size() > 3 && expected.substr(expected.size() - 3) == "...") {
    EXPECT_EQ(r.err.rfind(expected.substr(0, expected.size() - 3), 0), 0u) << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  } else {
    EXPECT_EQ(r.err, expected + "\n");
  }
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(testing::read_bytes(dir / "earlier.out"), "earlier\n");
  auto after = dir.entries();
  std::sort(after.begin(), after.end());
  EXPECT_EQ(after, before) << "no output made, no temporary left";
}

const BadShardCase kBadShards[] = {
    {"shard_index_not_below_count", "sweep tiny.json -q --shard 3/2 -o earlier.out",
     "--shard: expected i/N with 0 <= i < N <= 1000000, e.g. 0/4; got \"3/2\""},
    {"zero_shards", "sweep tiny.json -q --shard 0/0 -o earlier.out",
     "--shard: expected i/N with 0 <= i < N <= 1000000, e.g. 0/4; got \"0/0\""},
    {"shard_without_count", "sweep tiny.json -q --shard 1 -o earlier.out",
     "--shard: expected i/N with 0 <= i < N <= 1000000, e.g. 0/4; got \"1\""},
    {"negative_shard", "sweep tiny.json -q --shard=-1/2 -o earlier.out",
     "--shard: expected i/N with 0 <= i < N <= 1000000, e.g. 0/4; got \"-1/2\""},
    {"shard_with_csv", "sweep tiny.json -q --shard 0/2 -o x.h5 --csv earlier.out",
     "earlier.out: --csv: not with --shard; servesim merge writes it from the shards"},
    {"missing_shard", "merge part0of3.h5 part2of3.h5 -q -o earlier.out",
     "merge: shard 1/3 of sweep \"tiny\" is missing (given: part0of3.h5 = 0/3, part2of3.h5 = 2/3)"},
    {"duplicate_shard", "merge part0of2.h5 part1of2.h5 copy1of2.h5 -q -o earlier.out",
     "copy1of2.h5: shard 1/2 again (part1of2.h5 is shard 1/2 too)"},
    {"shard_given_twice", "merge part0of2.h5 part1of2.h5 part0of2.h5 -q -o earlier.out",
     "part0of2.h5: given twice"},
    {"shards_of_different_sweeps", "merge part0of2.h5 other.h5 -q -o earlier.out",
     "other.h5: a shard of another sweep than part0of2.h5 (sweep \"tiny\" identity ..."},
    {"shards_of_different_splits", "merge part0of2.h5 part1of3.h5 -q -o earlier.out",
     "part1of3.h5: shard 1/3, but part0of2.h5 is shard 0/2: give the shards of one --shard i/N "
     "split"},
    {"whole_sweep_given_to_merge", "merge part0of2.h5 single.h5 -q -o earlier.out",
     "single.h5: the results of a whole sweep, not a shard (make shards with servesim sweep "
     "--shard i/N)"},
    {"json_given_to_merge", "merge part0of2.h5 tiny.json -q -o earlier.out",
     "tiny.json: not an HDF5 file"},
    {"missing_file", "merge part0of2.h5 nothere.h5 -q -o earlier.out",
     "nothere.h5: cannot open file"},
    {"no_shards", "merge -q -o earlier.out",
     "merge: no shard files given (servesim merge PART.h5... -o OUT.h5)"},
    {"output_is_a_shard", "merge part0of2.h5 part1of2.h5 -q -o part1of2.h5",
     "part1of2.h5: --output: the same file as the shard part1of2.h5"},
    {"output_in_missing_directory", "merge part0of2.h5 part1of2.h5 -q -o nodir/m.h5",
     "nodir/m.h5: --output: no directory nodir"},
};

INSTANTIATE_TEST_SUITE_P(Cases, BadShards, ::testing::ValuesIn(kBadShards),
                         [](const auto& p) { return std::string(p.param.name); });

TEST(BadShards, ShardsOfAnotherCatalogNeedThatCatalog) {
  SweepScratchDir dir;
  write_reference(dir);
  write_shards(dir, 2);
  fs::copy(fs::path(SERVESIM_SOURCE_DIR) / "scenarios" / "catalog", dir / "cat");
  std::ofstream(dir / "cat" / "knobs.json", std::ios::app) << "\n";  // the same knobs, other bytes
  for (int i = 0; i < 2; ++i) {
    const auto r =
        run_in(dir.path(), kBinary + " sweep tiny.json -q --catalog cat --shard " +
                               std::to_string(i) + "/2 -o cat" + std::to_string(i) + ".h5");
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  // Merged without that catalog: refused, naming it.
  auto r = run_in(dir.path(), kBinary + " merge cat0.h5 cat1.h5 -q -o m.h5");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err.rfind("error: cat0.h5: made with another catalog (fingerprint ", 0), 0u) << r.err;
  EXPECT_NE(r.err.find("than this merge's (the embedded catalog) ("), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(dir / "m.h5"));
  // Shards of the same sweep made with the two catalogs are of different sweeps.
  r = run_in(dir.path(), kBinary + " merge part0of2.h5 cat1.h5 -q -o m.h5");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err.rfind("error: cat1.h5: a shard of another sweep than part0of2.h5", 0), 0u)
      << r.err;
  // With it: the bytes of the sweep (the knobs are the same numbers).
  r = run_in(dir.path(), kBinary + " merge cat0.h5 cat1.h5 -q --catalog cat -o m.h5");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(testing::read_bytes(dir / "m.h5"), testing::read_bytes(dir / "single.h5"));
}

}  // namespace
}  // namespace servesim
