// Sweep files: grid order, zip axes, labels and groups, merge of object values, exclusions,
// request counts per client, and exact messages for mistakes.
#include "sim/sweep/sweep_spec.hpp"

#include <gtest/gtest.h>

#include <functional>

#include "sim/core/error.hpp"
#include "tests/sim/sweep_test_fixtures.hpp"

namespace servesim {
namespace {

SweepSpec tiny() { return read_sweep_text(testing::kTinySweep, "tiny.json", ""); }

/// The tiny sweep with `key` of the root replaced by `value` (JSON text).
SweepSpec tiny_with(const std::string& key, const std::string& value) {
  Json j = Json::parse(testing::kTinySweep);
  j[key] = Json::parse(value);
  return read_sweep_json(j, "tiny.json", "");
}

/// The tiny sweep with other axes (and no grouping, which named the gpu axis).
SweepSpec tiny_axes(const std::string& axes) {
  Json j = Json::parse(testing::kTinySweep);
  j["axes"] = Json::parse(axes);
  j.erase("group_by");
  return read_sweep_json(j, "tiny.json", "");
}

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const InputError& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(SweepSpec, GridOrderHasTheFirstAxisSlowest) {
  const SweepSpec spec = tiny();
  ASSERT_EQ(spec.point_count(), 18u);  // 2 GPUs x 3 TP x 3 concurrencies
  const auto points = expand_sweep(spec).points;
  ASSERT_EQ(points.size(), 18u);
  // index = gpu x 9 + tp x 3 + concurrency
  EXPECT_EQ(points[0].label, "H100 TP1 c=2");
  EXPECT_EQ(points[1].label, "H100 TP1 c=8");
  EXPECT_EQ(points[3].label, "H100 TP2 c=2");
  EXPECT_EQ(points[9].label, "H200 TP1 c=2");
  EXPECT_EQ(points[17].label, "H200 TP3 c=32");
  EXPECT_EQ(points[13].scenario.gpu, "H200-SXM");
  EXPECT_EQ(points[13].scenario.parallelism.tp, 2);
  EXPECT_EQ(points[13].scenario.workload.concurrency, 8);
  EXPECT_EQ(points[13].group, "H200");
  EXPECT_EQ(points[13].config, "TP2");
  EXPECT_EQ(points[13].load, 8);
  EXPECT_EQ(points[13].index, 13u);
  EXPECT_EQ(points[13].scenario.name, "H200 TP2 c=8");
}

TEST(SweepSpec, RequestsScaleWithConcurrency) {
  const auto points = expand_sweep(tiny()).points;
  // requests_per_client {measured 4, warmup 1}: 8 clients -> 32 measured, 8 warm-up.
  EXPECT_EQ(points[1].scenario.workload.measured_requests, 32);
  EXPECT_EQ(points[1].scenario.workload.warmup_requests, 8);
  // Without it the scenario reader's closed-loop defaults apply: 10 and 2 per client.
  Json j = Json::parse(testing::kTinySweep);
  j.erase("requests_per_client");
  const auto defaults = expand_sweep(read_sweep_json(j, "tiny.json", "")).points;
  EXPECT_EQ(defaults[1].scenario.workload.measured_requests, 80);
  EXPECT_EQ(defaults[1].scenario.workload.warmup_requests, 16);
}

TEST(SweepSpec, ZipAxesVaryTogetherWithDefaultLabels) {
  const SweepSpec spec = tiny_axes(R"([
    {"field": "model", "values": ["DeepSeek-R1"]},
    {"zip": {"parallelism.tp": [8, 8], "parallelism.ep": [1, 8],
             "parallelism.dp_attention": [false, true]}},
    {"field": "mtp_draft_tokens", "values": [0, 3]}])");
  const auto points = expand_sweep(spec).points;
  ASSERT_EQ(points.size(), 4u);
  // Zip fields are labelled in key order; false labels nothing, true names the field.
  EXPECT_EQ(points[0].config, "DeepSeek-R1 ep=1,tp=8 mtp_draft_tokens=0");
  EXPECT_EQ(points[3].config, "DeepSeek-R1 dp_attention,ep=8,tp=8 mtp_draft_tokens=3");
  EXPECT_EQ(points[3].group, "all");
  EXPECT_EQ(points[3].scenario.parallelism.ep, 8);
  EXPECT_TRUE(points[3].scenario.parallelism.dp_attention);
  EXPECT_FALSE(points[1].scenario.parallelism.dp_attention);
}

TEST(SweepSpec, ObjectValuesMergeIntoTheBase) {
  Json j = Json::parse(testing::kTinySweep);
  j["base"]["parallelism"] = {{"tp", 1}, {"ep", 1}};
  j["base"]["replicas"] = 3;
  j["axes"] = Json::parse(R"([{"field": "parallelism", "values": [{"tp": 2}]}])");
  j.erase("group_by");
  const auto points = expand_sweep(read_sweep_json(j, "tiny.json", "")).points;
  ASSERT_EQ(points.size(), 1u);
  EXPECT_EQ(points[0].scenario.parallelism.tp, 2);
  EXPECT_EQ(points[0].scenario.parallelism.ep, 1);  // merged, not replaced
  EXPECT_EQ(points[0].scenario.replicas, 3);        // kept from the base
}

TEST(SweepSpec, ExclusionsLeaveOutMatchingPointsAndCountThem) {
  const SweepSpec spec = tiny_with(
      "exclude",
      R"([{"when": {"gpu": "H200-SXM", "parallelism.tp": [2, 3]}, "because": "no H200 TP>1"}])");
  const SweepExpansion e = expand_sweep(spec);
  EXPECT_EQ(e.points.size(), 12u);  // 18 less H200 x {TP2, TP3} x 3 concurrencies
  ASSERT_EQ(e.excluded.size(), 1u);
  EXPECT_EQ(e.excluded[0], 6u);
  for (const auto& p : e.points) {
    EXPECT_FALSE(p.scenario.gpu == "H200-SXM" && p.scenario.parallelism.tp > 1) << p.label;
  }
  EXPECT_EQ(e.points.back().index, 11u);  // indices stay those of the grid: H200 TP1 c=32
}

TEST(SweepSpec, BaseMayBeAPathBesideTheSweepFile) {
  testing::SweepScratchDir dir;
  Json j = Json::parse(testing::kTinySweep);
  testing::write_text(dir / "base.json", j["base"].dump());
  j["base"] = "base.json";
  testing::write_text(dir / "sweep.json", j.dump());
  const SweepSpec spec = read_sweep_file((dir / "sweep.json").string());
  EXPECT_EQ(spec.base["model"], "Llama-3.1-8B");
  EXPECT_EQ(expand_sweep(spec).points.size(), 18u);
}

TEST(SweepSpec, MistakesNameTheirPath) {
  EXPECT_EQ(error_of([] { tiny_with("axis", "[]"); }), "tiny.json: axis: unknown field");
  EXPECT_EQ(error_of([] { tiny_with("group_by", R"(["precision"])"); }),
            "tiny.json: group_by[0]: \"precision\" is not a field of any axis");
  EXPECT_EQ(error_of([] { tiny_axes(R"([{"values": [1]}])"); }),
            "tiny.json: axes[0].field: missing: an axis needs \"field\" and \"values\", or \"zip\"");
  EXPECT_EQ(error_of([] { tiny_axes(R"([{"field": "gpu", "values": []}])"); }),
            "tiny.json: axes[0].values: expected a non-empty array of values, got an array");
  EXPECT_EQ(error_of([] {
              tiny_axes(R"([{"field": "gpu", "values": ["H100", "H200"], "labels": ["a"]}])");
            }),
            "tiny.json: axes[0].labels: expected 2 labels (one per value), got 1");
  EXPECT_EQ(error_of([] {
              tiny_axes(R"([{"zip": {"parallelism.tp": [1, 2, 4], "parallelism.ep": [1, 1]}}])");
            }),
            "tiny.json: axes[0].zip.parallelism.tp: expected 2 values like \"parallelism.ep\", got 3");
  EXPECT_EQ(error_of([] {
              tiny_axes(R"([{"field": "gpu", "values": ["H100"]},
                                   {"field": "gpu", "values": ["H200"]}])");
            }),
            "tiny.json: axes[1]: \"gpu\" is set by an earlier axis");
  EXPECT_EQ(error_of([] { tiny_axes(R"([{"field": "parallelism..tp", "values": [1]}])"); }),
            "tiny.json: axes[0].field: \"parallelism..tp\" is not a dotted field path like "
            "\"parallelism.tp\"");
  EXPECT_EQ(error_of([] { tiny_with("requests_per_client", R"({"measured": 0})"); }),
            "tiny.json: requests_per_client.measured: expected a positive integer, got 0");
  EXPECT_EQ(error_of([] { tiny_with("slo", R"({"ttft_p99_ms": 200})"); }),
            "tiny.json: slo.ttft_p99_ms: not a latency metric (expected one of: ttft_mean_s, "
            "ttft_p50_s, ttft_p90_s, ttft_p99_s, tpot_mean_ms, tpot_p50_ms, tpot_p90_ms, "
            "tpot_p99_ms, itl_mean_ms, itl_p50_ms, itl_p90_ms, itl_p99_ms, e2el_mean_s, e2el_p50_s, "
            "e2el_p90_s, e2el_p99_s)");
  EXPECT_EQ(error_of([] { tiny_with("slo", R"({"ttft_p99_s": 0})"); }),
            "tiny.json: slo.ttft_p99_s: expected a positive number, got 0");
  EXPECT_EQ(error_of([] { tiny_with("base", "3"); }),
            "tiny.json: base: expected a scenario object or a path, got 3");
}

TEST(SweepSpec, AxisPathsMustNameScenarioFields) {
  EXPECT_EQ(error_of([] { tiny_axes(R"([{"field": "parallelism.tpp", "values": [1]}])"); }),
            "tiny.json: axes[0].field: \"parallelism.tpp\": not a scenario field "
            "(docs/scenario-reference.md lists them)");
  EXPECT_EQ(error_of([] { tiny_axes(R"([{"field": "gpu.name", "values": ["x"]}])"); }),
            "tiny.json: axes[0].field: \"gpu.name\": not a scenario field "
            "(docs/scenario-reference.md lists them)");
  EXPECT_EQ(error_of([] {
              tiny_axes(R"([{"zip": {"parallelism.tp": [1], "parallelism.replicas": [8]}}])");
            }),
            "tiny.json: axes[0].zip.parallelism.replicas: \"parallelism.replicas\": renamed: use "
            "\"replicas\" at the top level");
  EXPECT_EQ(error_of([] { tiny_axes(R"([{"field": "knobs.hbm_bw", "values": [0.5]}])"); }),
            "tiny.json: axes[0].field: \"knobs.hbm_bw\": not a knob "
            "(docs/scenario-reference.md lists them)");
  // Objects and knobs are paths too.
  EXPECT_EQ(tiny_axes(R"([{"field": "knobs.hbm_bw_efficiency", "values": [0.5]}])").axes.size(), 1u);
  EXPECT_EQ(tiny_axes(R"([{"field": "workload.input", "values": [{"tokens": 9}]}])").axes.size(), 1u);
}

TEST(SweepSpec, FieldsTheScenarioRejectsAreFatalAndNameThePoint) {
  EXPECT_EQ(error_of([] {
              expand_sweep(tiny_axes(R"([{"field": "parallelism.tp", "values": [1, "2"]}])"));
            }),
            "tiny.json: point 1: parallelism.tp: expected an integer, got \"2\"");
}

}  // namespace
}  // namespace servesim
