// The field-table facility: strict reading by kind and range, defaults for the reference, and
// framework profile layering through the table.
#include "sim/scenario/field_table.hpp"

#include <gtest/gtest.h>

#include <set>

#include "sim/core/error.hpp"
#include "sim/scenario/field_json.hpp"
#include "sim/scenario/framework_profile.hpp"
#include "sim/scenario/scenario_fields.hpp"

namespace servesim {
namespace {

struct Toy {
  int count = 3;
  double ratio = 1.5;
  std::vector<int> sizes;
};

FieldTable<Toy> toy_table() {
  Field<Toy> count = at_least(member_field("count", &Toy::count, "", "a count"), 1);
  count.max = 4;
  return {count, above(member_field("ratio", &Toy::ratio, "", "a ratio"), 1),
          at_least(member_field("sizes", &Toy::sizes, "tokens", "sizes"), 2)};
}

std::string read_error(const std::string& text) {
  const Json j = Json::parse(text);
  ObjectReader r(j, "t.json", "toy");
  Toy t;
  try {
    read_fields(toy_table(), r, t, nullptr);
    r.finish();
  } catch (const InputError& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(FieldTable, ReadsByKindAndRangeWithThePathInTheMessage) {
  EXPECT_EQ(read_error(R"({"count": 5})"), "t.json: toy.count: expected an integer <= 4, got 5");
  EXPECT_EQ(read_error(R"({"count": 0})"), "t.json: toy.count: expected a positive integer, got 0");
  EXPECT_EQ(read_error(R"({"ratio": 1})"), "t.json: toy.ratio: expected a number > 1, got 1");
  EXPECT_EQ(read_error(R"({"sizes": [2, 1]})"),
            "t.json: toy.sizes[1]: expected an integer >= 2, got 1");
  EXPECT_EQ(read_error(R"({"sizes": []})"),
            "t.json: toy.sizes: expected a non-empty array of integers");
  EXPECT_EQ(read_error(R"({"extra": 1})"), "t.json: toy.extra: unknown field");
  EXPECT_EQ(read_error(R"({"count": 4, "ratio": 2.5, "sizes": [2, 9]})"), "(no error)");
}

TEST(FieldTable, GivenHoldsTheDottedPathsReadAndWriteSkipsNothing) {
  const Json j = Json::parse(R"({"ratio": 2.5, "sizes": [2, 9]})");
  ObjectReader r(j, "t.json", "toy");
  Toy t;
  std::set<std::string> given;
  read_fields(toy_table(), r, t, &given);
  EXPECT_EQ(given, (std::set<std::string>{"toy.ratio", "toy.sizes"}));
  EXPECT_EQ(t.count, 3);  // the struct initialiser
  Json out = Json::object();
  write_fields(toy_table(), t, out);
  EXPECT_EQ(out, Json::parse(R"({"count": 3, "ratio": 2.5, "sizes": [2, 9]})"));
}

TEST(FieldTable, ReferenceDefaultsComeFromTheStructInitialiser) {
  const auto docs = field_docs(toy_table());
  ASSERT_EQ(docs.size(), 3u);
  EXPECT_EQ(docs[0].default_text, "3");
  EXPECT_EQ(docs[1].default_text, "1.5");
  EXPECT_EQ(field_range_text(docs[0].spec), ">= 1, <= 4");
  EXPECT_EQ(field_range_text(docs[1].spec), "> 1");
}

TEST(FieldTable, KeysAreUniqueInEveryTable) {
  for (const auto& o : scenario_object_docs()) {
    std::set<std::string> keys;
    for (const auto& f : o.fields) {
      EXPECT_TRUE(keys.insert(f.spec.key).second) << o.path << "." << f.spec.key;
      EXPECT_FALSE(f.spec.doc.empty()) << o.path << "." << f.spec.key;
    }
  }
}

TEST(FieldTable, PathsOfTheScenarioDocument) {
  EXPECT_EQ(scenario_path_problem("scheduler.block_size"), "");
  EXPECT_EQ(scenario_path_problem("workload.output"), "");
  EXPECT_EQ(scenario_path_problem("knobs.hbm_bw_efficiency"), "");
  EXPECT_EQ(scenario_path_problem("workload.requests"),
            "renamed: use \"workload.measured_requests\"");
  EXPECT_EQ(scenario_path_problem("scheduler.kv_capacity_blocks"),
            "not a scenario field (docs/scenario-reference.md lists them)");
}

TEST(FrameworkSettingsTable, LayersCopyOnlyTheFieldsTheyName) {
  PartialFrameworkSettings upper;
  upper.values.block_size = 64;
  upper.values.max_batched_tokens = 1;  // not named: must not be copied
  upper.given = {"block_size"};
  PartialFrameworkSettings lower;
  lower.values.kv_cache_dtype = Precision::kBf16;
  lower.given = {"kv_cache_dtype"};
  upper.apply_to(lower);
  EXPECT_EQ(lower.given, (std::set<std::string>{"block_size", "kv_cache_dtype"}));

  FrameworkSettings s;
  const int budget = s.max_batched_tokens;
  lower.apply_to(s);
  EXPECT_EQ(s.block_size, 64);
  EXPECT_EQ(s.kv_cache_dtype, Precision::kBf16);
  EXPECT_EQ(s.max_batched_tokens, budget);
}

}  // namespace
}  // namespace servesim
