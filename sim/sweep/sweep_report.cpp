// Text tables for the sweep command.
#include "sim/sweep/sweep_report.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace servesim {
namespace {

constexpr std::size_t kMaxReasons = 6;

std::string num(double v, int decimals) {
  return std::isfinite(v) ? fmt::format("{:.{}f}", v, decimals) : "-";
}

/// 243400 -> "243.4k", 1.2e6 -> "1.20M".
std::string compact(double v) {
  if (!std::isfinite(v)) return "-";
  if (std::fabs(v) >= 1e6) return fmt::format("{:.2f}M", v / 1e6);
  if (std::fabs(v) >= 1e4) return fmt::format("{:.1f}k", v / 1e3);
  return fmt::format("{:.0f}", v);
}

std::string load_of(const SweepPoint& p) {
  return p.scenario.workload.closed_loop()
             ? fmt::format("{}", p.scenario.workload.concurrency)
             : fmt::format("{}/s", p.scenario.workload.rate_per_s);
}

}  // namespace

std::string render_text_table(const std::vector<std::string>& header,
                              const std::vector<std::vector<std::string>>& rows,
                              const std::string& indent) {
  std::vector<std::size_t> width(header.size(), 0);
  for (std::size_t k = 0; k < header.size(); ++k) width[k] = header[k].size();
  for (const auto& row : rows) {
    for (std::size_t k = 0; k < row.size() && k < width.size(); ++k) {
      width[k] = std::max(width[k], row[k].size());
    }
  }
  auto line = [&](const std::vector<std::string>& cells) {
    std::string out = indent;
    for (std::size_t k = 0; k < width.size(); ++k) {
      const std::string& c = k < cells.size() ? cells[k] : "";
      if (k > 0) out += "  ";
      out += k == 0 ? fmt::format("{:<{}}", c, width[k]) : fmt::format("{:>{}}", c, width[k]);
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out + "\n";
  };
  std::string out = line(header);
  std::size_t total = 0;
  for (auto w : width) total += w;
  out += indent + std::string(total + 2 * (width.size() - 1), '-') + "\n";
  for (const auto& row : rows) out += line(row);
  return out;
}

std::string format_sweep_summary(const SweepResult& r) {
  std::string out = fmt::format("sweep {}: {} points", r.spec.name, r.points.size());
  if (r.excluded_total()) {
    out += fmt::format(" (of {} in the grid; {} excluded by the sweep)",
                       r.points.size() + r.excluded_total(), r.excluded_total());
  }
  out += fmt::format(", {} ran, {} skipped", r.ran(), r.skipped());
  out += r.skipped() ? " (invalid configurations):\n" : "\n";
  for (std::size_t k = 0; k < r.excluded.size(); ++k) {
    if (r.excluded[k]) {
      out += fmt::format("  {:>4} x excluded: {}\n", r.excluded[k], r.spec.exclusions[k].because);
    }
  }
  for (std::size_t k = 0; k < r.skip_reasons.size() && k < kMaxReasons; ++k) {
    out += fmt::format("  {:>4} x {}\n", r.skip_reasons[k].count, r.skip_reasons[k].reason);
  }
  if (!r.spec.slo.empty()) {
    std::vector<std::string> limits;
    for (const auto& [metric, limit] : r.spec.slo) limits.push_back(fmt::format("{} <= {}", metric, limit));
    out += fmt::format("  frontiers only over points within the SLO: {}\n", fmt::join(limits, ", "));
  }
  if (r.skip_reasons.size() > kMaxReasons) {
    std::size_t rest = 0;
    for (std::size_t k = kMaxReasons; k < r.skip_reasons.size(); ++k) rest += r.skip_reasons[k].count;
    out += fmt::format("  {:>4} x {} other reasons (see /skipped in the HDF5 file)\n", rest,
                       r.skip_reasons.size() - kMaxReasons);
  }
  return out;
}

std::string format_frontier_tables(const SweepResult& r) {
  std::string out;
  for (const auto& g : r.groups) {
    out += fmt::format("\nPareto frontier: {} ({} of {} points that ran{})\n", g.name,
                       g.frontier.size(), g.points.size(),
                       r.spec.slo.empty() ? "" : fmt::format(", {} within the SLO", g.meeting_slo));
    if (g.frontier.empty()) {
      out += g.points.empty() ? "  (no point ran)\n" : "  (no point within the SLO)\n";
      continue;
    }
    std::vector<std::vector<std::string>> rows;
    bool closed_loop = true;
    for (std::size_t i : g.frontier) {
      closed_loop &= r.points[i].scenario.workload.closed_loop();
      const RunResult& res = r.outcomes[i].result;
      const PointEconomics& e = r.outcomes[i].economics;
      rows.push_back({r.points[i].config, load_of(r.points[i]), num(res.tok_s_per_user_median, 1),
                      num(res.total_tok_s_per_gpu, 0), num(res.output_tok_s_per_gpu, 0),
                      num(res.ttft_s.p50, 3), num(res.tpot_ms.p50, 2),
                      num(e.cost_usd_per_million_output_tokens, 3), compact(e.total_tok_s_per_mw)});
    }
    out += render_text_table({"config", closed_loop ? "conc" : "load", "tok/s/user", "tok/s/GPU", "out tok/s/GPU",
                              "TTFT p50 s", "TPOT p50 ms", "$/M out tok", "tok/s/MW"},
                             rows);
  }
  return out;
}

std::string format_iso_table(const SweepResult& r) {
  const std::size_t n = r.groups.size();
  if (n == 0 || r.iso.empty()) return "";
  std::vector<std::string> header = {"tok/s/user"};
  for (const auto& g : r.groups) header.push_back(g.name);
  for (std::size_t g = 1; g < n; ++g) {
    header.push_back(fmt::format("{} / {}", r.groups[0].name, r.groups[g].name));
  }
  for (const auto& g : r.groups) header.push_back("$/M out " + g.name);
  std::vector<std::vector<std::string>> rows;
  for (std::size_t k = 0; k + n <= r.iso.size(); k += n) {
    std::vector<std::string> row = {num(r.iso[k].tok_s_per_user, 0)};
    for (std::size_t g = 0; g < n; ++g) row.push_back(num(r.iso[k + g].total_tok_s_per_gpu, 0));
    for (std::size_t g = 1; g < n; ++g) {
      const double ratio = r.iso[k].total_tok_s_per_gpu / r.iso[k + g].total_tok_s_per_gpu;
      row.push_back(std::isfinite(ratio) ? fmt::format("{:.2f}x", ratio) : "-");
    }
    for (std::size_t g = 0; g < n; ++g) {
      row.push_back(num(r.iso[k + g].cost_usd_per_million_output_tokens, 3));
    }
    rows.push_back(std::move(row));
  }
  return "\nTotal tok/s/GPU at equal interactivity (linear between frontier points; - = outside "
         "a frontier)\n" +
         render_text_table(header, rows);
}

}  // namespace servesim
