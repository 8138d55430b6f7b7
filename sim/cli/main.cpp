// servesim entry point: dispatches subcommands; the only place that exits.
#include <fmt/format.h>

#include <iostream>
#include <string>
#include <vector>

#include "sim/cli/commands.hpp"
#include "sim/core/error.hpp"
#include "sim/core/version.hpp"

namespace {

constexpr const char* kUsage = R"(servesim - discrete-event simulator of LLM inference serving clusters

usage: servesim [COMMAND] [ARGS...]

commands:
  run SCENARIO.json [--seed N] [--output FILE.json]   simulate one scenario
  explain SCENARIO.json [--json]                       per-part step times and memory budget
  validate POINTS.json [--report OUT.json]             simulate measured rows, compare, summarise
  sweep SWEEP.json [--output OUT.h5] [--threads N]    sweep configurations: frontiers, HDF5
        [--shard i/N]                                  only shard i of N, for merge
  merge PART.h5... [--output OUT.h5]                   join a sweep's shards (same bytes)
  list [gpus|models|frameworks|fabrics|fields|...]      what the catalog and registries hold
  (no command)                                         run the embedded default sweep

Under mpirun -np N (a build with SERVESIM_MPI), `sweep` shares the points among the ranks.
Run `servesim COMMAND --help` for a command's options.
)";

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  try {
    if (args.empty()) return servesim::cli::default_command();
    const std::string cmd = args.front();
    const std::vector<std::string> rest(args.begin() + 1, args.end());
    if (cmd == "--help" || cmd == "-h" || cmd == "help") {
      std::cout << kUsage;
      return 0;
    }
    if (cmd == "--version") {
      std::cout << "servesim " << servesim::kServesimVersion << "\n"
                << servesim::cli::mpi_build_line() << "\n";
      return 0;
    }
    if (cmd == "run") return servesim::cli::run_command(rest);
    if (cmd == "explain") return servesim::cli::explain_command(rest);
    if (cmd == "list") return servesim::cli::list_command(rest);
    if (cmd == "sweep") return servesim::cli::sweep_command(rest);
    if (cmd == "merge") return servesim::cli::merge_command(rest);
    if (cmd == "validate") return servesim::cli::validate_command(rest);
    std::cerr << fmt::format("error: unknown command \"{}\" (try servesim --help)\n", cmd);
    return 2;
  } catch (const servesim::InputError& e) {
    std::cerr << "error: " << e.what() << "\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "internal error: " << e.what() << "\n";
    return 3;
  }
}
