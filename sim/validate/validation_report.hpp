// Validation against measured rows: simulate each row, compare predicted with measured metrics,
// summarise |error| overall and by hardware, framework and month, and the JSON report.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include "hw/catalog.hpp"
#include "sim/scenario/framework_profile.hpp"
#include "sim/run/run_result.hpp"
#include "sim/validate/validate_rows.hpp"

namespace servesim {

/// The metrics compared, by row-format name, in report order: total tok/s/GPU, tok/s/user
/// (1000 / median TPOT), median TTFT, and output tok/s per decode GPU (disaggregated rows).
const std::vector<std::string>& compared_metrics();

/// kError: the simulation hit an internal check (a servesim bug); the row is listed with the
/// message and excluded from the summary, and the other rows still run.
enum class RowStatus { kOk, kUnsupported, kSkipped, kError };
/// "ok", "unsupported", "skipped" or "error".
const char* status_name(RowStatus status);

/// One row's result. `measured` holds the compared metrics the row has (and > 0); `predicted`
/// the ones servesim predicts for it; `error` = (predicted - measured) / measured where both are.
struct RowOutcome {
  std::size_t index = 0;
  std::string id;
  bool id_is_number = false;
  std::string configuration;
  std::string hardware, framework, month;
  RowStatus status = RowStatus::kOk;
  std::string reason;              ///< for unsupported and skipped rows
  std::vector<std::string> notes;  ///< substitutions made building the scenario
  std::string profile;             ///< framework profile applied
  std::map<std::string, double> measured, predicted, error;

  /// The largest |error| over the compared metrics (0 when none).
  double worst_abs_error() const;
};

/// The predicted values of the compared metrics from a run of an aggregated row.
std::map<std::string, double> predicted_metrics(const RunResult& result);
/// Fills measured/predicted/error of `outcome` from `row` and `predicted`.
void compare_metrics(const MeasuredRow& row, const std::map<std::string, double>& predicted,
                     RowOutcome& outcome);

/// n, median and p90 of |error| of one metric over a set of rows, and the median signed error
/// (the bias: > 0 when servesim predicts too high).
struct ErrorStats {
  std::size_t n = 0;
  double median_abs_error = 0;
  double p90_abs_error = 0;
  double median_error = 0;
};
/// ErrorStats by metric name; metrics with no compared rows are absent.
using MetricStats = std::map<std::string, ErrorStats>;

struct ValidationSummary {
  std::size_t rows = 0, ok = 0, unsupported = 0, skipped = 0, errors = 0;
  MetricStats overall;
  std::map<std::string, MetricStats> by_hardware, by_framework, by_date;
  /// The measurements' own spread: over configurations measured more than once (same
  /// configuration string), |measured / median of its runs - 1| of each run. n counts runs.
  MetricStats noise_floor;
};

/// The q-quantile (0..1) of `values` by linear interpolation between order statistics
/// (numpy's default): position q * (n - 1). `values` must not be empty.
double quantile(std::vector<double> values, double q);
/// Statistics over the ok rows; skipped, unsupported and failed rows are counted, never compared.
ValidationSummary summarise(const std::vector<RowOutcome>& outcomes);

struct ValidationOptions {
  int threads = 1;
  bool include_bad_quality = false;  ///< simulate rows with quality_ok false too
  std::string step_model;            ///< step_model_registry() name for every row ("" = default)
};

/// Simulates every row on `threads` threads; outcomes come back in row order and do not depend
/// on the thread count. Rows with quality_ok false are skipped unless asked for. A row whose
/// simulation fails an internal check comes back with status kError and the check's message.
std::vector<RowOutcome> validate_rows(const std::vector<MeasuredRow>& rows, const Catalog& catalog,
                                      const FrameworkProfiles& profiles,
                                      const ValidationOptions& options);

}  // namespace servesim
