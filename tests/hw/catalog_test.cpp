// Catalog: lookups by name and alias, knob layering, strict reading of catalog files, and the
// storage cost of each precision.
#include "hw/catalog.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <functional>
#include <sstream>

#include "sim/core/error.hpp"
#include "sim/core/json_reader.hpp"
#include "tests/support/test_catalog.hpp"

namespace servesim {
namespace {

using testing::source_catalog;

TEST(Precision, BytesPerElementIncludeScales) {
  EXPECT_DOUBLE_EQ(bytes_per_element(Precision::kBf16), 2.0);
  EXPECT_DOUBLE_EQ(bytes_per_element(Precision::kFp8), 1.0 + 4.0 / 16384);  // fp32 per 128x128
  EXPECT_DOUBLE_EQ(bytes_per_element(Precision::kNvfp4), 0.5625);   // 0.5 + 1 B per 16 values
  EXPECT_DOUBLE_EQ(bytes_per_element(Precision::kMxfp4), 0.53125);  // 0.5 + 1 B per 32 values
  EXPECT_DOUBLE_EQ(kv_bytes_per_element(Precision::kFp8), 1.0);     // per-tensor scale only
  EXPECT_STREQ(compute_class(Precision::kMxfp4), "fp4");
  EXPECT_EQ(parse_precision("nvfp4"), Precision::kNvfp4);
  EXPECT_EQ(parse_precision("int8"), std::nullopt);
}

TEST(Catalog, FindsGpusAndModelsByNameOrAliasIgnoringCase) {
  const Catalog& c = source_catalog();
  ASSERT_NE(c.find_gpu("h100"), nullptr);
  EXPECT_EQ(c.find_gpu("h100")->name, "H100-SXM");
  EXPECT_EQ(c.find_gpu("H100-SXM5-80GB"), c.find_gpu("H100-SXM"));
  EXPECT_EQ(c.find_gpu("TPU-v5"), nullptr);
  ASSERT_NE(c.find_model("meta-llama/Llama-3.3-70B-Instruct"), nullptr);
  EXPECT_EQ(c.find_model("meta-llama/Llama-3.3-70B-Instruct")->name, "Llama-3.3-70B");
  EXPECT_EQ(c.find_model("GPT-5"), nullptr);
}

TEST(Catalog, H100PeakRatesComeFromTheCatalog) {
  const GpuSpec& g = *source_catalog().find_gpu("H100-SXM");
  EXPECT_DOUBLE_EQ(g.peak_flops(Precision::kBf16), 9.89e14);
  EXPECT_DOUBLE_EQ(g.peak_flops(Precision::kFp8), 1.979e15);
  EXPECT_DOUBLE_EQ(g.peak_flops(Precision::kNvfp4), 0.0);  // Hopper has no fp4 tensor cores
  EXPECT_FALSE(g.supports(Precision::kNvfp4));
  EXPECT_DOUBLE_EQ(g.hbm_bw_bytes_per_s, 3.35e12);
}

std::string read_source(const char* name) {
  std::ifstream in(std::string(SERVESIM_SOURCE_DIR "/scenarios/catalog/") + name);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

/// The shipped knob file with hbm_bw_efficiency 0.8 by default and one override per layer, to
/// check which layer wins. `edit` may then break it.
Catalog catalog_with_knobs(const std::function<void(Json&)>& edit = {}) {
  Json k = parse_json_text(read_source("knobs.json"), "knobs.json");
  k["defaults"]["hbm_bw_efficiency"] = 0.8;
  k["defaults"]["gemm_flops_efficiency"] = 0.7;
  k["by_generation"] = {{"hopper",
                         {{"hbm_bw_efficiency", 0.85}, {"gemm_flops_efficiency", 0.6},
                          {"source", "test"}}}};
  k["by_gpu"] = {{"H100-SXM", {{"hbm_bw_efficiency", 0.9}, {"source", "test"}}}};
  k["by_framework"] = {{"vLLM",
                        {{"per_step_overhead_s", 2e-3}, {"hbm_bw_efficiency", 0.95},
                         {"source", "test"}}}};
  if (edit) edit(k);
  return Catalog::from_texts({{"gpus.json", read_source("gpus.json")},
                              {"models.json", read_source("models.json")},
                              {"knobs.json", k.dump()},
                              {"numerics.json", read_source("numerics.json")},
                              {"collectives.json", read_source("collectives.json")},
                              {"fabrics.json", read_source("fabrics.json")}, {}});
}

TEST(Catalog, KnobLayersOverrideDefaultsThenGenerationThenGpuThenFramework) {
  const Catalog c = catalog_with_knobs();
  const GpuSpec& h100 = *c.find_gpu("H100-SXM");
  const GpuSpec& h200 = *c.find_gpu("H200-SXM");
  const GpuSpec& b200 = *c.find_gpu("B200");
  EXPECT_DOUBLE_EQ(c.knobs_for(b200, "").hbm_bw_efficiency, 0.8);      // defaults only
  EXPECT_DOUBLE_EQ(c.knobs_for(h200, "").hbm_bw_efficiency, 0.85);     // hopper generation
  EXPECT_DOUBLE_EQ(c.knobs_for(h100, "").hbm_bw_efficiency, 0.9);      // the GPU beats generation
  EXPECT_DOUBLE_EQ(c.knobs_for(h100, "").gemm_flops_efficiency, 0.6);  // generation still applies
  const Knobs v = c.knobs_for(h100, "vLLM");
  EXPECT_DOUBLE_EQ(v.hbm_bw_efficiency, 0.95);  // the framework beats everything
  EXPECT_DOUBLE_EQ(v.per_step_overhead_s, 2e-3);
  EXPECT_TRUE(c.has_framework("vLLM"));
  EXPECT_FALSE(c.has_framework("TGI"));
}

TEST(Catalog, KnobFileErrorsNameTheFieldExactly) {
  auto message = [](const std::function<void(Json&)>& edit) -> std::string {
    try {
      catalog_with_knobs(edit);
    } catch (const InputError& e) {
      return e.what();
    }
    return "(no error)";
  };
  EXPECT_EQ(message([](Json& k) { k["by_generation"]["hopper"]["hbm_bw_efficiency"] = 1.5; }),
            "knobs.json: by_generation.hopper.hbm_bw_efficiency: expected a fraction in (0, 1], "
            "got 1.5");
  EXPECT_EQ(message([](Json& k) { k["defaults"]["moe_skew"] = 0.0; }),
            "knobs.json: defaults.moe_skew: unknown field");
  EXPECT_EQ(message([](Json& k) { k["defaults"].erase("per_step_overhead_s"); }),
            "knobs.json: defaults: missing knob \"per_step_overhead_s\"");
  EXPECT_EQ(message([](Json& k) { k["by_gpu"]["H100-SXM"].erase("source"); }),
            "knobs.json: by_gpu.H100-SXM.source: missing: every knob layer needs a source or "
            "note for its numbers");
  EXPECT_EQ(message([](Json& k) { k["defaults"]["source"] = ""; }),
            "knobs.json: defaults.source: empty source");
}

/// The shipped GPU and model catalogs with `edit` applied.
std::string catalog_error(const std::function<void(Json&)>& edit_gpus,
                          const std::function<void(Json&)>& edit_models) {
  Json g = parse_json_text(read_source("gpus.json"), "gpus.json");
  Json m = parse_json_text(read_source("models.json"), "models.json");
  if (edit_gpus) edit_gpus(g);
  if (edit_models) edit_models(m);
  try {
    Catalog::from_texts({{"gpus.json", g.dump()},
                         {"models.json", m.dump()},
                         {"knobs.json", read_source("knobs.json")},
                         {"numerics.json", read_source("numerics.json")},
                         {"collectives.json", read_source("collectives.json")},
                         {"fabrics.json", read_source("fabrics.json")}, {}});
  } catch (const InputError& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(Catalog, EveryNumberNeedsItsSource) {
  EXPECT_EQ(catalog_error({}, {}), "(no error)");
  EXPECT_EQ(catalog_error([](Json& g) { g["gpus"][0]["sources"].erase("hbm"); }, {}),
            "gpus.json: gpus[0].sources.hbm: missing: the source of these numbers");
  EXPECT_EQ(catalog_error([](Json& g) { g["gpus"][1].erase("sources"); }, {}),
            "gpus.json: gpus[1].sources: missing: every number needs its source");
  EXPECT_EQ(catalog_error([](Json& g) { g["gpus"][0]["sources"]["cost"] = ""; }, {}),
            "gpus.json: gpus[0].sources.cost: empty source");
  EXPECT_EQ(catalog_error({}, [](Json& m) { m["models"][0]["sources"].erase("config"); }),
            "models.json: models[0].sources.config: missing: the source of these numbers");
  EXPECT_EQ(catalog_error({}, [](Json& m) {
              m["models"][0]["sources"].erase("mtp_acceptance_lengths");
            }),
            "models.json: models[0].sources.mtp_acceptance_lengths: missing: the source of "
            "these numbers");
}

TEST(Catalog, NumericsNeedTheirSources) {
  auto message = [](const std::function<void(Json&)>& edit) -> std::string {
    Json n = parse_json_text(read_source("numerics.json"), "numerics.json");
    edit(n);
    try {
      numerics_from_text(n.dump(), "numerics.json");
    } catch (const InputError& e) {
      return e.what();
    }
    return "(no error)";
  };
  EXPECT_EQ(message([](Json&) {}), "(no error)");
  EXPECT_EQ(message([](Json& n) { n["router_weight_bytes_per_element"].erase("source"); }),
            "numerics.json: router_weight_bytes_per_element.source: missing: every number needs "
            "its source");
  EXPECT_EQ(message([](Json& n) { n.erase("token_budget_round_to"); }),
            "numerics.json: token_budget_round_to: missing required field");
  const Numerics& x = source_catalog().numerics();
  EXPECT_DOUBLE_EQ(x.activation_bytes_per_element, 2.0);  // bf16
  EXPECT_EQ(x.attention_precision, Precision::kBf16);
  EXPECT_EQ(x.token_budget_round_to, 64);
}

}  // namespace
}  // namespace servesim
