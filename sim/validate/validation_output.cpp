// Terminal table, CSV and markdown of a validation.
#include "sim/validate/validation_output.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "sim/core/text.hpp"
#include "sim/core/version.hpp"

namespace servesim {
namespace {

std::string metric_title(const std::string& metric) {
  static const std::map<std::string, std::string> titles = {
      {"total_tok_s_per_gpu", "total tok/s/GPU"},
      {"tok_s_per_user_median", "tok/s/user"},
      {"ttft_s_median", "TTFT median (s)"},
      {"output_tok_s_per_decode_gpu", "output tok/s/decode GPU"}};
  auto it = titles.find(metric);
  return it == titles.end() ? metric : it->second;
}

std::string value_text(const std::string& metric, double v) {
  return metric == "ttft_s_median" ? fmt::format("{:.3f}", v) : fmt::format("{:.1f}", v);
}

std::string percent(double fraction) { return fmt::format("{:.1f}%", 100 * fraction); }
std::string signed_percent(double fraction) { return fmt::format("{:+.1f}%", 100 * fraction); }

/// The compared metrics any row measured or predicted, in report order.
std::vector<std::string> shown_metrics(const std::vector<RowOutcome>& outcomes) {
  std::vector<std::string> out;
  for (const auto& metric : compared_metrics()) {
    for (const auto& o : outcomes) {
      if (o.measured.count(metric) || o.predicted.count(metric)) {
        out.push_back(metric);
        break;
      }
    }
  }
  return out;
}

std::string bias_cell(const MetricStats& stats, const std::string& metric) {
  auto it = stats.find(metric);
  return it == stats.end() ? "-" : signed_percent(it->second.median_error);
}

std::string stats_cell(const MetricStats& stats, const std::string& metric) {
  auto it = stats.find(metric);
  if (it == stats.end()) return "-";
  return fmt::format("{} / {} ({})", percent(it->second.median_abs_error),
                     percent(it->second.p90_abs_error), it->second.n);
}

std::string row_cell(const RowOutcome& o, const std::string& metric) {
  auto m = o.measured.find(metric);
  auto p = o.predicted.find(metric);
  auto e = o.error.find(metric);
  if (m == o.measured.end() && p == o.predicted.end()) return "-";
  std::string s = m == o.measured.end() ? "-" : value_text(metric, m->second);
  s += " -> ";
  s += p == o.predicted.end() ? "-" : value_text(metric, p->second);
  if (e != o.error.end()) s += fmt::format(" ({})", signed_percent(e->second));
  return s;
}

/// The ok rows the table shows, and a title for them.
std::vector<const RowOutcome*> table_rows(const std::vector<RowOutcome>& outcomes,
                                          const ValidationTextOptions& options,
                                          std::string& title) {
  std::vector<const RowOutcome*> ok;
  for (const auto& o : outcomes) {
    if (o.status == RowStatus::kOk) ok.push_back(&o);
  }
  if (options.all_rows || ok.size() <= options.all_rows_limit) {
    title = fmt::format("simulated rows ({})", ok.size());
    return ok;
  }
  std::stable_sort(ok.begin(), ok.end(), [](const RowOutcome* a, const RowOutcome* b) {
    return a->worst_abs_error() > b->worst_abs_error();
  });
  ok.resize(std::min(ok.size(), options.worst));
  title = fmt::format("the {} rows with the largest |error| (--all shows every row)", ok.size());
  return ok;
}

/// Distinct notes with how many rows carry each.
std::map<std::string, std::size_t> note_counts(const std::vector<RowOutcome>& outcomes) {
  std::map<std::string, std::size_t> counts;
  for (const auto& o : outcomes) {
    for (const auto& n : o.notes) ++counts[n];
  }
  return counts;
}

struct Group {
  std::string title;
  const std::map<std::string, MetricStats>* groups;
};

std::vector<Group> summary_groups(const ValidationSummary& s) {
  return {{"hardware", &s.by_hardware}, {"framework", &s.by_framework}, {"month", &s.by_date}};
}

std::string md_escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '|') out += '\\';
    out += c;
  }
  return out;
}

}  // namespace

std::string validation_text(const std::vector<RowOutcome>& outcomes,
                            const ValidationSummary& summary,
                            const ValidationTextOptions& options) {
  const auto metrics = shown_metrics(outcomes);
  std::string out = fmt::format(
      "servesim validate: {} rows: {} simulated, {} unsupported, {} skipped, {} failed\n"
      "error = (predicted - measured) / measured; summary cells: median |error| / p90 |error| "
      "(rows)\n\n",
      summary.rows, summary.ok, summary.unsupported, summary.skipped, summary.errors);

  // Summary.
  constexpr int kGroupWidth = 28;
  constexpr int kStatsWidth = 28;
  out += fmt::format("{:<{}}", "group", kGroupWidth);
  for (const auto& m : metrics) out += fmt::format("{:<{}}", metric_title(m), kStatsWidth);
  out += "\n";
  auto stats_line = [&](const std::string& name, const MetricStats& stats) {
    std::string line = fmt::format("{:<{}}", name, kGroupWidth);
    for (const auto& m : metrics) line += fmt::format("{:<{}}", stats_cell(stats, m), kStatsWidth);
    while (!line.empty() && line.back() == ' ') line.pop_back();
    return line + "\n";
  };
  out += stats_line("all", summary.overall);
  {
    std::string line = fmt::format("{:<{}}", "all: median signed error", kGroupWidth);
    for (const auto& m : metrics)
      line += fmt::format("{:<{}}", bias_cell(summary.overall, m), kStatsWidth);
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += line + "\n";
  }
  for (const auto& g : summary_groups(summary)) {
    out += fmt::format("by {}\n", g.title);
    for (const auto& [name, stats] : *g.groups) out += stats_line(fmt::format("  {}", name), stats);
  }
  out += stats_line("noise floor (repeat runs)", summary.noise_floor);

  // Rows.
  std::string title;
  const auto shown = table_rows(outcomes, options, title);
  if (!shown.empty()) {
    std::size_t config_width = 13;
    for (const auto* o : shown) config_width = std::max(config_width, o->configuration.size());
    constexpr int kCellWidth = 34;
    out += fmt::format("\n{}: measured -> predicted (signed error)\n", title);
    out += fmt::format("{:<8}{:<{}}  ", "id", "configuration", config_width);
    for (const auto& m : metrics) out += fmt::format("{:<{}}", metric_title(m), kCellWidth);
    out += "\n";
    for (const auto* o : shown) {
      std::string line = fmt::format("{:<8}{:<{}}  ", o->id, o->configuration, config_width);
      for (const auto& m : metrics) line += fmt::format("{:<{}}", row_cell(*o, m), kCellWidth);
      while (!line.empty() && line.back() == ' ') line.pop_back();
      out += line + "\n";
    }
  }

  // Never silently dropped: every row not simulated, with its reason.
  const std::size_t not_simulated = summary.unsupported + summary.skipped + summary.errors;
  if (not_simulated > 0) {
    out += fmt::format("\nrows not simulated ({}):\n", not_simulated);
    for (const auto& o : outcomes) {
      if (o.status == RowStatus::kOk) continue;
      out += fmt::format("  {:<8}{:<12}{}: {}\n", o.id, status_name(o.status), o.configuration,
                         o.reason);
    }
  }
  const auto notes = note_counts(outcomes);
  if (!notes.empty()) {
    out += "\nnotes:\n";
    for (const auto& [note, count] : notes) out += fmt::format("  {} ({} rows)\n", note, count);
  }
  return out;
}

std::string validation_csv(const std::vector<RowOutcome>& outcomes) {
  std::string out = "id,status,reason,configuration,hardware,framework,date,profile";
  for (const auto& m : compared_metrics()) {
    out += fmt::format(",measured_{0},predicted_{0},error_{0}", m);
  }
  out += "\n";
  auto number = [](const std::map<std::string, double>& values, const std::string& key) {
    auto it = values.find(key);
    return it == values.end() ? std::string() : fmt::format("{}", it->second);
  };
  for (const auto& o : outcomes) {
    out += fmt::format("{},{},{},{},{},{},{},{}", csv_quote(o.id), status_name(o.status),
                       csv_quote(o.reason), csv_quote(o.configuration), csv_quote(o.hardware),
                       csv_quote(o.framework), o.month, csv_quote(o.profile));
    for (const auto& m : compared_metrics()) {
      out += fmt::format(",{},{},{}", number(o.measured, m), number(o.predicted, m),
                         number(o.error, m));
    }
    out += "\n";
  }
  return out;
}

std::string validation_markdown(const std::vector<RowOutcome>& outcomes,
                                const ValidationSummary& summary,
                                const ValidationTextOptions& options, const std::string& command) {
  const auto metrics = shown_metrics(outcomes);
  std::string out = fmt::format(
      "<!-- Generated by `{}` (servesim {}). Do not edit by hand: rerun the command. -->\n"
      "# Validation against measured rows\n\n"
      "Generated by `{}` (servesim {}).\n\n"
      "{} rows: {} simulated, {} unsupported, {} skipped, {} failed. Each simulated row is a "
      "closed loop at "
      "the row's concurrency (lengths uniform in [0.8 L, L], 10 x concurrency measured requests "
      "after 2 x concurrency warm-up) with the row's hardware, precision and parallelism and its "
      "framework profile's scheduler defaults. Error = (predicted - measured) / measured; each "
      "cell is median |error| / p90 |error| (rows), quantiles by linear interpolation.\n\n",
      command, kServesimVersion, command, kServesimVersion, summary.rows, summary.ok,
      summary.unsupported, summary.skipped, summary.errors);

  auto header = [&](const std::string& first) {
    std::string h = fmt::format("| {} |", first);
    std::string rule = "| --- |";
    for (const auto& m : metrics) {
      h += fmt::format(" {} |", metric_title(m));
      rule += " --- |";
    }
    return fmt::format("{}\n{}\n", h, rule);
  };
  auto stats_row = [&](const std::string& name, const MetricStats& stats) {
    std::string r = fmt::format("| {} |", md_escape(name));
    for (const auto& m : metrics) r += fmt::format(" {} |", stats_cell(stats, m));
    r += "\n";
    return r;
  };
  std::string bias = "| all: median signed error |";
  for (const auto& m : metrics) bias += fmt::format(" {} |", bias_cell(summary.overall, m));
  out += fmt::format("## Summary\n\n{}{}{}\n\n", header("rows"), stats_row("all", summary.overall),
                     bias);
  for (const auto& g : summary_groups(summary)) {
    out += fmt::format("### By {}\n\n", g.title);
    if (g.title == "month") {
      out +=
          "Performance moves with the software version: the same configuration can differ "
          "between dates (see the noise floor below).\n\n";
    }
    out += header(g.title);
    for (const auto& [name, stats] : *g.groups) out += stats_row(name, stats);
    out += "\n";
  }
  out +=
      "### Noise floor\n\nConfigurations measured more than once: each run's |measured / median of "
      "its runs - 1|. A model cannot be expected to land closer than this.\n\n";
  out +=
      fmt::format("{}{}\n", header("measurements"), stats_row("repeat runs", summary.noise_floor));

  std::string title;
  const auto shown = table_rows(outcomes, options, title);
  if (!shown.empty()) {
    out +=
        fmt::format("## Rows: {}\n\nEach cell: measured -> predicted (signed error).\n\n", title);
    out += "| id | configuration |";
    std::string rule = "| --- | --- |";
    for (const auto& m : metrics) {
      out += fmt::format(" {} |", metric_title(m));
      rule += " --- |";
    }
    out += fmt::format("\n{}\n", rule);
    for (const auto* o : shown) {
      out += fmt::format("| {} | {} |", md_escape(o->id), md_escape(o->configuration));
      for (const auto& m : metrics) out += fmt::format(" {} |", row_cell(*o, m));
      out += "\n";
    }
    out += "\n";
  }

  const std::size_t not_simulated = summary.unsupported + summary.skipped + summary.errors;
  if (not_simulated > 0) {
    out += fmt::format(
        "## Rows not simulated ({})\n\n| id | status | configuration | reason |\n"
        "| --- | --- | --- | --- |\n",
        not_simulated);
    for (const auto& o : outcomes) {
      if (o.status == RowStatus::kOk) continue;
      out += fmt::format("| {} | {} | {} | {} |\n", md_escape(o.id), status_name(o.status),
                         md_escape(o.configuration), md_escape(o.reason));
    }
    out += "\n";
  }
  const auto notes = note_counts(outcomes);
  if (!notes.empty()) {
    out += "## Notes\n\n";
    for (const auto& [note, count] : notes) out += fmt::format("- {} ({} rows)\n", note, count);
    out += "\n";
  }
  return out;
}

}  // namespace servesim
