// Shard files as HDF5: root attributes naming the sweep and the shard, and the outcome tables.
#include "sim/sweep/shard_file.hpp"

#include <fmt/format.h>

#include "sim/core/error.hpp"
#include "sim/core/version.hpp"
#include "sim/output/hdf5_reader.hpp"
#include "sim/output/hdf5_writer.hpp"

namespace servesim {

void write_shard_file(const std::string& path, const SweepResult& prepared,
                      const std::string& identity, const std::string& catalog, ShardSpec shard,
                      const std::vector<std::size_t>& positions,
                      const std::vector<PointOutcome>& outcomes) {
  const OutcomeTables t = outcome_tables(prepared.points, positions, outcomes);
  auto integer = [](const char* name, std::size_t v) {
    return Hdf5Attribute::integer(name, static_cast<std::int64_t>(v));
  };
  Hdf5Document doc;
  doc.root_attributes = {
      Hdf5Attribute::string("schema", kShardSchema),
      Hdf5Attribute::string("servesim_version", kServesimVersion),
      Hdf5Attribute::string("sweep_name", prepared.spec.name),
      Hdf5Attribute::string("sweep_label", prepared.spec.label),
      Hdf5Attribute::string("sweep_identity", identity),
      Hdf5Attribute::string("catalog_fingerprint", catalog),
      integer("shard_index", shard.index),
      integer("shard_count", shard.count),
      integer("points_total", prepared.points.size()),
      integer("points_in_shard", positions.size()),
      Hdf5Attribute::string("sweep_spec_json", prepared.spec.document.dump()),
      Hdf5Attribute::string("base_scenario_json", prepared.spec.base.dump()),
  };
  doc.tables.push_back({"/outcomes", &t.outcomes, {}});
  doc.tables.push_back({"/pools", &t.pools, {}});
  write_hdf5_file(path, doc);
}

SweepShard read_shard_file(const std::string& path) {
  const Hdf5Reader h5(path);
  auto fail = [&](const std::string& why) { throw InputError(fmt::format("{}: {}", path, why)); };
  const std::string schema = h5.has_attribute("schema") ? h5.string_attribute("schema") : "";
  if (schema.rfind("servesim-sweep/", 0) == 0) {
    fail("the results of a whole sweep, not a shard (make shards with servesim sweep --shard i/N)");
  }
  if (schema != kShardSchema) {
    fail(schema.empty()
             ? fmt::format("not a servesim sweep shard (no schema attribute \"{}\")", kShardSchema)
             : fmt::format("not a servesim sweep shard (schema \"{}\", not \"{}\")", schema,
                           kShardSchema));
  }
  SweepShard s;
  s.path = path;
  s.servesim_version = h5.string_attribute("servesim_version");
  s.sweep_name = h5.string_attribute("sweep_name");
  s.sweep_label = h5.string_attribute("sweep_label");
  s.identity = h5.string_attribute("sweep_identity");
  s.catalog = h5.string_attribute("catalog_fingerprint");
  const std::int64_t index = h5.integer_attribute("shard_index");
  const std::int64_t count = h5.integer_attribute("shard_count");
  const std::int64_t total = h5.integer_attribute("points_total");
  const std::int64_t held = h5.integer_attribute("points_in_shard");
  if (count < 1 || count > static_cast<std::int64_t>(kMaxShards) || index < 0 || index >= count) {
    fail(fmt::format("shard_index/shard_count: {}/{} is not a shard", index, count));
  }
  s.shard = {static_cast<std::size_t>(index), static_cast<std::size_t>(count)};
  if (total < 0) fail(fmt::format("points_total: {} is negative", total));
  s.points_total = static_cast<std::size_t>(total);
  s.document = parse_json_text(h5.string_attribute("sweep_spec_json"), path + ": sweep_spec_json");
  s.base =
      parse_json_text(h5.string_attribute("base_scenario_json"), path + ": base_scenario_json");
  OutcomeTables t{h5.table("/outcomes"), h5.table("/pools")};
  s.outcomes = outcomes_from_tables(t, path);
  // The shard holds exactly the points of its place in the round robin.
  const std::vector<std::size_t> expected = shard_positions(s.points_total, s.shard);
  bool same =
      static_cast<std::int64_t>(s.outcomes.size()) == held && s.outcomes.size() == expected.size();
  for (std::size_t k = 0; same && k < expected.size(); ++k) {
    same = s.outcomes[k].position == expected[k];
  }
  if (!same) {
    fail(fmt::format("holds {} points, not the {} of shard {}/{} of {} points", s.outcomes.size(),
                     expected.size(), s.shard.index, s.shard.count, s.points_total));
  }
  return s;
}

SweepSpec shard_sweep_spec(const SweepShard& s) {
  if (!s.document.is_object()) {
    throw InputError(fmt::format("{}: sweep_spec_json: not a sweep document", s.path));
  }
  Json doc = s.document;
  doc["base"] = s.base;
  SweepSpec spec = read_sweep_json(doc, s.sweep_label, "");
  spec.document = s.document;
  return spec;
}

}  // namespace servesim
