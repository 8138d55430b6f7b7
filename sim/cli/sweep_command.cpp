// `servesim sweep` and the main job (`servesim` with no arguments): run a sweep, print its
// frontiers and iso-interactivity comparison, write HDF5 (and CSV, PNG on request); one shard
// of it (--shard i/N); or, under mpirun, a share of it on every rank (mpi_sweep.cpp).
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <chrono>
#include <cstdlib>
#include <iostream>
#include <optional>

#include "sim/cli/cli_common.hpp"
#include "sim/cli/sweep_outputs.hpp"
#include "sim/core/error.hpp"
#include "sim/output/output_set.hpp"
#include "sim/output/progress.hpp"
#include "sim/scenario/catalog_loader.hpp"
#include "sim/scenario/embedded_files.hpp"
#include "sim/sweep/shard_file.hpp"
#include "sim/sweep/sweep_runner.hpp"
#include "sim/sweep/sweep_shard.hpp"
#if SERVESIM_WITH_MPI
#include "sim/cli/mpi_sweep.hpp"
#endif

namespace po = boost::program_options;

namespace servesim::cli {
namespace {

constexpr const char* kDefaultSweep = "scenarios/default_sweep.json";

struct SweepOptions {
  std::string sweep_path;  ///< "" = the embedded default sweep
  SweepOutputs outputs;
  std::string catalog;
  std::string shard;  ///< "" = the whole sweep, else "i/N"
  int threads = 0;
};

/// How many processes the launcher (mpirun, srun, mpiexec) started, from its environment;
/// 1 when none. 0 when launched by one that does not say (PMIx without Slurm).
int launched_ranks() {
  for (const char* var : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE"}) {
    if (const char* v = std::getenv(var)) return std::atoi(v);
  }
  if (std::getenv("PMIX_RANK") || std::getenv("PMI_RANK")) {
    const char* n = std::getenv("SLURM_STEP_NUM_TASKS");
    return n ? std::atoi(n) : 0;
  }
  return 1;
}

/// This process's rank among those the launcher started (0 when not launched by one).
int launched_rank() {
  for (const char* var : {"OMPI_COMM_WORLD_RANK", "PMI_RANK", "PMIX_RANK"}) {
    if (const char* v = std::getenv(var)) return std::atoi(v);
  }
  return 0;
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

/// A sweep read, checked against its catalog and prepared (profiles applied), with that catalog.
struct PreparedSweep {
  Catalog catalog;
  SweepResult r;
};

PreparedSweep prepare(const SweepOptions& o, const SweepSpec& spec) {
  PreparedSweep p{load_catalog(o.catalog), {}};
  const FrameworkProfiles profiles = load_framework_profiles(o.catalog);
  check_axis_names(spec, p.catalog, profiles);
  p.r = prepare_sweep(spec, p.catalog, profiles);
  require_points(p.r);
  return p;
}

std::string plural(std::size_t n, const char* what) {
  return fmt::format("{} {}{}", n, what, n == 1 ? "" : "s");
}

/// "simulated R points in S s (P points/s)": R that ran, the rate over all `points`.
std::string timing_line(std::size_t ran, std::size_t points, double seconds) {
  return fmt::format("simulated {} points in {:.1f} s ({:.1f} points/s)\n", ran, seconds,
                     points / std::max(seconds, 1e-9));
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

int run_whole_sweep(SweepOptions o) {
  const SweepSpec spec = load_sweep(o.sweep_path);
  if (o.outputs.output.empty()) o.outputs.output = spec.name + ".h5";
  // Every output is checked before any point runs and all are renamed into place together.
  OutputSet outputs;
  declare_sweep_outputs(outputs, o.outputs);
  PreparedSweep p = prepare(o, spec);
  const int threads = o.threads > 0 ? o.threads : default_sweep_threads();
  if (!o.outputs.quiet) {
    std::cout << fmt::format("sweep {}: {} grid points on {}\n", spec.name, spec.point_count(),
                             plural(threads, "thread"))
              << std::flush;
  }
  const auto start = std::chrono::steady_clock::now();
  Progress progress(p.r.points.size(), Progress::mode_for(stderr, o.outputs.quiet));
  p.r.outcomes = run_points(p.r.points, p.catalog, threads, &progress);
  progress.finish();
  analyse_sweep(p.r);
  const double seconds = seconds_since(start);
  require_a_point_ran(p.r);
  return write_sweep_outputs(outputs, o.outputs, p.r,
                             timing_line(p.r.ran(), p.r.points.size(), seconds));
}

/// `--shard i/N`: runs shard i's points and writes them, with the sweep's identity, to a shard
/// file for `servesim merge`.
int run_shard(SweepOptions o) {
  const ShardSpec shard = parse_shard(o.shard);
  for (const auto& [path, option] :
       {std::pair<std::string, std::string>{o.outputs.csv, "--csv"}, {o.outputs.plot, "--plot"}}) {
    if (!path.empty()) {
      throw InputError(
          fmt::format("{}: {}: not with --shard; servesim merge writes it from the "
                      "shards",
                      path, option));
    }
  }
  const SweepSpec spec = load_sweep(o.sweep_path);
  if (o.outputs.output.empty()) {
    o.outputs.output = fmt::format("{}.shard{}of{}.h5", spec.name, shard.index, shard.count);
  }
  OutputSet outputs;
  outputs.add(o.outputs.output, "--output");
  PreparedSweep p = prepare(o, spec);
  const std::vector<std::size_t> positions = shard_positions(p.r.points.size(), shard);
  const int threads = o.threads > 0 ? o.threads : default_sweep_threads();
  if (!o.outputs.quiet) {
    std::cout << fmt::format("sweep {}: shard {}/{}: {} of its {} on {}\n", spec.name, shard.index,
                             shard.count, positions.size(), plural(p.r.points.size(), "point"),
                             plural(threads, "thread"))
              << std::flush;
  }
  const auto start = std::chrono::steady_clock::now();
  Progress progress(positions.size(), Progress::mode_for(stderr, o.outputs.quiet));
  const std::vector<PointOutcome> outcomes =
      run_points_at(p.r.points, positions, p.catalog, threads, &progress);
  progress.finish();
  const double seconds = seconds_since(start);
  write_shard_file(outputs.staging_path(o.outputs.output), p.r,
                   sweep_identity(p.r, catalog_fingerprint(o.catalog)),
                   catalog_fingerprint(o.catalog), shard, positions, outcomes);
  outputs.commit();
  if (!o.outputs.quiet) {
    std::size_t ran = 0;
    for (const PointOutcome& x : outcomes) ran += x.ran ? 1 : 0;
    std::cout << timing_line(ran, positions.size(), seconds)
              << fmt::format("wrote {} (merge the {} with servesim merge)\n", o.outputs.output,
                             plural(shard.count, "shard"));
  }
  return 0;
}

#if SERVESIM_WITH_MPI
/// Under mpirun: every rank prepares the sweep and runs its share; rank 0 writes the outputs.
int run_on_mpi_ranks(SweepOptions o) {
  std::optional<PreparedSweep> p;
  OutputSet outputs;
  auto start = std::chrono::steady_clock::now();
  RankedSweep steps;
  steps.prepare = [&](int rank, int ranks) {
    if (!o.shard.empty()) {
      throw InputError(
          fmt::format("--shard: not under mpirun ({} ranks share the sweep "
                      "themselves); give one or the other",
                      ranks));
    }
    const SweepSpec spec = load_sweep(o.sweep_path);
    if (o.outputs.output.empty()) o.outputs.output = spec.name + ".h5";
    if (rank == 0) declare_sweep_outputs(outputs, o.outputs);
    p.emplace(prepare(o, spec));
    const int threads = o.threads > 0 ? o.threads : default_sweep_threads();
    if (rank == 0 && !o.outputs.quiet) {
      std::cout << fmt::format("sweep {}: {} grid points on {} x {}\n", spec.name,
                               spec.point_count(), plural(ranks, "MPI rank"),
                               plural(threads, "thread"))
                << std::flush;
    }
    start = std::chrono::steady_clock::now();
    return p->r;
  };
  steps.run = [&](const SweepResult& r, const std::vector<std::size_t>& positions, int rank) {
    // Rank 0 shows the progress of its own share.
    Progress progress(positions.size(), Progress::mode_for(stderr, o.outputs.quiet || rank != 0));
    auto outcomes = run_points_at(r.points, positions, p->catalog,
                                  o.threads > 0 ? o.threads : default_sweep_threads(), &progress);
    progress.finish();
    return outcomes;
  };
  steps.finish = [&](const SweepResult& r) {
    require_a_point_ran(r);
    return write_sweep_outputs(outputs, o.outputs, r,
                               timing_line(r.ran(), r.points.size(), seconds_since(start)));
  };
  return sweep_on_mpi_ranks(steps);
}
#endif

int run_sweep_main(const SweepOptions& o) {
  const int ranks = launched_ranks();
  if (ranks == 1) return o.shard.empty() ? run_whole_sweep(o) : run_shard(o);
#if SERVESIM_WITH_MPI
  return run_on_mpi_ranks(o);
#else
  throw InputError(fmt::format(
      "sweep: started as one of {} MPI processes, but this servesim was built without MPI "
      "(SERVESIM_MPI=OFF), so each would run the whole sweep; rebuild with -DSERVESIM_MPI=ON, "
      "or run the shards with --shard i/N and join them with servesim merge",
      ranks > 0 ? std::to_string(ranks) : "several"));
#endif
}

}  // namespace

int sweep_command(const Args& args) {
  po::options_description opts("servesim sweep [SWEEP.json] [options]");
  opts.add_options()("help,h", "show this help")(
      "sweep", po::value<std::string>()->default_value(""),
      "sweep JSON file (default: the embedded default sweep)")(
      "output,o", po::value<std::string>()->default_value(""),
      "HDF5 file to write (default: <sweep name>.h5; with --shard <sweep name>.shard<i>of<N>.h5)")(
      "threads,j", po::value<int>()->default_value(0),
      "worker threads (default: all cores; under mpirun, per rank)")(
      "csv", po::value<std::string>()->default_value(""), "also write a flat CSV table of points")(
      "plot", po::value<std::string>()->default_value(""),
      "also draw the frontiers to this PNG (python3 with h5py and matplotlib)")(
      "labels", "label the plotted frontier points with their configuration")(
      "shard", po::value<std::string>()->default_value(""),
      "run only shard i of N (i/N, 0 <= i < N: the points k with k mod N = i) and write a shard "
      "file for `servesim merge`")(
      "catalog", po::value<std::string>()->default_value(""),
      "catalog directory (default: the catalog built into the binary)")(
      "quiet,q", "print nothing but errors (no progress, no tables)");
  po::positional_options_description pos;
  pos.add("sweep", 1);
  const po::variables_map vm = parse_command_line(args, opts, pos);
  if (vm.count("help")) {
    std::cout << "Run every point of a sweep on a thread pool; print each group's Pareto frontier "
                 "and the iso-interactivity comparison; write HDF5 (see docs/hdf5-schema.md).\n"
                 "Under mpirun -np N (servesim built with SERVESIM_MPI) the ranks share the "
                 "points and rank 0 writes the same bytes; without MPI, run --shard i/N parts and "
                 "join them with servesim merge (docs/sweeps.md).\n\n"
              << opts << "\n";
    return 0;
  }
  SweepOptions o;
  o.sweep_path = vm["sweep"].as<std::string>();
  o.outputs.output = vm["output"].as<std::string>();
  o.outputs.csv = vm["csv"].as<std::string>();
  o.outputs.plot = vm["plot"].as<std::string>();
  o.catalog = vm["catalog"].as<std::string>();
  o.shard = vm["shard"].as<std::string>();
  o.threads = vm["threads"].as<int>();
  if (o.threads < 0) throw InputError(fmt::format("--threads: expected >= 0, got {}", o.threads));
  o.outputs.quiet = vm.count("quiet") > 0;
  o.outputs.labels = vm.count("labels") > 0;
  o.outputs.plot_requested = !o.outputs.plot.empty();
  return run_sweep_main(o);
}

std::string mpi_build_line() {
#if SERVESIM_WITH_MPI
  return "mpi: " + mpi_library_version();
#else
  return "mpi: none (built with SERVESIM_MPI=OFF)";
#endif
}

int default_sweep_command() {
  SweepOptions o;
  o.outputs.output = "servesim_default.h5";
  o.outputs.plot = "servesim_default.png";
  const SweepSpec spec = load_sweep("");
  const std::string about = spec.document.value("description", std::string());
  if (launched_rank() != 0) return run_sweep_main(o);  // rank 0 says what runs
  std::cout << "servesim: the embedded default sweep (servesim --help for more)\n";
  if (!about.empty()) std::cout << about << "\n";
  std::cout << "\n";
  return run_sweep_main(o);
}

}  // namespace servesim::cli
