// What `servesim sweep` and `servesim merge` share: the outputs of a finished sweep (HDF5, CSV,
// chart), checked before any work and written together, and the tables they print.
#pragma once

#include <string>

#include "sim/output/output_set.hpp"
#include "sim/sweep/sweep_result.hpp"

namespace servesim::cli {

struct SweepOutputs {
  std::string output;           ///< HDF5 (required)
  std::string csv;              ///< "" = none
  std::string plot;             ///< "" = none
  bool labels = false;          ///< label the plotted frontier points
  bool plot_requested = false;  ///< a chart that cannot be drawn fails the command
  bool quiet = false;           ///< print nothing but errors
};

/// Declares every output of `o` in `set` (checked now: InputError "<path>: --output: ...").
void declare_sweep_outputs(OutputSet& set, const SweepOutputs& o);

/// Writes the HDF5, the CSV and the chart of `r` to their temporaries, renames them into place
/// together, and (unless quiet) prints the skip summary, the frontier and iso tables, `timing`
/// (a line, may be empty) and what was written. A chart that cannot be drawn is an error when
/// requested, else a note. Returns the exit code (0).
int write_sweep_outputs(OutputSet& set, const SweepOutputs& o, const SweepResult& r,
                        const std::string& timing);

}  // namespace servesim::cli
