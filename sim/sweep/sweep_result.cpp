// Frontiers, iso-interactivity comparison and skip summary of a finished sweep.
#include "sim/sweep/sweep_result.hpp"

#include <algorithm>
#include <map>

#include "sim/core/error.hpp"
#include "sim/sweep/pareto.hpp"

namespace servesim {

std::size_t SweepResult::ran() const {
  return static_cast<std::size_t>(
      std::count_if(outcomes.begin(), outcomes.end(), [](const PointOutcome& o) { return o.ran; }));
}

std::size_t SweepResult::skipped() const { return outcomes.size() - ran(); }

std::size_t SweepResult::excluded_total() const {
  std::size_t n = 0;
  for (auto e : excluded) n += e;
  return n;
}

double slo_metric_value(const RunResult& r, const std::string& metric) {
  const Distribution* d = nullptr;
  if (metric.rfind("ttft_", 0) == 0) d = &r.ttft_s;
  if (metric.rfind("tpot_", 0) == 0) d = &r.tpot_ms;
  if (metric.rfind("itl_", 0) == 0) d = &r.itl_ms;
  if (metric.rfind("e2el_", 0) == 0) d = &r.e2el_s;
  SERVESIM_CHECK(d != nullptr, "unknown SLO metric");
  if (metric.find("_mean_") != std::string::npos) return d->mean;
  if (metric.find("_p50_") != std::string::npos) return d->p50;
  if (metric.find("_p90_") != std::string::npos) return d->p90;
  SERVESIM_CHECK(metric.find("_p99_") != std::string::npos, "unknown SLO statistic");
  return d->p99;
}

namespace {

void find_frontiers(SweepResult& r) {
  std::map<std::string, std::size_t> index_of;
  for (std::size_t i = 0; i < r.points.size(); ++i) {
    const std::string& g = r.points[i].group;
    if (!index_of.count(g)) {
      index_of[g] = r.groups.size();
      r.groups.push_back({g, {}, 0, {}});
    }
    if (r.outcomes[i].ran) r.groups[index_of[g]].points.push_back(i);
  }
  for (auto& g : r.groups) {
    std::vector<std::size_t> eligible;
    std::vector<ParetoPoint> xy;
    for (std::size_t i : g.points) {
      PointOutcome& o = r.outcomes[i];
      o.meets_slo = true;
      for (const auto& [metric, limit] : r.spec.slo) {
        o.meets_slo = o.meets_slo && slo_metric_value(o.result, metric) <= limit;
      }
      // An unstable point's latencies are an artefact of the run's length: never a frontier point.
      if (!o.meets_slo || o.result.unstable) continue;
      eligible.push_back(i);
      xy.push_back({o.result.tok_s_per_user_median, o.result.total_tok_s_per_gpu});
    }
    g.meeting_slo = eligible.size();
    for (std::size_t k : pareto_frontier(xy)) g.frontier.push_back(eligible[k]);
  }
}

void compare_at_iso_interactivity(SweepResult& r) {
  for (double level : r.spec.iso_tok_s_per_user) {
    for (std::size_t g = 0; g < r.groups.size(); ++g) {
      std::vector<double> x, total, output, cost_hour, power;
      for (std::size_t i : r.groups[g].frontier) {
        const PointOutcome& o = r.outcomes[i];
        x.push_back(o.result.tok_s_per_user_median);
        total.push_back(o.result.total_tok_s_per_gpu);
        output.push_back(o.result.output_tok_s_per_gpu);
        cost_hour.push_back(o.economics.cost_usd_per_gpu_hour);
        power.push_back(o.economics.all_in_power_w_per_gpu);
      }
      IsoEntry e;
      e.tok_s_per_user = level;
      e.group = g;
      e.total_tok_s_per_gpu = interpolate_at(x, total, level);
      e.output_tok_s_per_gpu = interpolate_at(x, output, level);
      // Cost and power follow from the interpolated throughput (exact when a group has one GPU
      // kind, whose price and power are then constant along the frontier).
      const double usd_per_hour = interpolate_at(x, cost_hour, level);
      const double watts = interpolate_at(x, power, level);
      e.cost_usd_per_million_output_tokens =
          cost_usd_per_million_tokens(usd_per_hour, e.output_tok_s_per_gpu);
      e.cost_usd_per_million_total_tokens =
          cost_usd_per_million_tokens(usd_per_hour, e.total_tok_s_per_gpu);
      e.total_tok_s_per_mw = tok_s_per_megawatt(watts, e.total_tok_s_per_gpu);
      r.iso.push_back(e);
    }
  }
}

void summarise_skips(SweepResult& r) {
  std::map<std::string, std::size_t> index_of;
  for (std::size_t i = 0; i < r.outcomes.size(); ++i) {
    const PointOutcome& o = r.outcomes[i];
    if (o.ran) continue;
    auto it = index_of.find(o.skip_reason);
    if (it == index_of.end()) {
      index_of[o.skip_reason] = r.skip_reasons.size();
      r.skip_reasons.push_back({o.skip_reason, 1, i});
    } else {
      ++r.skip_reasons[it->second].count;
    }
  }
  std::stable_sort(r.skip_reasons.begin(), r.skip_reasons.end(),
                   [](const SkipReason& a, const SkipReason& b) { return a.count > b.count; });
}

}  // namespace

void analyse_sweep(SweepResult& r) {
  SERVESIM_CHECK(r.points.size() == r.outcomes.size());
  r.groups.clear();
  r.iso.clear();
  r.skip_reasons.clear();
  find_frontiers(r);
  compare_at_iso_interactivity(r);
  summarise_skips(r);
}

}  // namespace servesim
