// The CLI's subcommands; each takes its own argument vector (without the command name).
#pragma once

#include <string>
#include <vector>

namespace servesim::cli {

using Args = std::vector<std::string>;

int run_command(const Args& args);
int explain_command(const Args& args);
/// `servesim validate POINTS.json`: simulate measured rows and compare.
int validate_command(const Args& args);
/// `servesim sweep SWEEP.json --output OUT.h5`: run a sweep, print frontiers, write HDF5.
int sweep_command(const Args& args);
/// `servesim merge PART.h5... -o OUT.h5`: join the shard files of one sweep.
int merge_command(const Args& args);
/// `servesim list [gpus|models|frameworks|fabrics|fields|routers|schedulers|step-models]`.
int list_command(const Args& args);
/// The embedded default sweep with its tables, servesim_default.h5 and servesim_default.png.
int default_sweep_command();
/// "mpi: <library>" when built with MPI (SERVESIM_MPI), else "mpi: none (...)"; for --version.
std::string mpi_build_line();
/// With no arguments: the main job on the embedded default.
int default_command();

}  // namespace servesim::cli
