// Shards of a sweep in-process: the round-robin partition, --shard parsing, sweep identities,
// and point outcomes through tables, bytes and shard files and back, exact to the bit.
#include "sim/sweep/sweep_shard.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <limits>
#include <set>

#include "sim/core/error.hpp"
#include "sim/output/table_bytes.hpp"
#include "sim/sweep/shard_file.hpp"
#include "sim/sweep/sweep_merge.hpp"
#include "sim/sweep/sweep_runner.hpp"
#include "tests/sim/sweep_test_fixtures.hpp"

namespace servesim {
namespace {

std::string bytes_of(const OutcomeTables& t) { return tables_to_bytes({t.outcomes, t.pools}); }

SweepResult tiny_sweep() {
  const SweepSpec spec = read_sweep_text(testing::kTinySweep, "tiny.json", "");
  return run_sweep(spec, testing::embedded_catalog(), testing::embedded_profiles(), 1, nullptr);
}

std::vector<std::size_t> all_positions(const SweepResult& r) {
  std::vector<std::size_t> p(r.points.size());
  for (std::size_t i = 0; i < p.size(); ++i) p[i] = i;
  return p;
}

TEST(ShardSpec, ParsesIOfNAndRefusesEverythingElse) {
  const ShardSpec s = parse_shard("3/8");
  EXPECT_EQ(s.index, 3u);
  EXPECT_EQ(s.count, 8u);
  EXPECT_EQ(parse_shard("0/1").count, 1u);
  EXPECT_EQ(parse_shard("999999/1000000").index, 999999u);
  for (const char* bad : {"3/2", "2/2", "0/0", "1", "/2", "1/", "-1/2", "+1/2", " 1/2", "1/2 ",
                          "1/2/3", "a/b", "0x1/2", "0/1000001", "1.0/2", ""}) {
    SCOPED_TRACE(bad);
    try {
      parse_shard(bad);
      ADD_FAILURE() << "accepted";
    } catch (const InputError& e) {
      EXPECT_EQ(std::string(e.what()),
                std::string("--shard: expected i/N with 0 <= i < N <= 1000000, e.g. 0/4; got \"") +
                    bad + "\"");
    }
  }
}

TEST(ShardSpec, TheShardsOfASplitHoldEveryPointOnceInRoundRobin) {
  for (std::size_t points : {0u, 1u, 7u, 18u}) {
    for (std::size_t n : {1u, 2u, 3u, 5u, 20u}) {
      std::multiset<std::size_t> seen;
      for (std::size_t i = 0; i < n; ++i) {
        const auto p = shard_positions(points, {i, n});
        // Shard i holds i, i + n, i + 2n, ...: ceil((points - i) / n) of them.
        EXPECT_EQ(p.size(), points > i ? (points - i + n - 1) / n : 0u);
        for (std::size_t k = 0; k < p.size(); ++k) EXPECT_EQ(p[k], i + k * n);
        seen.insert(p.begin(), p.end());
      }
      EXPECT_EQ(seen.size(), points);
      for (std::size_t k = 0; k < points; ++k) EXPECT_EQ(seen.count(k), 1u);
    }
  }
}

TEST(SweepIdentity, NamesTheExpandedSweepAndTheCatalog) {
  const SweepSpec spec = read_sweep_text(testing::kTinySweep, "tiny.json", "");
  const SweepResult a =
      prepare_sweep(spec, testing::embedded_catalog(), testing::embedded_profiles());
  const std::string catalog = catalog_fingerprint("");
  EXPECT_EQ(catalog.size(), 16u);
  // The embedded catalog is the source tree's scenarios/catalog, byte for byte.
  EXPECT_EQ(catalog_fingerprint(std::string(SERVESIM_SOURCE_DIR) + "/scenarios/catalog"), catalog);
  const std::string id = sweep_identity(a, catalog);
  EXPECT_EQ(id.size(), 16u);
  // The same sweep read under another name is the same sweep.
  const SweepResult same =
      prepare_sweep(read_sweep_text(testing::kTinySweep, "elsewhere/t.json", ""),
                    testing::embedded_catalog(), testing::embedded_profiles());
  EXPECT_EQ(sweep_identity(same, catalog), id);
  EXPECT_NE(sweep_identity(a, "0000000000000000"), id);
  Json other = Json::parse(testing::kTinySweep);
  other["base"]["seed"] = 7;  // one scenario field of every point
  const SweepResult b = prepare_sweep(read_sweep_json(other, "tiny.json", ""),
                                      testing::embedded_catalog(), testing::embedded_profiles());
  EXPECT_NE(sweep_identity(b, catalog), id);
}

/// An outcome whose doubles are the awkward ones: NaN, infinities, -0, denormals, and
/// integers at their limits.
PointOutcome awkward_outcome() {
  PointOutcome o;
  o.ran = true;
  RunResult& r = o.result;
  r.scenario = "a \"quoted\", name\nwith a newline";
  r.gpus = -2147483647 - 1;
  r.instance_first_gpu = {0, 8, -16, 2147483647};
  r.requests_issued = std::numeric_limits<std::uint64_t>::max();
  r.duration_s = std::numeric_limits<double>::quiet_NaN();
  r.ttft_s.p99 = std::numeric_limits<double>::infinity();
  r.tpot_ms.min = -0.0;
  r.itl_ms.max = std::numeric_limits<double>::denorm_min();
  r.tok_s_per_user_median = 0.1 + 0.2;
  r.unstable = true;
  r.pools = {{"prefill", "prefill", 3, 12, 0.5, 1.25, 2.5, 0.1, 0.9, 1e9, 0.0},
             {"decode", "decode", 1, 32, 1.0 / 3.0, 0, 64, 0.7, 1, 0, 3e4}};
  o.economics.cost_usd_per_million_output_tokens = std::numeric_limits<double>::quiet_NaN();
  o.economics.total_tok_s_per_mw = -std::numeric_limits<double>::infinity();
  return o;
}

TEST(OutcomeTables, CarryEveryFieldExactlyThroughBytes) {
  SweepResult r = tiny_sweep();
  r.outcomes[1] = awkward_outcome();
  const auto positions = all_positions(r);
  const OutcomeTables t = outcome_tables(r.points, positions, r.outcomes);
  EXPECT_EQ(t.outcomes.rows(), r.points.size());
  EXPECT_EQ(t.pools.rows(), r.ran() + 1);  // one pool per aggregated point, two for the awkward one
  const std::vector<Table> back = tables_from_bytes(bytes_of(t), "test");
  ASSERT_EQ(back.size(), 2u);
  const auto read = outcomes_from_tables({back[0], back[1]}, "test");
  ASSERT_EQ(read.size(), r.points.size());
  std::vector<PointOutcome> again;
  for (std::size_t k = 0; k < read.size(); ++k) {
    EXPECT_EQ(read[k].position, k);
    EXPECT_EQ(read[k].point_index, r.points[k].index);
    again.push_back(read[k].outcome);
  }
  // Every field, bit for bit: the tables of what came back are the same bytes.
  EXPECT_EQ(bytes_of(outcome_tables(r.points, positions, again)), bytes_of(t));
  const RunResult& a = again[1].result;
  EXPECT_TRUE(std::isnan(a.duration_s));
  EXPECT_TRUE(std::signbit(a.tpot_ms.min));
  EXPECT_EQ(a.instance_first_gpu, (std::vector<int>{0, 8, -16, 2147483647}));
  EXPECT_EQ(a.scenario, "a \"quoted\", name\nwith a newline");
  ASSERT_EQ(a.pools.size(), 2u);
  EXPECT_EQ(a.pools[1].utilisation, 1.0 / 3.0);
  EXPECT_EQ(a.pools[1].name, "decode");
}

TEST(OutcomeTables, MalformedBytesAreAnInputErrorNotACrash) {
  const SweepResult r = tiny_sweep();
  const std::string bytes = bytes_of(outcome_tables(r.points, all_positions(r), r.outcomes));
  for (std::size_t cut :
       {std::size_t{0}, std::size_t{5}, std::size_t{40}, bytes.size() / 2, bytes.size() - 1}) {
    EXPECT_THROW(tables_from_bytes(std::string_view(bytes).substr(0, cut), "rank 1"), InputError)
        << cut;
  }
  EXPECT_THROW(tables_from_bytes(bytes + "x", "rank 1"), InputError);
}

TEST(ShardFile, AShardOfAShardFileMergesToTheSweepItself) {
  testing::SweepScratchDir dir;
  const SweepResult whole = tiny_sweep();
  const SweepSpec spec = read_sweep_text(testing::kTinySweep, "tiny.json", "");
  const SweepResult prepared =
      prepare_sweep(spec, testing::embedded_catalog(), testing::embedded_profiles());
  const std::string catalog = catalog_fingerprint("");
  const std::string id = sweep_identity(prepared, catalog);
  std::vector<SweepShard> shards;
  for (std::size_t i = 0; i < 3; ++i) {
    const auto positions = shard_positions(prepared.points.size(), {i, 3});
    std::vector<PointOutcome> outcomes;
    for (std::size_t p : positions) outcomes.push_back(whole.outcomes[p]);
    const std::string path = (dir / ("s" + std::to_string(i) + ".h5")).string();
    write_shard_file(path, prepared, id, catalog, {i, 3}, positions, outcomes);
    shards.push_back(read_shard_file(path));
    EXPECT_EQ(shards.back().identity, id);
    EXPECT_EQ(shards.back().shard.index, i);
    EXPECT_EQ(shards.back().points_total, 18u);
    EXPECT_EQ(shards.back().sweep_label, "tiny.json");
    EXPECT_EQ(shards.back().outcomes.size(), 6u);
  }
  const SweepResult merged = merge_shards(shards, testing::embedded_catalog(),
                                          testing::embedded_profiles(), catalog, "(embedded)");
  const auto all = all_positions(whole);
  EXPECT_EQ(bytes_of(outcome_tables(merged.points, all, merged.outcomes)),
            bytes_of(outcome_tables(whole.points, all, whole.outcomes)));
  ASSERT_EQ(merged.groups.size(), whole.groups.size());
  for (std::size_t g = 0; g < whole.groups.size(); ++g) {
    EXPECT_EQ(merged.groups[g].frontier, whole.groups[g].frontier);
  }
}

}  // namespace
}  // namespace servesim
