// `servesim sweep` and the main job (`servesim` with no arguments): run a sweep, print its
// frontiers and iso-interactivity comparison, write HDF5 (and CSV, PNG on request).
#include <fcntl.h>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "sim/scenario/catalog_loader.hpp"
#include "sim/cli/cli_common.hpp"
#include "sim/core/error.hpp"
#include "sim/scenario/embedded_files.hpp"
#include "sim/output/output_set.hpp"
#include "sim/output/progress.hpp"
#include "sim/sweep/sweep_report.hpp"
#include "sim/sweep/sweep_runner.hpp"
#include "sim/sweep/sweep_tables.hpp"

extern char** environ;

namespace po = boost::program_options;

namespace servesim::cli {
namespace {

constexpr const char* kDefaultSweep = "scenarios/default_sweep.json";
constexpr const char* kPlotScript = "scripts/plot_pareto.py";

struct SweepOptions {
  std::string sweep_path;  ///< "" = the embedded default sweep
  std::string output;
  std::string csv;
  std::string plot;
  std::string catalog;
  int threads = 0;
  bool quiet = false;
  bool labels = false;
  bool plot_requested = false;  ///< a failure to draw is an error, not a note
};

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
  const bool written = ::write(fd, script->data(), script->size()) ==
                       static_cast<ssize_t>(script->size());
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

/// A catalog name on an axis that the catalog does not know is a mistake in the sweep file, not
/// a point to skip: "axes[1]: gpu: unknown GPU "B201" (known: ...)".
void check_axis_names(const SweepSpec& spec, const Catalog& catalog,
                      const FrameworkProfiles& profiles) {
  auto names = [](const auto& list) {
    std::vector<std::string> out;
    for (const auto& x : list) out.push_back(x.name);
    return fmt::format("{}", fmt::join(out, ", "));
  };
  for (std::size_t a = 0; a < spec.axes.size(); ++a) {
    const SweepAxis& axis = spec.axes[a];
    for (std::size_t f = 0; f < axis.fields.size(); ++f) {
      const std::string& field = axis.fields[f];
      const std::string leaf = field.substr(field.rfind('.') + 1);
      if (leaf != "gpu" && leaf != "model" && leaf != "framework") continue;
      for (const auto& setting : axis.values) {
        const Json& v = setting[f];
        if (!v.is_string()) continue;
        const std::string name = v.get<std::string>();
        std::string known;
        if (leaf == "gpu" && !catalog.find_gpu(name)) known = names(catalog.gpus());
        if (leaf == "model" && !catalog.find_model(name)) known = names(catalog.models());
        if (leaf == "framework" && !name.empty() && !profiles.find(name)) {
          known = fmt::format("{}", fmt::join(catalog.framework_names(), ", "));
        }
        if (!known.empty()) {
          throw InputError(fmt::format("{}: axes[{}]: {}: unknown {} \"{}\" (known: {})",
                                       spec.label, a, field, leaf == "gpu" ? "GPU" : leaf, name,
                                       known));
        }
      }
    }
  }
}

SweepSpec load_sweep(const std::string& path) {
  if (!path.empty()) return read_sweep_file(path);
  const std::string* text = find_embedded(kDefaultSweep);
  SERVESIM_CHECK(text != nullptr, "default sweep not embedded");
  return read_sweep_text(*text, std::string("(embedded) ") + kDefaultSweep, "");
}

int run_sweep_main(SweepOptions o) {
  const SweepSpec spec = load_sweep(o.sweep_path);
  if (o.output.empty()) o.output = spec.name + ".h5";
  // Every output is checked before any point runs and all are renamed into place together.
  OutputSet outputs;
  outputs.add(o.output, "--output");
  outputs.add(o.csv, "--csv");
  outputs.add(o.plot, "--plot");
  const Catalog catalog = load_catalog(o.catalog);
  const FrameworkProfiles profiles = load_framework_profiles(o.catalog);
  check_axis_names(spec, catalog, profiles);
  const int threads = o.threads > 0 ? o.threads : default_sweep_threads();
  if (!o.quiet) {
    std::cout << fmt::format("sweep {}: {} grid points on {} thread{}\n", spec.name,
                             spec.point_count(), threads, threads == 1 ? "" : "s")
              << std::flush;
  }

  const auto start = std::chrono::steady_clock::now();
  Progress progress(spec.point_count(), Progress::mode_for(stderr, o.quiet));
  const SweepResult r = run_sweep(spec, catalog, profiles, threads, &progress);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (r.points.empty()) {
    throw InputError(fmt::format("{}: exclude: the rules leave out every one of the {} grid "
                                 "points; nothing ran",
                                 spec.label, spec.point_count()));
  }
  if (r.ran() == 0) {
    throw InputError(fmt::format("{}: every one of the {} points was skipped; the first because {}",
                                 spec.label, r.points.size(),
                                 r.skip_reasons.empty() ? "of an unknown reason"
                                                        : r.skip_reasons.front().reason));
  }

  write_sweep_hdf5(outputs.staging_path(o.output), r);
  if (!o.csv.empty()) write_sweep_csv(outputs.staging_path(o.csv), r);
  // The chart is drawn from the staged HDF5; a requested chart that cannot be drawn fails the
  // command and leaves every earlier output as it was.
  std::string plot_problem;
  if (!o.plot.empty()) {
    plot_problem = draw_plot(outputs.staging_path(o.output), outputs.staging_path(o.plot), o.labels);
    if (!plot_problem.empty() && o.plot_requested) {
      throw InputError(fmt::format("{}: --plot: {}", o.plot, plot_problem));
    }
    if (!plot_problem.empty()) outputs.drop(o.plot);
  }
  outputs.commit();
  if (!o.quiet) {
    std::cout << format_sweep_summary(r) << format_frontier_tables(r) << format_iso_table(r)
              << "\n"
              << fmt::format("simulated {} points in {:.1f} s ({:.1f} points/s)\n", r.ran(),
                             seconds, r.points.size() / std::max(seconds, 1e-9))
              << fmt::format("wrote {}\n", o.output);
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

}  // namespace

int sweep_command(const Args& args) {
  po::options_description opts("servesim sweep [SWEEP.json] [options]");
  opts.add_options()("help,h", "show this help")(
      "sweep", po::value<std::string>()->default_value(""),
      "sweep JSON file (default: the embedded default sweep)")(
      "output,o", po::value<std::string>()->default_value(""),
      "HDF5 file to write (default: <sweep name>.h5)")(
      "threads,j", po::value<int>()->default_value(0), "worker threads (default: all cores)")(
      "csv", po::value<std::string>()->default_value(""), "also write a flat CSV table of points")(
      "plot", po::value<std::string>()->default_value(""),
      "also draw the frontiers to this PNG (python3 with h5py and matplotlib)")(
      "labels", "label the plotted frontier points with their configuration")(
      "catalog", po::value<std::string>()->default_value(""),
      "catalog directory (default: the catalog built into the binary)")(
      "quiet,q", "print nothing but errors (no progress, no tables)");
  po::positional_options_description pos;
  pos.add("sweep", 1);
  const po::variables_map vm = parse_command_line(args, opts, pos);
  if (vm.count("help")) {
    std::cout << "Run every point of a sweep on a thread pool; print each group's Pareto frontier "
                 "and the iso-interactivity comparison; write HDF5 (see docs/hdf5-schema.md).\n\n"
              << opts << "\n";
    return 0;
  }
  SweepOptions o;
  o.sweep_path = vm["sweep"].as<std::string>();
  o.output = vm["output"].as<std::string>();
  o.csv = vm["csv"].as<std::string>();
  o.plot = vm["plot"].as<std::string>();
  o.catalog = vm["catalog"].as<std::string>();
  o.threads = vm["threads"].as<int>();
  if (o.threads < 0) throw InputError(fmt::format("--threads: expected >= 0, got {}", o.threads));
  o.quiet = vm.count("quiet") > 0;
  o.labels = vm.count("labels") > 0;
  o.plot_requested = !o.plot.empty();
  return run_sweep_main(o);
}

int default_sweep_command() {
  SweepOptions o;
  o.output = "servesim_default.h5";
  o.plot = "servesim_default.png";
  const SweepSpec spec = load_sweep("");
  const std::string about = spec.document.value("description", std::string());
  std::cout << "servesim: the embedded default sweep (servesim --help for more)\n";
  if (!about.empty()) std::cout << about << "\n";
  std::cout << "\n";
  return run_sweep_main(o);
}

}  // namespace servesim::cli
