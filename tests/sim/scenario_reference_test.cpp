// docs/scenario-reference.md is generated from the field tables and must be current.
#include "sim/scenario/scenario_reference.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "sim/scenario/framework_profile.hpp"
#include "sim/scenario/scenario_fields.hpp"

namespace servesim {
namespace {

namespace fs = std::filesystem;

TEST(ScenarioReference, DocIsUpToDate) {
  const fs::path doc = fs::path(SERVESIM_SOURCE_DIR) / "docs" / "scenario-reference.md";
  std::ifstream in(doc, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string fresh = scenario_reference_markdown();
  if (ss.str() != fresh) {
    const fs::path out = fs::path(SERVESIM_BINARY).parent_path() / "scenario-reference.md";
    std::ofstream(out, std::ios::binary) << fresh;
    FAIL() << doc.string() << " is stale (the field tables changed). The fresh text is in "
           << out.string() << "; update with: cp " << out.string() << " " << doc.string();
  }
}

TEST(ScenarioReference, ListsEveryFieldOfEveryTableWithItsDefault) {
  const std::string md = scenario_reference_markdown();
  for (const auto& o : scenario_object_docs()) {
    for (const auto& f : o.fields) {
      const std::string key = o.path.empty() ? f.spec.key : o.path + "." + f.spec.key;
      EXPECT_NE(md.find("| `" + key + "` |"), std::string::npos) << key;
    }
  }
  for (const auto& f : framework_settings_fields()) {
    EXPECT_NE(md.find("| `" + f.key + "` |"), std::string::npos) << f.key;
  }
  // Defaults come from the struct initialisers: SchedulerConfig's 8192-token budget.
  EXPECT_NE(md.find("| `scheduler.max_batched_tokens` | integer | tokens | 8192 | >= 1, <= 1000000000 |"),
            std::string::npos);
  EXPECT_NE(md.find("| `workload.measured_requests` | integer | requests | closed loop: 10 x "
                    "concurrency; poisson: required |"),
            std::string::npos);
  EXPECT_NE(md.find("| `parallelism.replicas` | use \"replicas\" at the top level |"),
            std::string::npos);
}

TEST(ScenarioReference, TextVariantHasOneEntryPerField) {
  const std::string text = scenario_reference_text();
  EXPECT_NE(text.find("  workload.rate_per_s"), std::string::npos);
  EXPECT_NE(text.find("number [1/s]"), std::string::npos);
  EXPECT_NE(text.find("only when type = \"poisson\""), std::string::npos);
}

}  // namespace
}  // namespace servesim
