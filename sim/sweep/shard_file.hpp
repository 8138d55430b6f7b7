// Shard files: the outcomes of one shard of a sweep (`servesim sweep --shard i/N`) with what
// the merge needs to check and reassemble them (docs/sweeps.md, "Shard files").
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "sim/core/json_reader.hpp"
#include "sim/sweep/outcome_tables.hpp"
#include "sim/sweep/sweep_shard.hpp"

namespace servesim {

/// The schema attribute of every shard file.
inline constexpr const char* kShardSchema = "servesim-sweep-shard/1";

/// A shard file as read back.
struct SweepShard {
  std::string path;
  std::string servesim_version;
  std::string sweep_name;
  std::string sweep_label;  ///< the sweep file as named when the shard was made (messages)
  std::string identity;     ///< sweep_identity()
  std::string catalog;      ///< catalog_fingerprint()
  ShardSpec shard;
  std::size_t points_total = 0;             ///< points of the whole sweep (excluded ones left out)
  Json document;                            ///< the sweep document as read
  Json base;                                ///< its base scenario (resolved when given as a path)
  std::vector<PositionedOutcome> outcomes;  ///< by position, ascending
};

/// Writes shard `shard` of `prepared` (prepare_sweep): the outcomes of `positions`
/// (shard_positions; `outcomes` parallel), `identity` and `catalog`, as HDF5 through a
/// temporary renamed into place.
void write_shard_file(const std::string& path, const SweepResult& prepared,
                      const std::string& identity, const std::string& catalog, ShardSpec shard,
                      const std::vector<std::size_t>& positions,
                      const std::vector<PointOutcome>& outcomes);

/// Reads a shard file. Throws InputError "<path>: ..." when it cannot be read, is not a shard
/// (a finished sweep's HDF5 is named as such) or is inconsistent with itself.
SweepShard read_shard_file(const std::string& path);

/// The sweep a shard was made from, as read_sweep_json reads it (the base inlined, so the
/// sweep file and its base need not be at hand), labelled as when the shard was made.
SweepSpec shard_sweep_spec(const SweepShard& s);

}  // namespace servesim
