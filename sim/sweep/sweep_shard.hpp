// Splitting a sweep into shards (`servesim sweep --shard i/N`, MPI ranks) and naming what a
// sweep is, so that only the shards of one sweep are merged.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "sim/sweep/sweep_result.hpp"

namespace servesim {

/// Shard `index` of `count` (0 <= index < count).
struct ShardSpec {
  std::size_t index = 0;
  std::size_t count = 1;
};

/// Most shards one sweep may be split into.
inline constexpr std::size_t kMaxShards = 1000000;

/// Reads "i/N" (decimal, 0 <= i < N <= kMaxShards). Throws InputError "--shard: expected i/N
/// with 0 <= i < N, e.g. 0/4; got "<text>"".
ShardSpec parse_shard(const std::string& text);

/// The positions (indices into SweepResult::points, i.e. the sweep's points in point order,
/// excluded points left out) shard `s` runs: every k with k mod s.count == s.index, ascending.
/// Round robin spreads the loads of the last (fastest) axis over all shards.
std::vector<std::size_t> shard_positions(std::size_t points, ShardSpec s);

/// A hash (16 hex digits) of the catalog documents `dir` names (empty: the embedded catalog):
/// gpus, models, knobs, numerics, collectives, fabrics, kernel_curves and frameworks.json, as
/// load_catalog and load_framework_profiles read them.
std::string catalog_fingerprint(const std::string& dir);

/// The identity (16 hex digits) of a prepared sweep (prepare_sweep): a hash of the servesim
/// version, the sweep document, its base, the exclusion counts, every point's grid index,
/// labels, skip reason and full scenario (framework profiles applied), and `catalog`
/// (catalog_fingerprint). Shards with one identity are parts of one sweep.
std::string sweep_identity(const SweepResult& prepared, const std::string& catalog);

}  // namespace servesim
