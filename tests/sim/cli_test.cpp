// The servesim binary: bad scenarios exit 2 with one exact line on stderr and leave no output
// file; good runs are byte-for-byte reproducible.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "sim/core/json_reader.hpp"
#include "tests/support/test_catalog.hpp"

namespace servesim {
namespace {

namespace fs = std::filesystem;

const fs::path kBadDir = fs::path(SERVESIM_SOURCE_DIR) / "tests" / "inputs" / "bad";

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

/// A fresh, empty directory for one test's files; removed afterwards.
class ScratchDir {
 public:
  ScratchDir() {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    std::string name = std::string(info->test_suite_name()) + "_" + info->name();
    for (char& c : name) {
      if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
    }
    path_ = fs::temp_directory_path() / ("servesim_cli_" + std::to_string(::getpid()) + "_" + name);
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~ScratchDir() { fs::remove_all(path_); }
  const fs::path& path() const { return path_; }
  std::vector<std::string> entries() const {
    std::vector<std::string> out;
    for (const auto& e : fs::directory_iterator(path_)) out.push_back(e.path().filename());
    return out;
  }

 private:
  fs::path path_;
};

struct CliResult {
  int exit_code = -1;
  std::string out, err;
};

/// Runs `servesim ARGS` in `cwd`, capturing stdout and stderr into files of `scratch`.
CliResult run_cli(const std::string& args, const fs::path& cwd, const ScratchDir& scratch) {
  const fs::path out = scratch.path() / "stdout.txt", err = scratch.path() / "stderr.txt";
  const std::string cmd = "cd '" + cwd.string() + "' && '" SERVESIM_BINARY "' " + args + " >'" +
                          out.string() + "' 2>'" + err.string() + "'";
  const int status = std::system(cmd.c_str());
  CliResult r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = slurp(out);
  r.err = slurp(err);
  fs::remove(out);
  fs::remove(err);
  return r;
}

std::vector<std::string> bad_inputs() {
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(kBadDir)) {
    if (e.path().extension() == ".json") names.push_back(e.path().stem());
  }
  std::sort(names.begin(), names.end());
  return names;
}

class BadScenario : public ::testing::TestWithParam<std::string> {};

/// The command a bad input is given to, from its name: "sweep.*" to `sweep`, "validate.*" to
/// `validate`, "merge.*" to `merge` (as a shard file), everything else to `run`; and the output
/// option each one writes.
std::string bad_input_command(const std::string& name, const fs::path& output) {
  const char* command = name.rfind("sweep.", 0) == 0      ? "sweep '{}.json' -q -o '{}'"
                        : name.rfind("validate.", 0) == 0 ? "validate '{}.json' -q --report '{}'"
                        : name.rfind("merge.", 0) == 0    ? "merge '{}.json' -q -o '{}'"
                                                          : "run '{}.json' -q --output '{}'";
  return fmt::format(fmt::runtime(command), name, output.string());
}

TEST_P(BadScenario, ExitsTwoWithTheExpectedLineAndLeavesTheOutputAsItWas) {
  ScratchDir scratch;
  const std::string name = GetParam();
  const fs::path expected_file = kBadDir / (name + ".expected");
  ASSERT_TRUE(fs::exists(expected_file)) << "each bad input needs a .expected message";
  // A result of an earlier run sits where the command would write: it must survive intact.
  const fs::path output = scratch.path() / "result.out";
  const std::string precious = "an earlier result\n";
  std::ofstream(output) << precious;
  // Run from the inputs directory so the message names the file as given: NAME.json.
  const CliResult r = run_cli(bad_input_command(name, output), kBadDir, scratch);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, slurp(expected_file));  // exactly one line, "error: <file>: <field>: ..."
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(slurp(output), precious);
  std::vector<std::string> left = scratch.entries();
  left.erase(std::remove(left.begin(), left.end(), "result.out"), left.end());
  EXPECT_TRUE(left.empty()) << "no temporary file may be left behind";
}

TEST(BadScenario, TheSuiteCoversEveryEntryPointWithAtLeastEightyCases) {
  const std::vector<std::string> names = bad_inputs();
  EXPECT_GE(names.size(), 80u);
  for (const char* prefix : {"sweep.", "validate.", "merge."}) {
    EXPECT_TRUE(std::any_of(names.begin(), names.end(),
                            [&](const std::string& n) { return n.rfind(prefix, 0) == 0; }))
        << prefix;
  }
}

INSTANTIATE_TEST_SUITE_P(Inputs, BadScenario, ::testing::ValuesIn(bad_inputs()),
                         [](const auto& p) {
                           std::string n = p.param;
                           for (char& c : n) {
                             if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                           }
                           return n;
                         });

TEST(Cli, ListGpusShowsEveryCatalogGpuWithItsPrecisions) {
  ScratchDir scratch;
  const CliResult r = run_cli("list gpus", scratch.path(), scratch);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (const auto& g : servesim::testing::source_catalog().gpus()) {
    EXPECT_NE(r.out.find(g.name), std::string::npos) << g.name;
  }
  EXPECT_NE(r.out.find("nvfp4 9000"), std::string::npos) << r.out;  // B200's dense FP4 peak
}

TEST(Cli, ListFieldsMarkdownIsTheScenarioReference) {
  ScratchDir scratch;
  const CliResult r = run_cli("list fields --markdown", scratch.path(), scratch);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, slurp(fs::path(SERVESIM_SOURCE_DIR) / "docs/scenario-reference.md"));
}

TEST(Cli, ListRegistriesAndUnknownListing) {
  ScratchDir scratch;
  EXPECT_NE(run_cli("list routers", scratch.path(), scratch).out.find("round_robin"),
            std::string::npos);
  EXPECT_NE(run_cli("list schedulers", scratch.path(), scratch).out.find("continuous_batching"),
            std::string::npos);
  const CliResult bad = run_cli("list nope", scratch.path(), scratch);
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("list: unknown listing \"nope\""), std::string::npos) << bad.err;
}

TEST(Cli, CatalogEntryWithoutItsSourceIsBadInput) {
  ScratchDir scratch;
  const fs::path catalog = scratch.path() / "catalog";
  fs::create_directories(catalog);
  const fs::path shipped = fs::path(SERVESIM_SOURCE_DIR) / "scenarios" / "catalog";
  for (const char* f : {"gpus.json", "models.json", "knobs.json", "numerics.json", "collectives.json",
                        "fabrics.json"}) {
    fs::copy_file(shipped / f, catalog / f);
  }
  Json gpus = parse_json_text(slurp(catalog / "gpus.json"), "gpus.json");
  gpus["gpus"][0]["sources"].erase("hbm");
  std::ofstream(catalog / "gpus.json") << gpus.dump();
  const CliResult r = run_cli("list gpus --catalog '" + catalog.string() + "'", scratch.path(),
                              scratch);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "error: " + (catalog / "gpus.json").string() +
                       ": gpus[0].sources.hbm: missing: the source of these numbers\n");
}

TEST(Cli, FailedRunLeavesAnEarlierOutputUntouched) {
  ScratchDir scratch;
  const fs::path output = scratch.path() / "result.json";
  std::ofstream(output) << "precious\n";
  const CliResult r = run_cli(
      "run tp_not_dividing_heads.json -q --output '" + output.string() + "'", kBadDir, scratch);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(slurp(output), "precious\n");
}

TEST(Cli, SameSeedGivesByteIdenticalOutputAndAnotherSeedDoesNot) {
  ScratchDir scratch;
  const fs::path dir = scratch.path();
  const std::string scenario = SERVESIM_SOURCE_DIR "/scenarios/default.json";
  const std::vector<std::string> extra = {"", "", "--seed 2"};  // run0, run1 alike; run2 not
  for (std::size_t i = 0; i < extra.size(); ++i) {
    const std::string out = (dir / ("run" + std::to_string(i) + ".json")).string();
    const CliResult r =
        run_cli("run '" + scenario + "' -q " + extra[i] + " --output '" + out + "'", dir, scratch);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.err, "");
  }
  const std::string a = slurp(dir / "run0.json"), b = slurp(dir / "run1.json"),
                    c = slurp(dir / "run2.json");
  ASSERT_FALSE(a.empty());
  EXPECT_EQ(a, b);
  EXPECT_NE(a, c);
  EXPECT_NE(a.find("\"event_fingerprint\""), std::string::npos);
}

TEST(Cli, UnwritableOutputExitsTwoNamingTheFile) {
  ScratchDir scratch;
  const std::string out = (scratch.path() / "no_such_dir" / "r.json").string();
  const CliResult r = run_cli("run -q --output '" + out + "'", scratch.path(), scratch);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "error: " + out + ": --output: no directory " +
                       (scratch.path() / "no_such_dir").string() + "\n");
}

TEST(Cli, UnknownCommandAndBadOptionExitTwo) {
  ScratchDir scratch;
  CliResult r = run_cli("frobnicate", scratch.path(), scratch);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "error: unknown command \"frobnicate\" (try servesim --help)\n");
  r = run_cli("run --seed minus-one", scratch.path(), scratch);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "error: command line: --seed: expected a non-negative integer, got minus-one\n");
  // A negative seed must not wrap around to 2^64 - 1.
  r = run_cli("run --seed=-1", scratch.path(), scratch);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "error: command line: --seed: expected a non-negative integer, got -1\n");
}

TEST(Cli, MissingScenarioFileExitsTwo) {
  ScratchDir scratch;
  const CliResult r = run_cli("run does_not_exist.json", scratch.path(), scratch);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "error: does_not_exist.json: cannot open file\n");
}

TEST(Cli, HelpAndVersionExitZero) {
  ScratchDir scratch;
  CliResult r = run_cli("--help", scratch.path(), scratch);
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("usage: servesim"), std::string::npos);
  r = run_cli("--version", scratch.path(), scratch);
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out.rfind("servesim ", 0), 0u);
}

}  // namespace
}  // namespace servesim

namespace servesim {
namespace {

/// Every output path of a command is checked before any work, and a command that fails leaves
/// every earlier output byte-identical.
struct BadOutputCase {
  const char* name;
  const char* args;  ///< {out} = a pre-existing file, {dir} = a directory
  const char* expected_error;
};

class BadOutputs : public ::testing::TestWithParam<BadOutputCase> {};

TEST_P(BadOutputs, AreRefusedBeforeAnyWorkAndLeaveEarlierOutputsIntact) {
  ScratchDir scratch;
  const BadOutputCase& c = GetParam();
  const fs::path out = scratch.path() / "earlier.out";
  const fs::path dir = scratch.path() / "adir";
  fs::create_directories(dir);
  std::ofstream(out) << "earlier\n";
  std::string args = c.args;
  for (const auto& [token, value] : {std::pair<std::string, std::string>{"{out}", out.string()},
                                     {"{dir}", dir.string()},
                                     {"{src}", SERVESIM_SOURCE_DIR}}) {
    for (std::size_t p; (p = args.find(token)) != std::string::npos;) args.replace(p, token.size(), value);
  }
  const CliResult r = run_cli(args, scratch.path(), scratch);
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find(c.expected_error), std::string::npos) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  EXPECT_EQ(slurp(out), "earlier\n");
  for (const auto& e : fs::directory_iterator(scratch.path())) {
    EXPECT_TRUE(e.path() == out || e.path() == dir) << "left behind: " << e.path();
  }
}

const BadOutputCase kBadOutputs[] = {
    {"run_output_in_missing_directory",
     "run '{src}/scenarios/default.json' -q --output /nonexistent/x.json",
     "--output: no directory /nonexistent"},
    {"run_output_is_a_directory", "run '{src}/scenarios/default.json' -q --output '{dir}'",
     "--output: is a directory"},
    {"run_output_under_proc", "run '{src}/scenarios/default.json' -q --output /proc/x.json",
     "/proc holds no ordinary files"},
    {"sweep_csv_is_a_directory",
     "sweep '{src}/scenarios/sweeps/llama70b_fp8_hopper_vs_blackwell.json' -q -o '{out}' --csv '{dir}'",
     "--csv: is a directory"},
    {"sweep_two_outputs_one_file",
     "sweep '{src}/scenarios/sweeps/llama70b_fp8_hopper_vs_blackwell.json' -q -o '{out}' --csv '{out}'",
     "--csv: the same file as --output"},
    {"sweep_plot_is_a_directory",
     "sweep '{src}/scenarios/sweeps/llama70b_fp8_hopper_vs_blackwell.json' -q -o '{out}' --plot '{dir}'",
     "--plot: is a directory"},
    {"validate_csv_in_missing_directory",
     "validate '{src}/tests/inputs/validate/two_rows.json' -q --report '{out}' --csv /nonexistent/x.csv",
     "--csv: no directory /nonexistent"},
};

INSTANTIATE_TEST_SUITE_P(Cli, BadOutputs, ::testing::ValuesIn(kBadOutputs),
                         [](const auto& p) { return std::string(p.param.name); });

}  // namespace
}  // namespace servesim
