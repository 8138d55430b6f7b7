// Writes the validation report as JSON.
#include "sim/validate/validation_report_json.hpp"

#include "sim/core/json_reader.hpp"

namespace servesim {
namespace {

Json stats_json(const MetricStats& stats) {
  Json j = Json::object();
  for (const auto& metric : compared_metrics()) {
    auto it = stats.find(metric);
    if (it == stats.end()) continue;
    j[metric] = {{"n", it->second.n},
                 {"median_abs_error", it->second.median_abs_error},
                 {"p90_abs_error", it->second.p90_abs_error},
                 {"median_error", it->second.median_error}};
  }
  return j;
}

Json grouped_json(const std::map<std::string, MetricStats>& groups) {
  Json j = Json::object();
  for (const auto& [name, stats] : groups) j[name] = stats_json(stats);
  return j;
}

Json metrics_json(const std::map<std::string, double>& values) {
  Json j = Json::object();
  for (const auto& metric : compared_metrics()) {
    auto it = values.find(metric);
    if (it != values.end()) j[metric] = it->second;
  }
  return j;
}

}  // namespace

std::string validation_report_json(const std::vector<RowOutcome>& outcomes,
                                   const ValidationSummary& summary) {
  Json rows = Json::array();
  for (const auto& o : outcomes) {
    Json r;
    if (o.id_is_number) {
      r["id"] = std::stoll(o.id);
    } else {
      r["id"] = o.id;
    }
    r["status"] = status_name(o.status);
    r["reason"] = o.reason;
    r["configuration"] = o.configuration;
    r["hardware"] = o.hardware;
    r["framework"] = o.framework;
    r["date"] = o.month;
    if (!o.profile.empty()) r["profile"] = o.profile;
    if (!o.notes.empty()) r["notes"] = o.notes;
    r["measured"] = metrics_json(o.measured);
    r["predicted"] = metrics_json(o.predicted);
    r["error"] = metrics_json(o.error);
    rows.push_back(std::move(r));
  }
  Json s = stats_json(summary.overall);
  s["by_hardware"] = grouped_json(summary.by_hardware);
  s["by_framework"] = grouped_json(summary.by_framework);
  s["by_date"] = grouped_json(summary.by_date);
  s["noise_floor"] = stats_json(summary.noise_floor);
  Json j;
  j["rows"] = std::move(rows);
  j["summary"] = std::move(s);
  j["counts"] = {{"rows", summary.rows},
                 {"ok", summary.ok},
                 {"unsupported", summary.unsupported},
                 {"skipped", summary.skipped},
                 {"error", summary.errors}};
  return j.dump(2) + "\n";
}

}  // namespace servesim
