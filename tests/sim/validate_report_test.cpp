// Validation report: error arithmetic, summaries, unsupported rows, determinism, the command.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "sim/core/json_reader.hpp"
#include "sim/scenario/catalog_loader.hpp"
#include "sim/validate/validation_output.hpp"
#include "sim/validate/validation_report.hpp"
#include "sim/validate/validation_report_json.hpp"

namespace servesim {
namespace {

const std::string kInputs = SERVESIM_SOURCE_DIR "/tests/inputs/validate/";

const RowOutcome& by_id(const std::vector<RowOutcome>& outcomes, const std::string& id) {
  for (const auto& o : outcomes) {
    if (o.id == id) return o;
  }
  throw std::runtime_error("no row " + id);
}

TEST(ValidationReport, QuantileInterpolatesBetweenOrderStatistics) {
  // Sorted {1, 2, 3, 4}: median at position 1.5 -> 2.5; p90 at 2.7 -> 3 + 0.7 x 1 = 3.7.
  EXPECT_DOUBLE_EQ(quantile({4, 1, 3, 2}, 0.5), 2.5);
  EXPECT_DOUBLE_EQ(quantile({4, 1, 3, 2}, 0.9), 3.7);
  EXPECT_DOUBLE_EQ(quantile({7}, 0.9), 7);
}

TEST(ValidationReport, ErrorArithmeticOnTwoHandMadeRows) {
  const auto rows = read_rows_file(kInputs + "two_rows.json");
  std::vector<RowOutcome> outcomes(2);
  // Row 0 (H200): measured 1000 tok/s/GPU, 50 tok/s/user, TTFT 0.2 s.
  // Predicted 1100, 40, 0.3 -> errors (1100-1000)/1000 = +0.10, (40-50)/50 = -0.20,
  // (0.3-0.2)/0.2 = +0.50.
  outcomes[0].id = "0";
  outcomes[0].id_is_number = true;
  outcomes[0].hardware = "H200-HGX";
  outcomes[0].framework = "SGLang";
  outcomes[0].month = "2025-12";
  compare_metrics(
      rows[0],
      {{"total_tok_s_per_gpu", 1100}, {"tok_s_per_user_median", 40}, {"ttft_s_median", 0.3}},
      outcomes[0]);
  // Row b (B200): measured 2000 tok/s/GPU and 40 tok/s/user, no TTFT.
  // Predicted 1500, 50, 0.1 -> errors -0.25, +0.25; TTFT predicted but not compared.
  outcomes[1].id = "b";
  outcomes[1].hardware = "B200-HGX";
  outcomes[1].framework = "TRT-LLM";
  outcomes[1].month = "2026-01";
  compare_metrics(
      rows[1],
      {{"total_tok_s_per_gpu", 1500}, {"tok_s_per_user_median", 50}, {"ttft_s_median", 0.1}},
      outcomes[1]);

  EXPECT_NEAR(outcomes[0].error.at("total_tok_s_per_gpu"), 0.10, 1e-12);
  EXPECT_NEAR(outcomes[0].error.at("tok_s_per_user_median"), -0.20, 1e-12);
  EXPECT_NEAR(outcomes[0].error.at("ttft_s_median"), 0.50, 1e-12);
  EXPECT_NEAR(outcomes[1].error.at("total_tok_s_per_gpu"), -0.25, 1e-12);
  EXPECT_NEAR(outcomes[1].error.at("tok_s_per_user_median"), 0.25, 1e-12);
  EXPECT_EQ(outcomes[1].error.count("ttft_s_median"), 0u);
  EXPECT_EQ(outcomes[1].predicted.count("ttft_s_median"), 1u);

  const ValidationSummary s = summarise(outcomes);
  EXPECT_EQ(s.rows, 2u);
  EXPECT_EQ(s.ok, 2u);
  // total tok/s/GPU |errors| {0.10, 0.25}: median = 0.175, p90 = 0.10 + 0.9 x 0.15 = 0.235.
  const ErrorStats& total = s.overall.at("total_tok_s_per_gpu");
  EXPECT_EQ(total.n, 2u);
  EXPECT_NEAR(total.median_abs_error, 0.175, 1e-12);
  EXPECT_NEAR(total.p90_abs_error, 0.235, 1e-12);
  // Signed errors {+0.10, -0.25}: median (bias) = (0.10 - 0.25) / 2 = -0.075.
  EXPECT_NEAR(total.median_error, -0.075, 1e-12);
  // tok/s/user |errors| {0.20, 0.25}: median 0.225, p90 0.20 + 0.9 x 0.05 = 0.245.
  EXPECT_NEAR(s.overall.at("tok_s_per_user_median").median_abs_error, 0.225, 1e-12);
  EXPECT_NEAR(s.overall.at("tok_s_per_user_median").p90_abs_error, 0.245, 1e-12);
  EXPECT_NEAR(s.overall.at("tok_s_per_user_median").median_error, 0.025, 1e-12);  // (-0.2+0.25)/2
  // TTFT only from row 0: n = 1, median = p90 = 0.5.
  EXPECT_EQ(s.overall.at("ttft_s_median").n, 1u);
  EXPECT_NEAR(s.overall.at("ttft_s_median").p90_abs_error, 0.5, 1e-12);
  // Per hardware: one row each, so the median is that row's |error|.
  EXPECT_NEAR(s.by_hardware.at("B200-HGX").at("total_tok_s_per_gpu").median_abs_error, 0.25, 1e-12);
  EXPECT_EQ(s.by_hardware.at("B200-HGX").count("ttft_s_median"), 0u);
  EXPECT_NEAR(s.by_framework.at("SGLang").at("tok_s_per_user_median").median_abs_error, 0.20,
              1e-12);
  EXPECT_NEAR(s.by_date.at("2026-01").at("tok_s_per_user_median").median_abs_error, 0.25, 1e-12);

  // The JSON report has the shape; a row without an id is named by its index.
  const Json j = Json::parse(validation_report_json(outcomes, s));
  EXPECT_EQ(j["rows"][0]["id"], 0);
  EXPECT_EQ(j["rows"][1]["id"], "b");
  EXPECT_EQ(j["rows"][0]["status"], "ok");
  EXPECT_DOUBLE_EQ(j["rows"][0]["measured"]["total_tok_s_per_gpu"].get<double>(), 1000);
  EXPECT_DOUBLE_EQ(j["rows"][0]["predicted"]["total_tok_s_per_gpu"].get<double>(), 1100);
  EXPECT_NEAR(j["rows"][0]["error"]["total_tok_s_per_gpu"].get<double>(), 0.10, 1e-12);
  EXPECT_FALSE(j["rows"][1]["error"].contains("ttft_s_median"));
  EXPECT_EQ(j["summary"]["total_tok_s_per_gpu"]["n"], 2);
  EXPECT_NEAR(j["summary"]["total_tok_s_per_gpu"]["median_abs_error"].get<double>(), 0.175, 1e-12);
  EXPECT_NEAR(
      j["summary"]["by_hardware"]["H200-HGX"]["total_tok_s_per_gpu"]["p90_abs_error"].get<double>(),
      0.10, 1e-12);
  EXPECT_TRUE(j["summary"].contains("by_framework"));
  EXPECT_TRUE(j["summary"].contains("by_date"));
}

class ValidateRowsRun : public ::testing::Test {
 protected:
  Catalog catalog = load_catalog(SERVESIM_SOURCE_DIR "/scenarios/catalog");
  FrameworkProfiles profiles = load_framework_profiles(SERVESIM_SOURCE_DIR "/scenarios/catalog");
  std::vector<MeasuredRow> rows = read_rows_file(kInputs + "mixed_rows.json");
  std::vector<RowOutcome> run(int threads) {
    ValidationOptions o;
    o.threads = threads;
    return validate_rows(rows, catalog, profiles, o);
  }
};

TEST_F(ValidateRowsRun, EveryRowComesBackInOrderWithItsStatus) {
  const auto outcomes = run(2);
  ASSERT_EQ(outcomes.size(), rows.size());
  for (std::size_t i = 0; i < rows.size(); ++i) EXPECT_EQ(outcomes[i].id, rows[i].id);

  const RowOutcome& gpu = by_id(outcomes, "unknown-gpu");
  EXPECT_EQ(gpu.status, RowStatus::kUnsupported);
  EXPECT_EQ(gpu.reason, "unknown hardware \"X999\"");
  EXPECT_TRUE(gpu.error.empty());
  EXPECT_EQ(by_id(outcomes, "bad-quality").status, RowStatus::kSkipped);
  EXPECT_EQ(by_id(outcomes, "bad-quality").reason, "quality_ok is false");
  // A disaggregated row is simulated as prefill and decode pools, and compared per decode GPU.
  const RowOutcome& disagg = by_id(outcomes, "disagg");
  EXPECT_EQ(disagg.status, RowStatus::kOk) << disagg.reason;
  EXPECT_EQ(disagg.predicted.count("output_tok_s_per_decode_gpu"), 1u);
  EXPECT_EQ(by_id(outcomes, "no-split").reason,
            "legacy row: the prefill/decode worker split was not recorded (workers: 0)");
  EXPECT_EQ(by_id(outcomes, "small").status, RowStatus::kOk);
  EXPECT_EQ(by_id(outcomes, "unknown-framework").status, RowStatus::kOk);
  EXPECT_EQ(by_id(outcomes, "unknown-framework").profile, "generic");

  // Unsupported and skipped rows are counted but never enter the statistics.
  const ValidationSummary s = summarise(outcomes);
  EXPECT_EQ(s.rows, 7u);
  EXPECT_EQ(s.ok, 4u);
  EXPECT_EQ(s.unsupported, 2u);
  EXPECT_EQ(s.skipped, 1u);
  EXPECT_EQ(s.overall.at("total_tok_s_per_gpu").n, 2u);  // small, unknown-framework
  EXPECT_EQ(s.by_hardware.count("X999"), 0u);
  EXPECT_EQ(s.by_hardware.count("MI355X"), 0u);

  // Every row not simulated is listed with its reason.
  const std::string text = validation_text(outcomes, s, {});
  EXPECT_NE(text.find("unknown-gpu"), std::string::npos);
  EXPECT_NE(text.find("unknown hardware \"X999\""), std::string::npos);
  EXPECT_NE(text.find("quality_ok is false"), std::string::npos);
}

TEST_F(ValidateRowsRun, RowMissingSeveralMetricsComparesOnlyThosePresent) {
  const auto outcomes = run(1);
  const RowOutcome& o = by_id(outcomes, "few-metrics");
  ASSERT_EQ(o.status, RowStatus::kOk) << o.reason;
  // Only tok_s_per_user_median was measured (total is null, TTFT absent).
  ASSERT_EQ(o.measured.size(), 1u);
  EXPECT_EQ(o.measured.count("tok_s_per_user_median"), 1u);
  ASSERT_EQ(o.error.size(), 1u);
  EXPECT_NEAR(o.error.at("tok_s_per_user_median"),
              (o.predicted.at("tok_s_per_user_median") - 80.0) / 80.0, 1e-12);
  // Still predicted, for the reader.
  EXPECT_EQ(o.predicted.count("total_tok_s_per_gpu"), 1u);
}

TEST_F(ValidateRowsRun, ResultsDoNotDependOnTheThreadCount) {
  const auto one = run(1);
  const auto three = run(3);
  EXPECT_EQ(validation_report_json(one, summarise(one)),
            validation_report_json(three, summarise(three)));
  EXPECT_EQ(validation_csv(one), validation_csv(three));
}

TEST(ValidateCommand, WritesReportCsvAndMarkdown) {
  const auto dir = std::filesystem::temp_directory_path() /
                   ("servesim_validate_test_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const std::string report = (dir / "r.json").string();
  const std::string md = (dir / "v.md").string();
  const std::string csv = (dir / "v.csv").string();
  const std::string cmd = std::string(SERVESIM_BINARY) + " validate " + kInputs +
                          "mixed_rows.json --threads 2 --quiet --report " + report + " --csv " +
                          csv + " --markdown " + md;
  ASSERT_EQ(std::system(cmd.c_str()), 0);
  std::ifstream in(report);
  std::stringstream ss;
  ss << in.rdbuf();
  const Json j = Json::parse(ss.str());
  EXPECT_EQ(j["rows"].size(), 7u);
  EXPECT_EQ(j["rows"][1]["status"], "unsupported");
  EXPECT_EQ(j["rows"][1]["reason"], "unknown hardware \"X999\"");
  EXPECT_EQ(j["counts"]["ok"], 4);
  std::ifstream m(md);
  std::string first;
  std::getline(m, first);
  EXPECT_EQ(first.rfind("<!-- Generated by `servesim validate ", 0), 0u) << first;
  EXPECT_TRUE(std::filesystem::exists(csv));
  std::filesystem::remove_all(dir);

  // A malformed file is one line on stderr and exit code 2.
  const std::string bad = std::string(SERVESIM_BINARY) + " validate " + SERVESIM_SOURCE_DIR +
                          "/scenarios/default.json --quiet 2>/dev/null";
  const int rc = std::system(bad.c_str());
  EXPECT_EQ(WEXITSTATUS(rc), 2);
}

}  // namespace
}  // namespace servesim
