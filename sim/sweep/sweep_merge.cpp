// Checking and reassembling the parts of a sweep.
#include "sim/sweep/sweep_merge.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <map>

#include "sim/core/error.hpp"
#include "sim/sweep/sweep_runner.hpp"

namespace servesim {
namespace {

std::string shard_name(const SweepShard& s) {
  return fmt::format("{}/{}", s.shard.index, s.shard.count);
}

/// The shards are the N shards of one sweep, each once.
void check_shard_set(const std::vector<SweepShard>& shards) {
  if (shards.empty()) throw InputError("merge: no shard files given");
  const SweepShard& first = shards.front();
  std::map<std::size_t, const SweepShard*> by_index;
  for (const SweepShard& s : shards) {
    if (s.identity != first.identity) {
      throw InputError(fmt::format(
          "{}: a shard of another sweep than {} (sweep \"{}\" identity {}, not \"{}\" {})", s.path,
          first.path, s.sweep_name, s.identity, first.sweep_name, first.identity));
    }
    if (s.shard.count != first.shard.count) {
      throw InputError(
          fmt::format("{}: shard {}, but {} is shard {}: give the shards of one "
                      "--shard i/N split",
                      s.path, shard_name(s), first.path, shard_name(first)));
    }
    auto [it, fresh] = by_index.emplace(s.shard.index, &s);
    if (!fresh && it->second->path == s.path) {
      throw InputError(fmt::format("{}: given twice", s.path));
    }
    if (!fresh) {
      throw InputError(fmt::format("{}: shard {} again ({} is shard {} too)", s.path, shard_name(s),
                                   it->second->path, shard_name(s)));
    }
  }
  for (std::size_t i = 0; i < first.shard.count; ++i) {
    if (by_index.count(i)) continue;
    std::vector<std::string> given;
    for (const auto& [index, s] : by_index)
      given.push_back(fmt::format("{} = {}", s->path, shard_name(*s)));
    throw InputError(fmt::format("merge: shard {}/{} of sweep \"{}\" is missing (given: {})", i,
                                 first.shard.count, first.sweep_name, fmt::join(given, ", ")));
  }
}

}  // namespace

void place_outcomes(SweepResult& r, std::vector<OutcomePart> parts) {
  std::vector<const std::string*> from(r.points.size(), nullptr);
  r.outcomes.assign(r.points.size(), PointOutcome{});
  for (OutcomePart& part : parts) {
    for (PositionedOutcome& o : part.outcomes) {
      if (o.position >= r.points.size()) {
        throw InputError(fmt::format("{}: point at position {}, but the sweep has {} points",
                                     part.name, o.position, r.points.size()));
      }
      if (o.point_index != r.points[o.position].index) {
        throw InputError(fmt::format("{}: point {} at position {}, where the sweep has point {}",
                                     part.name, o.point_index, o.position,
                                     r.points[o.position].index));
      }
      if (from[o.position]) {
        throw InputError(fmt::format("{}: point {} again (also in {})", part.name, o.point_index,
                                     *from[o.position]));
      }
      from[o.position] = &part.name;
      r.outcomes[o.position] = std::move(o.outcome);
    }
  }
  for (std::size_t k = 0; k < from.size(); ++k) {
    if (!from[k]) {
      throw InputError(fmt::format("{}: point {} is in no part", r.spec.label, r.points[k].index));
    }
  }
}

SweepResult merge_shards(const std::vector<SweepShard>& shards, const Catalog& catalog,
                         const FrameworkProfiles& profiles, const std::string& catalog_fp,
                         const std::string& catalog_label) {
  check_shard_set(shards);
  const SweepShard& first = shards.front();
  if (first.catalog != catalog_fp) {
    throw InputError(fmt::format(
        "{}: made with another catalog (fingerprint {}) than this merge's {} ({}); give merge "
        "the --catalog the shards were made with",
        first.path, first.catalog, catalog_label, catalog_fp));
  }
  SweepResult r = prepare_sweep(shard_sweep_spec(first), catalog, profiles);
  const std::string identity = sweep_identity(r, catalog_fp);
  if (identity != first.identity || r.points.size() != first.points_total) {
    throw InputError(fmt::format(
        "{}: its sweep expands here to other points than when the shard was made (identity {}, "
        "not {}; made by servesim {})",
        first.path, identity, first.identity, first.servesim_version));
  }
  std::vector<OutcomePart> parts;
  for (const SweepShard& s : shards) parts.push_back({s.path, s.outcomes});
  place_outcomes(r, std::move(parts));
  analyse_sweep(r);
  return r;
}

}  // namespace servesim
