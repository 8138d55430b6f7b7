// `mpirun -np N servesim sweep`: the ranks share a sweep's points and rank 0 writes the result.
// Compiled only when servesim is built with MPI (SERVESIM_MPI); nothing else sees MPI.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "sim/sweep/sweep_result.hpp"

namespace servesim::cli {

/// The steps of a sweep that the ranks take together.
struct RankedSweep {
  /// Every rank: reads and prepares the sweep (prepare_sweep); rank 0 also checks its outputs.
  std::function<SweepResult(int rank, int ranks)> prepare;
  /// Every rank: runs the points at `positions` (its share); outcomes parallel to them.
  std::function<std::vector<PointOutcome>(const SweepResult& prepared,
                                          const std::vector<std::size_t>& positions, int rank)>
      run;
  /// Rank 0: writes the assembled, analysed result and prints it; returns the exit code.
  std::function<int(const SweepResult& r)> finish;
};

/// Initialises MPI, runs `steps` (rank r takes shard r of the ranks: shard_positions), sends
/// every rank's outcomes to rank 0 in point order, and finalises MPI. A step that fails on any
/// rank stops every rank after that step: rank 0 rethrows the first failure (prefixed "rank k:"
/// when it was another rank's), the others return its exit code without a word.
int sweep_on_mpi_ranks(const RankedSweep& steps);

/// The MPI library servesim was built with ("Open MPI v4.1.4, ..."), first line only.
std::string mpi_library_version();

}  // namespace servesim::cli
