// The outputs of a finished sweep: HDF5, CSV and the chart drawn by the embedded plotting script.
#include "sim/cli/sweep_outputs.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <vector>

#include "sim/core/error.hpp"
#include "sim/scenario/embedded_files.hpp"
#include "sim/sweep/sweep_report.hpp"
#include "sim/sweep/sweep_tables.hpp"

extern char** environ;

namespace servesim::cli {
namespace {

constexpr const char* kPlotScript = "scripts/plot_pareto.py";

/// Runs `argv` and returns its exit status (-1 when it cannot start). Output is discarded when
/// `silent`.
int spawn_wait(const std::vector<std::string>& argv, bool silent) {
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  if (silent) {
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  }
  pid_t pid = 0;
  const int rc = posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) return -1;
  int status = 0;
  if (waitpid(pid, &status, 0) < 0) return -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/// The first Python that imports h5py and matplotlib: $SERVESIM_PYTHON, python3, /usr/bin/python3.
std::string find_plotting_python() {
  std::vector<std::string> candidates;
  if (const char* env = std::getenv("SERVESIM_PYTHON")) candidates.push_back(env);
  candidates.push_back("python3");
  candidates.push_back("/usr/bin/python3");
  for (const auto& py : candidates) {
    if (spawn_wait({py, "-c", "import h5py, matplotlib"}, true) == 0) return py;
  }
  return "";
}

/// Draws `png` from `h5` with the plotting script embedded in the binary. Returns "" on success,
/// else why not.
std::string draw_plot(const std::string& h5, const std::string& png, bool labels) {
  const std::string python = find_plotting_python();
  if (python.empty()) {
    return "no python3 with h5py and matplotlib found (apt-get install python3-h5py "
           "python3-matplotlib, or set SERVESIM_PYTHON)";
  }
  const std::string* script = find_embedded(kPlotScript);
  SERVESIM_CHECK(script != nullptr, "plot script not embedded");
  std::string tmpl = (std::filesystem::temp_directory_path() / "servesim_plot_XXXXXX.py").string();
  const int fd = ::mkstemps(tmpl.data(), 3);
  if (fd < 0) return "cannot create a temporary file for the plotting script";
  const bool written =
      ::write(fd, script->data(), script->size()) == static_cast<ssize_t>(script->size());
  ::close(fd);
  int rc = -1;
  if (written) {
    std::vector<std::string> argv = {python, "-B", tmpl, h5, "-o", png};
    if (labels) argv.push_back("--labels");
    rc = spawn_wait(argv, false);
  }
  std::remove(tmpl.c_str());
  if (!written) return "cannot write the plotting script to a temporary file";
  return rc == 0 ? "" : fmt::format("{} {} exited with status {}", python, kPlotScript, rc);
}

}  // namespace

void declare_sweep_outputs(OutputSet& set, const SweepOutputs& o) {
  set.add(o.output, "--output");
  set.add(o.csv, "--csv");
  set.add(o.plot, "--plot");
}

int write_sweep_outputs(OutputSet& set, const SweepOutputs& o, const SweepResult& r,
                        const std::string& timing) {
  write_sweep_hdf5(set.staging_path(o.output), r);
  if (!o.csv.empty()) write_sweep_csv(set.staging_path(o.csv), r);
  // The chart is drawn from the staged HDF5; a requested chart that cannot be drawn fails the
  // command and leaves every earlier output as it was.
  std::string plot_problem;
  if (!o.plot.empty()) {
    plot_problem = draw_plot(set.staging_path(o.output), set.staging_path(o.plot), o.labels);
    if (!plot_problem.empty() && o.plot_requested) {
      throw InputError(fmt::format("{}: --plot: {}", o.plot, plot_problem));
    }
    if (!plot_problem.empty()) set.drop(o.plot);
  }
  set.commit();
  if (!o.quiet) {
    std::cout << format_sweep_summary(r) << format_frontier_tables(r) << format_iso_table(r) << "\n"
              << timing << fmt::format("wrote {}\n", o.output);
    if (!o.csv.empty()) std::cout << fmt::format("wrote {}\n", o.csv);
  }
  if (o.plot.empty()) return 0;
  if (plot_problem.empty()) {
    if (!o.quiet) std::cout << fmt::format("wrote {}\n", o.plot);
    return 0;
  }
  std::cerr << fmt::format("note: {}: {}\n", o.plot, plot_problem);
  return 0;
}

}  // namespace servesim::cli
