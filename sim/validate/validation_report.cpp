// Simulating rows, comparing metrics, and summarising errors.
#include "sim/validate/validation_report.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <exception>
#include <optional>
#include <thread>

#include "sim/core/error.hpp"
#include "sim/validate/row_scenario.hpp"
#include "sim/run/run_scenario.hpp"
#include "sim/scenario/scenario_validation.hpp"

namespace servesim {
namespace {

constexpr const char* kTotalPerGpu = "total_tok_s_per_gpu";
constexpr const char* kPerUser = "tok_s_per_user_median";
constexpr const char* kTtft = "ttft_s_median";
constexpr const char* kDecodePerGpu = "output_tok_s_per_decode_gpu";

RowOutcome outcome_shell(const MeasuredRow& row) {
  RowOutcome o;
  o.index = row.index;
  o.id = row.id;
  o.id_is_number = row.id_is_number;
  o.configuration = row.configuration();
  o.hardware = row.hardware;
  o.framework = row.framework.empty() ? "(none)" : row.framework;
  o.month = row.month();
  return o;
}

RowOutcome simulate_row(const MeasuredRow& row, const Catalog& catalog,
                        const FrameworkProfiles& profiles, const ValidationOptions& options) {
  RowOutcome o = outcome_shell(row);
  if (!row.quality_ok && !options.include_bad_quality) {
    o.status = RowStatus::kSkipped;
    o.reason = "quality_ok is false";
    return o;
  }
  RowScenario rs = row_scenario(row, catalog, profiles);
  if (!options.step_model.empty()) {
    rs.scenario.step_model = options.step_model;
    for (PoolConfig& p : rs.scenario.pools) p.settings.step_model = options.step_model;
  }
  o.notes = rs.notes;
  o.profile = rs.profile;
  if (!rs.supported) {
    o.status = RowStatus::kUnsupported;
    o.reason = rs.reason;
    return o;
  }
  std::optional<ValidScenario> valid;
  try {
    valid.emplace(validate(rs.scenario, catalog));
  } catch (const InputError& e) {
    o.status = RowStatus::kUnsupported;
    o.reason = strip_row_label(row, e.what());
    return o;
  }
  try {
    compare_metrics(row, predicted_metrics(run_scenario(*valid)), o);
  } catch (const CheckFailure& e) {
    o.status = RowStatus::kError;
    o.reason = fmt::format("internal error (a servesim bug): {}", e.what());
  }
  return o;
}

}  // namespace

const std::vector<std::string>& compared_metrics() {
  static const std::vector<std::string> names = {kTotalPerGpu, kPerUser, kTtft, kDecodePerGpu};
  return names;
}

const char* status_name(RowStatus status) {
  switch (status) {
    case RowStatus::kOk:
      return "ok";
    case RowStatus::kUnsupported:
      return "unsupported";
    case RowStatus::kSkipped:
      return "skipped";
    case RowStatus::kError:
      return "error";
  }
  return "?";
}

double RowOutcome::worst_abs_error() const {
  double worst = 0;
  for (const auto& [metric, e] : error) worst = std::max(worst, std::fabs(e));
  return worst;
}

std::map<std::string, double> predicted_metrics(const RunResult& result) {
  // Total tok/s divided by every GPU of the run (aggregated rows: the one instance's; the
  // benchmark's divisor); per decode GPU for disaggregated rows.
  std::map<std::string, double> out = {{kTotalPerGpu, result.total_tok_s_per_gpu},
                                       {kPerUser, result.tok_s_per_user_median},
                                       {kTtft, result.ttft_s.p50}};
  if (result.disaggregated) out[kDecodePerGpu] = result.output_tok_s_per_decode_gpu;
  return out;
}

void compare_metrics(const MeasuredRow& row, const std::map<std::string, double>& predicted,
                     RowOutcome& outcome) {
  for (const auto& metric : compared_metrics()) {
    auto m = row.metrics.find(metric);
    auto p = predicted.find(metric);
    if (p != predicted.end()) outcome.predicted[metric] = p->second;
    if (m == row.metrics.end()) continue;
    if (!(m->second > 0)) {
      outcome.notes.push_back(fmt::format("measured {} is {}; not compared", metric, m->second));
      continue;
    }
    outcome.measured[metric] = m->second;
    if (p != predicted.end()) outcome.error[metric] = (p->second - m->second) / m->second;
  }
}

double quantile(std::vector<double> values, double q) {
  SERVESIM_CHECK(!values.empty(), "quantile of nothing");
  std::sort(values.begin(), values.end());
  const double pos = q * static_cast<double>(values.size() - 1);
  const auto lo = static_cast<std::size_t>(std::floor(pos));
  const std::size_t hi = std::min(lo + 1, values.size() - 1);
  return values[lo] + (pos - static_cast<double>(lo)) * (values[hi] - values[lo]);
}

ValidationSummary summarise(const std::vector<RowOutcome>& outcomes) {
  ValidationSummary s;
  using Samples = std::map<std::string, std::vector<double>>;  // metric -> signed errors
  Samples overall;
  std::map<std::string, Samples> hardware, framework, date;
  for (const auto& o : outcomes) {
    ++s.rows;
    if (o.status == RowStatus::kUnsupported) ++s.unsupported;
    if (o.status == RowStatus::kSkipped) ++s.skipped;
    if (o.status == RowStatus::kError) ++s.errors;
    if (o.status != RowStatus::kOk) continue;
    ++s.ok;
    for (const auto& [metric, e] : o.error) {
      overall[metric].push_back(e);
      hardware[o.hardware][metric].push_back(e);
      framework[o.framework][metric].push_back(e);
      date[o.month][metric].push_back(e);
    }
  }
  auto stats = [](const Samples& samples) {
    MetricStats out;
    for (const auto& [metric, v] : samples) {
      std::vector<double> abs(v.size());
      std::transform(v.begin(), v.end(), abs.begin(), [](double e) { return std::fabs(e); });
      out[metric] = ErrorStats{v.size(), quantile(abs, 0.5), quantile(abs, 0.9), quantile(v, 0.5)};
    }
    return out;
  };
  // Noise floor: runs of one configuration against the median of its runs.
  std::map<std::string, std::map<std::string, std::vector<double>>> runs;  // config -> metric
  for (const auto& o : outcomes) {
    if (o.status != RowStatus::kOk) continue;
    for (const auto& [metric, m] : o.measured) runs[o.configuration][metric].push_back(m);
  }
  Samples spread;
  for (const auto& [config, metrics] : runs) {
    for (const auto& [metric, values] : metrics) {
      if (values.size() < 2) continue;
      const double mid = quantile(values, 0.5);
      for (double v : values) spread[metric].push_back(v / mid - 1);
    }
  }
  s.noise_floor = stats(spread);
  s.overall = stats(overall);
  for (const auto& [k, v] : hardware) s.by_hardware[k] = stats(v);
  for (const auto& [k, v] : framework) s.by_framework[k] = stats(v);
  for (const auto& [k, v] : date) s.by_date[k] = stats(v);
  return s;
}

std::vector<RowOutcome> validate_rows(const std::vector<MeasuredRow>& rows, const Catalog& catalog,
                                      const FrameworkProfiles& profiles,
                                      const ValidationOptions& options) {
  std::vector<RowOutcome> outcomes(rows.size());
  std::vector<std::exception_ptr> failures(rows.size());
  std::atomic<std::size_t> next{0};
  auto work = [&] {
    for (std::size_t i = next++; i < rows.size(); i = next++) {
      try {
        outcomes[i] = simulate_row(rows[i], catalog, profiles, options);
      } catch (...) {
        failures[i] = std::current_exception();
      }
    }
  };
  const int threads = std::max(1, std::min<int>(options.threads, static_cast<int>(rows.size())));
  std::vector<std::thread> pool;
  for (int t = 1; t < threads; ++t) pool.emplace_back(work);
  work();
  for (auto& t : pool) t.join();
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (!failures[i]) continue;
    // A bug, not a row problem: report the first one in row order, naming the row.
    try {
      std::rethrow_exception(failures[i]);
    } catch (const std::exception& e) {
      throw CheckFailure(fmt::format("{} (id {}): {}", row_label(rows[i]), rows[i].id, e.what()));
    }
  }
  return outcomes;
}

}  // namespace servesim
