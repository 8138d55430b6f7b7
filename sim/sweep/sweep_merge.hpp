// Reassembling a sweep from its parts (shard files, MPI ranks): checked, in point order, and
// analysed exactly as a single-process sweep.
#pragma once

#include <string>
#include <vector>

#include "hw/catalog.hpp"
#include "sim/scenario/framework_profile.hpp"
#include "sim/sweep/shard_file.hpp"

namespace servesim {

/// One part of a sweep's outcomes and what to call it in messages (a file, "rank 3").
struct OutcomePart {
  std::string name;
  std::vector<PositionedOutcome> outcomes;
};

/// Sets `r.outcomes` (r from prepare_sweep) from `parts`, which together give every position
/// of r.points once, each with the grid index it has in r. Throws InputError naming the part
/// otherwise. Does not analyse.
void place_outcomes(SweepResult& r, std::vector<OutcomePart> parts);

/// Merges shard files: checks that they are the N shards of one sweep, each once (same
/// identity and N, no index twice or missing), made with the catalog this merge uses
/// (`catalog_fp` = catalog_fingerprint, `catalog_label` names it), re-expands the sweep from
/// the first, checks it gives the identity the shards carry, places every outcome and
/// analyses the result (frontiers, iso table, skip summary). Throws InputError naming the file.
SweepResult merge_shards(const std::vector<SweepShard>& shards, const Catalog& catalog,
                         const FrameworkProfiles& profiles, const std::string& catalog_fp,
                         const std::string& catalog_label);

}  // namespace servesim
