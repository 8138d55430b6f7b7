// A finished sweep as tables (points, frontiers, skipped points, iso-interactivity), and the
// HDF5 and CSV files made of them. docs/hdf5-schema.md documents every name written here.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "sim/sweep/sweep_result.hpp"
#include "sim/output/table.hpp"

namespace servesim {

/// Configuration and metric columns of the points at `rows` (indices into r.points, all ran).
Table points_table(const SweepResult& r, const std::vector<std::size_t>& rows);
/// Every point that ran, in point order.
Table all_points_table(const SweepResult& r);
Table skipped_table(const SweepResult& r);
Table skip_reasons_table(const SweepResult& r);
Table iso_table(const SweepResult& r);

/// The HDF5 dataset name of a group's frontier: the group name with '/' replaced by '_'.
std::string frontier_dataset_name(const std::string& group);

/// Writes the sweep's HDF5 file (atomically; see docs/hdf5-schema.md).
void write_sweep_hdf5(const std::string& path, const SweepResult& r);
/// Writes the flat CSV table of points that ran (atomically); the scenario_json column is left out.
void write_sweep_csv(const std::string& path, const SweepResult& r);

}  // namespace servesim
