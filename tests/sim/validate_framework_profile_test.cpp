// Framework profiles: lookup by name and alias, inheritance, per-GPU overrides, strict reading.
#include <gtest/gtest.h>

#include "sim/scenario/catalog_loader.hpp"
#include "sim/core/error.hpp"
#include "sim/scenario/framework_profile.hpp"

namespace servesim {
namespace {

std::string error_of(const std::string& text) {
  try {
    FrameworkProfiles::from_text(text, "frameworks.json");
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

class ShippedProfiles : public ::testing::Test {
 protected:
  Catalog catalog = load_catalog(SERVESIM_SOURCE_DIR "/scenarios/catalog");
  FrameworkProfiles profiles = load_framework_profiles("");  // the embedded copy
};

TEST_F(ShippedProfiles, RowFrameworkNamesAndAliasesFindTheirProfiles) {
  for (const char* name : {"SGLang", "TRT-LLM", "ATOM (AMD)", "Dynamo+TRT-LLM", "vLLM"}) {
    const FrameworkProfile* p = profiles.find(name);
    ASSERT_NE(p, nullptr) << name;
    EXPECT_EQ(p->name, name);
    // The knob layer of the same name exists, so rows select it.
    EXPECT_TRUE(catalog.has_framework(p->name)) << name;
  }
  EXPECT_EQ(profiles.find("TensorRT-LLM")->name, "TRT-LLM");
  EXPECT_EQ(profiles.find("sglang")->name, "SGLang");
  EXPECT_EQ(profiles.find("")->name, "generic");
  EXPECT_EQ(profiles.find("MyEngine"), nullptr);
}

TEST_F(ShippedProfiles, DynamoInheritsTrtLlm) {
  const FrameworkSettings d = profiles.find("Dynamo+TRT-LLM")->settings;
  const FrameworkSettings t = profiles.find("TRT-LLM")->settings;
  EXPECT_EQ(d.block_size, t.block_size);
  EXPECT_EQ(d.max_batched_tokens_policy, TokenBudgetPolicy::kFitPromptAndBatch);
  EXPECT_EQ(d.mtp_draft_tokens_with_dp_attention, 1);
  EXPECT_DOUBLE_EQ(
      profiles.find("Dynamo+TRT-LLM")->settings_for(*catalog.find_gpu("H200"), 8).memory_fraction,
      0.75);  // TRT-LLM's H200 override comes along
}

TEST_F(ShippedProfiles, PerGpuOverridesApplyByNameOrAlias) {
  const FrameworkProfile& sg = *profiles.find("SGLang");
  EXPECT_EQ(sg.settings_for(*catalog.find_gpu("H200-HGX"), 8).kv_cache_dtype, Precision::kBf16);
  EXPECT_EQ(sg.settings_for(*catalog.find_gpu("B200-HGX"), 8).kv_cache_dtype, Precision::kFp8);
  EXPECT_EQ(sg.settings_for(*catalog.find_gpu("B200"), 8).mtp_draft_tokens, 2);
  EXPECT_EQ(sg.settings_for(*catalog.find_gpu("MI355X"), 8).max_batched_tokens, 196608);
  EXPECT_DOUBLE_EQ(sg.settings_for(*catalog.find_gpu("MI355X"), 8).memory_fraction, 0.8);
  EXPECT_EQ(sg.settings_for(*catalog.find_gpu("MI355X"), 8).mtp_draft_tokens, 3);
  // dsr1_fp8_b200.sh branches on TP: TP4 runs 8192-token chunks at mem_fraction_static 0.95.
  const FrameworkSettings tp4 = sg.settings_for(*catalog.find_gpu("B200"), 4);
  EXPECT_EQ(tp4.max_batched_tokens, 8192);
  EXPECT_DOUBLE_EQ(tp4.memory_fraction, 0.95);
  EXPECT_EQ(tp4.kv_cache_dtype, Precision::kFp8);  // the plain B200 entry still applies
  EXPECT_EQ(sg.settings_for(*catalog.find_gpu("B200"), 8).max_batched_tokens, 32768);
}

TEST(FrameworkProfilesReader, EveryValueNeedsASource) {
  EXPECT_EQ(error_of(R"({"profiles": [{"name": "generic", "block_size": 16}]})"),
            "frameworks.json: profiles[0].sources: missing: every value needs a source");
  EXPECT_EQ(error_of(R"({"profiles": [{"name": "generic", "block_size": 16,
                                       "sources": {"max_batched_tokens": "x"}}]})"),
            "frameworks.json: profiles[0].sources.block_size: missing the source of this value");
}

TEST(FrameworkProfilesReader, GenericSetsEverythingAndParentsExist) {
  EXPECT_EQ(error_of(R"({"profiles": [{"name": "generic", "block_size": 16,
                                       "sources": {"block_size": "x"}}]})"),
            "frameworks.json: profiles[0]: the generic profile must set \"max_batched_tokens\"");
  EXPECT_EQ(error_of(R"({"profiles": [{"name": "X"}]})"),
            "frameworks.json: profiles: needs a profile named \"generic\"");
}

TEST(FrameworkProfilesReader, RejectsUnknownFieldsAndBadValues) {
  const std::string shipped_generic = R"({"name": "generic", "max_batched_tokens": 8192,
      "max_batched_tokens_policy": "fixed", "token_budget_per_attention_rank": false,
      "chunked_prefill": true, "max_running_seqs": 256,
      "max_running_seqs_policy": "at_least_concurrency", "block_size": 16,
      "memory_fraction": 0.9, "memory_fraction_of": "total", "kv_cache_dtype": "fp8",
      "mtp_draft_tokens": 3, "mtp_draft_tokens_with_dp_attention": 3,
      "output_reserve_init": 0, "output_reserve_min": 0, "output_reserve_decay_steps": 1,
      "output_reserve_clip_tokens": 0, "mix_prefill_with_decode": true,
      "sources": {"mix_prefill_with_decode": "s", "output_reserve_init": "s", "output_reserve_min": "s",
        "output_reserve_decay_steps": "s", "output_reserve_clip_tokens": "s","max_batched_tokens": "s", "max_batched_tokens_policy": "s",
        "token_budget_per_attention_rank": "s", "chunked_prefill": "s", "max_running_seqs": "s",
        "max_running_seqs_policy": "s", "block_size": "s", "memory_fraction": "s",
        "memory_fraction_of": "s", "kv_cache_dtype": "s", "mtp_draft_tokens": "s",
        "mtp_draft_tokens_with_dp_attention": "s"}})";
  EXPECT_EQ(error_of(R"({"profiles": [)" + shipped_generic + "]}"), "");
  EXPECT_EQ(
      error_of(R"({"profiles": [)" + shipped_generic + R"(, {"name": "Y", "page_size": 1}]})"),
      "frameworks.json: profiles[1].page_size: unknown field");
  EXPECT_EQ(error_of(R"({"profiles": [)" + shipped_generic +
                     R"(, {"name": "Y", "memory_fraction": 1.2, "sources": {}}]})"),
            "frameworks.json: profiles[1].memory_fraction: expected a fraction in (0, 1], got 1.2");
  EXPECT_EQ(error_of(R"({"profiles": [)" + shipped_generic +
                     R"(, {"name": "Y", "by_gpu": {"B200@4": {}}}]})"),
            "frameworks.json: profiles[1].by_gpu.B200@4: expected a GPU name, optionally followed "
            "by @tp<N>");
  EXPECT_EQ(
      error_of(R"({"profiles": [)" + shipped_generic + R"(, {"name": "Y", "inherits": "Z"}]})"),
      "frameworks.json: profiles[1].inherits: unknown profile \"Z\"");
  EXPECT_EQ(error_of(R"({"profiles": [)" + shipped_generic +
                     R"(, {"name": "Y", "aliases": ["GENERIC"]}]})"),
            "frameworks.json: profiles[1]: the name \"GENERIC\" is already used by profiles[0]");
}

}  // namespace
}  // namespace servesim
