// Sweep results as tables, and the HDF5 and CSV files made of them.
#include "sim/sweep/sweep_tables.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <functional>
#include <limits>
#include <optional>
#include <variant>

#include "hw/hardware_overrides.hpp"
#include "sim/output/atomic_file.hpp"
#include "sim/output/csv_writer.hpp"
#include "sim/output/hdf5_writer.hpp"
#include "sim/scenario/scenario_fields.hpp"
#include "sim/scenario/scenario_json.hpp"
#include "sim/core/version.hpp"

namespace servesim {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
using K = Column::Kind;

/// Builds a table row by row from per-column getters.
class TableBuilder {
 public:
  using Row = std::pair<const SweepPoint*, const PointOutcome*>;
  explicit TableBuilder(std::string description) { table_.description = std::move(description); }

  void f64(const char* name, const char* units, const char* desc, std::function<double(Row)> get) {
    table_.add(name, units, desc, K::kFloat64);
    f64_.push_back(std::move(get));
    slot_.push_back({K::kFloat64, f64_.size() - 1});
  }
  void i64(const char* name, const char* units, const char* desc,
           std::function<std::int64_t(Row)> get) {
    table_.add(name, units, desc, K::kInt64);
    i64_.push_back(std::move(get));
    slot_.push_back({K::kInt64, i64_.size() - 1});
  }
  void u64(const char* name, const char* units, const char* desc,
           std::function<std::uint64_t(Row)> get) {
    table_.add(name, units, desc, K::kUint64);
    u64_.push_back(std::move(get));
    slot_.push_back({K::kUint64, u64_.size() - 1});
  }
  void str(const char* name, const char* desc, std::function<std::string(Row)> get) {
    table_.add(name, "", desc, K::kString);
    str_.push_back(std::move(get));
    slot_.push_back({K::kString, str_.size() - 1});
  }
  /// A float column whose name and description are built at run time.
  void f64_named(std::string name, const std::string& units, std::string desc,
                 std::function<double(Row)> get) {
    table_.add(std::move(name), units, std::move(desc), K::kFloat64);
    f64_.push_back(std::move(get));
    slot_.push_back({K::kFloat64, f64_.size() - 1});
  }
  /// Mean, p50, p90 and p99 of a distribution as four columns "<stem>_<stat>_<unit>".
  void dist(const std::string& stem, const std::string& unit, const std::string& what,
            std::function<const Distribution&(Row)> get) {
    const std::pair<const char*, double Distribution::*> stats[] = {
        {"mean", &Distribution::mean}, {"p50", &Distribution::p50},
        {"p90", &Distribution::p90},   {"p99", &Distribution::p99}};
    for (const auto& [stat, member] : stats) {
      names_.push_back(fmt_name(stem, stat, unit));
      descs_.push_back(std::string(stat) + " " + what + " over measured requests");
      table_.add(names_.back(), unit, descs_.back(), K::kFloat64);
      f64_.push_back([get, m = member](Row r) { return get(r).*m; });
      slot_.push_back({K::kFloat64, f64_.size() - 1});
    }
  }

  void add_row(Row r) {
    for (std::size_t k = 0; k < slot_.size(); ++k) {
      Column& c = table_.columns[k];
      const std::size_t s = slot_[k].second;
      switch (slot_[k].first) {
        case K::kFloat64: c.f64.push_back(f64_[s](r)); break;
        case K::kInt64: c.i64.push_back(i64_[s](r)); break;
        case K::kUint64: c.u64.push_back(u64_[s](r)); break;
        case K::kString: c.str.push_back(str_[s](r)); break;
      }
    }
  }
  Table take() { return std::move(table_); }

 private:
  static std::string fmt_name(const std::string& stem, const char* stat, const std::string& unit) {
    return stem + "_" + stat + "_" + unit;
  }
  Table table_;
  std::vector<std::function<double(Row)>> f64_;
  std::vector<std::function<std::int64_t(Row)>> i64_;
  std::vector<std::function<std::uint64_t(Row)>> u64_;
  std::vector<std::function<std::string(Row)>> str_;
  std::vector<std::pair<K, std::size_t>> slot_;
  std::vector<std::string> names_, descs_;
};

using Row = TableBuilder::Row;

const Scenario& sc(Row r) { return r.first->scenario; }
const RunResult& res(Row r) { return r.second->result; }
const PointEconomics& eco(Row r) { return r.second->economics; }

/// One column per field of `table` that names a column: integers and booleans as int64 (0/1;
/// 0 where the field does not apply), numbers as float64 (NaN where it does not apply), strings
/// and choices as text ("" where it does not apply).
template <typename S>
void table_columns(TableBuilder& b, const FieldTable<S>& table,
                   std::function<const S&(Row)> part) {
  for (const Field<S>& f : table) {
    if (f.column.empty()) continue;
    auto value = [&f, part](Row r) -> std::optional<FieldValue> {
      const S& s = part(r);
      if (f.applies && !f.applies(s)) return std::nullopt;
      return f.get(s);
    };
    switch (f.kind) {
      case FieldKind::kInteger:
      case FieldKind::kBoolean:
        b.i64(f.column.c_str(), "1", f.doc.c_str(), [value](Row r) -> std::int64_t {
          const auto v = value(r);
          if (!v) return 0;
          if (const bool* x = std::get_if<bool>(&*v)) return *x ? 1 : 0;
          return std::get<std::int64_t>(*v);
        });
        break;
      case FieldKind::kNumber:
      case FieldKind::kFraction:
        b.f64(f.column.c_str(), f.kind == FieldKind::kFraction ? "1" : f.unit.c_str(),
              f.doc.c_str(), [value](Row r) {
                const auto v = value(r);
                return v ? std::get<double>(*v) : kNaN;
              });
        break;
      case FieldKind::kString:
      case FieldKind::kChoice:
      case FieldKind::kIntegerList:
        b.str(f.column.c_str(), f.doc.c_str(), [value](Row r) {
          const auto v = value(r);
          return v ? std::get<std::string>(*v) : std::string();
        });
        break;
    }
  }
}

std::string pools_text(const Scenario& s) {
  std::string out;
  for (const auto& p : s.pools) {
    const Parallelism& q = p.settings.parallelism;
    if (!out.empty()) out += " + ";
    out += fmt::format("{} {}x{}{}", p.name, p.workers, q.dp_attention ? "DEP" : "TP", q.tp);
  }
  return out;
}

std::int64_t role_gpus(const Scenario& s, PoolRole role) {
  std::int64_t n = 0;
  for (const auto& p : s.pools) {
    if (p.role == role) n += std::int64_t{p.workers} * p.settings.parallelism.gpus();
  }
  return n;
}

/// Columns that say what a point is (shared by the points and skipped tables).
void configuration_columns(TableBuilder& b) {
  b.i64("point_index", "1", "position of the point in the sweep's grid order (first axis slowest)",
        [](Row r) { return static_cast<std::int64_t>(r.first->index); });
  b.str("group", "the group whose frontier the point belongs to", [](Row r) { return r.first->group; });
  b.str("config", "labels of the non-group, non-load axes (e.g. \"DEP16 MTP3\")",
        [](Row r) { return r.first->config; });
  b.str("label", "group, config and load (e.g. \"GB200 NVL72 DEP16 MTP3 c=64\")",
        [](Row r) { return r.first->label; });
  table_columns<Scenario>(b, scenario_fields(), [](Row r) -> const Scenario& { return sc(r); });
  table_columns<Parallelism>(b, parallelism_fields(),
                             [](Row r) -> const Parallelism& { return sc(r).parallelism; });
  table_columns<SchedulerConfig>(b, scheduler_fields(),
                                 [](Row r) -> const SchedulerConfig& { return sc(r).scheduler; });
  table_columns<WorkloadSpec>(b, workload_fields(),
                              [](Row r) -> const WorkloadSpec& { return sc(r).workload; });
  table_columns<ClusterConfig>(b, cluster_fields(),
                              [](Row r) -> const ClusterConfig& { return sc(r).cluster; });
  for (const HardwareOverrideSpec& h : hardware_override_specs()) {
    std::string name = "override_" + h.name;
    std::replace(name.begin(), name.end(), '.', '_');
    b.f64_named(name, h.unit.empty() ? "1" : h.unit,
                "overrides." + h.name + " (NaN = the catalog's value): " + h.doc,
                [key = h.name](Row r) {
                  const auto& o = sc(r).hardware_overrides;
                  auto it = o.find(key);
                  return it == o.end() ? std::numeric_limits<double>::quiet_NaN() : it->second;
                });
  }
  b.str("pools", "the pools (\"prefill 3xDEP4 + decode 1xDEP32\"; \"\" = one pool of replicas)",
        [](Row r) { return pools_text(sc(r)); });
  b.i64("prefill_gpus", "1", "GPUs of the prefill pools (0 = aggregated)",
        [](Row r) { return role_gpus(sc(r), PoolRole::kPrefill); });
  b.i64("decode_gpus", "1", "GPUs of the decode pools (0 = aggregated)",
        [](Row r) { return role_gpus(sc(r), PoolRole::kDecode); });
  b.i64("gpus", "1", "GPUs of the point: tp x replicas, or every pool's workers x their tp",
        [](Row r) {
          const Scenario& s = sc(r);
          if (s.pools.empty()) return static_cast<std::int64_t>(s.parallelism.gpus()) * s.replicas;
          std::int64_t n = 0;
          for (const auto& p : s.pools) n += std::int64_t{p.workers} * p.settings.parallelism.gpus();
          return n;
        });
  b.f64("input_tokens_mean", "tokens", "expected prompt length",
        [](Row r) { return sc(r).workload.input.expected(); });
  b.f64("output_tokens_mean", "tokens", "expected output length",
        [](Row r) { return sc(r).workload.output.expected(); });
  b.u64("seed", "1", "random seed", [](Row r) { return sc(r).seed; });
}

void metric_columns(TableBuilder& b) {
  b.f64("tok_s_per_user_median", "tok/s/user", "interactivity: 1000 / median TPOT in ms",
        [](Row r) { return res(r).tok_s_per_user_median; });
  b.f64("tok_s_per_user_mean", "tok/s/user", "mean over requests of 1000 / TPOT in ms",
        [](Row r) { return res(r).tok_s_per_user_mean; });
  b.f64("total_tok_s_per_gpu", "tok/s/GPU", "(input + output) tokens per second per GPU",
        [](Row r) { return res(r).total_tok_s_per_gpu; });
  b.f64("output_tok_s_per_gpu", "tok/s/GPU", "output tokens per second per GPU",
        [](Row r) { return res(r).output_tok_s_per_gpu; });
  b.f64("total_tok_s", "tok/s", "(input + output) tokens per second, all GPUs",
        [](Row r) { return res(r).total_tok_s; });
  b.f64("output_tok_s", "tok/s", "output tokens per second, all GPUs",
        [](Row r) { return res(r).output_tok_s; });
  b.f64("input_tok_s", "tok/s", "input tokens per second, all GPUs",
        [](Row r) { return res(r).input_tok_s; });
  b.f64("output_tok_s_per_decode_gpu", "tok/s/GPU",
        "disaggregated: output tokens per second per decode GPU (0 = aggregated)",
        [](Row r) { return res(r).output_tok_s_per_decode_gpu; });
  b.f64("input_tok_s_per_prefill_gpu", "tok/s/GPU",
        "disaggregated: input tokens per second per prefill GPU (0 = aggregated)",
        [](Row r) { return res(r).input_tok_s_per_prefill_gpu; });
  b.f64("kv_transfer_p50_s", "s", "disaggregated: median KV transfer (setup and bytes)",
        [](Row r) { return res(r).kv_transfer_s.p50; });
  b.f64("kv_wait_p50_s", "s", "disaggregated: median wait for KV room on the decode worker",
        [](Row r) { return res(r).kv_wait_s.p50; });
  b.f64("request_throughput_per_s", "req/s", "completed measured requests per second",
        [](Row r) { return res(r).request_throughput_per_s; });
  b.f64("slo_attainment", "1", "share of measured requests within the scenario's slo (ttft_s, tpot_ms)",
        [](Row r) { return res(r).slo_attainment; });
  b.f64("goodput_requests_per_s", "req/s", "measured requests within the slo per second",
        [](Row r) { return res(r).goodput_requests_per_s; });
  b.f64("goodput_output_tok_s_per_gpu", "tok/s/GPU", "output tokens of requests within the slo per second per GPU",
        [](Row r) { return res(r).goodput_output_tok_s_per_gpu; });
  b.dist("ttft", "s", "time to first token", [](Row r) -> const Distribution& { return res(r).ttft_s; });
  b.dist("tpot", "ms", "time per output token after the first",
         [](Row r) -> const Distribution& { return res(r).tpot_ms; });
  b.dist("itl", "ms", "inter-token latency", [](Row r) -> const Distribution& { return res(r).itl_ms; });
  b.dist("e2el", "s", "end-to-end latency", [](Row r) -> const Distribution& { return res(r).e2el_s; });
  b.f64("duration_s", "s", "measured window: first measured arrival to last measured completion",
        [](Row r) { return res(r).duration_s; });
  b.u64("requests_measured", "1", "requests in the metrics", [](Row r) { return res(r).requests_measured; });
  b.u64("preemptions", "1", "KV-cache preemptions", [](Row r) { return res(r).preemptions; });
  b.f64("mean_decode_batch", "seqs", "time-weighted decode sequences per iteration",
        [](Row r) { return res(r).mean_decode_batch; });
  b.f64("kv_peak_utilisation", "1", "peak share of KV blocks in use",
        [](Row r) { return res(r).kv_peak_utilisation; });
  b.f64("kv_capacity_tokens", "tokens", "KV cache capacity over all instances",
        [](Row r) { return res(r).kv_capacity_tokens; });
  b.u64("iterations", "1", "engine iterations simulated", [](Row r) { return res(r).iterations; });
  b.u64("events", "1", "events processed", [](Row r) { return res(r).events; });
  b.u64("event_fingerprint", "1", "hash of the event sequence (determinism check)",
        [](Row r) { return res(r).event_fingerprint; });
  b.f64("cost_usd_per_gpu_hour", "USD/GPU/h", "catalog total cost of ownership per GPU-hour",
        [](Row r) { return eco(r).cost_usd_per_gpu_hour; });
  b.f64("all_in_power_w_per_gpu", "W/GPU", "catalog all-in provisioned power per GPU",
        [](Row r) { return eco(r).all_in_power_w_per_gpu; });
  b.f64("cost_usd_per_million_output_tokens", "USD/Mtok",
        "cost_usd_per_gpu_hour / (output_tok_s_per_gpu x 3600) x 1e6",
        [](Row r) { return eco(r).cost_usd_per_million_output_tokens; });
  b.f64("cost_usd_per_million_total_tokens", "USD/Mtok",
        "cost_usd_per_gpu_hour / (total_tok_s_per_gpu x 3600) x 1e6",
        [](Row r) { return eco(r).cost_usd_per_million_total_tokens; });
  b.f64("total_tok_s_per_mw", "tok/s/MW", "total_tok_s_per_gpu / all_in_power_w_per_gpu x 1e6",
        [](Row r) { return eco(r).total_tok_s_per_mw; });
  b.f64("output_tok_s_per_mw", "tok/s/MW", "output_tok_s_per_gpu / all_in_power_w_per_gpu x 1e6",
        [](Row r) { return eco(r).output_tok_s_per_mw; });
}

std::vector<bool> frontier_flags(const SweepResult& r) {
  std::vector<bool> on(r.points.size(), false);
  for (const auto& g : r.groups) {
    for (std::size_t i : g.frontier) on[i] = true;
  }
  return on;
}

}  // namespace

Table points_table(const SweepResult& r, const std::vector<std::size_t>& rows) {
  TableBuilder b("points that ran: configuration, metrics, cost and power");
  configuration_columns(b);
  metric_columns(b);
  const auto on = frontier_flags(r);
  b.i64("meets_slo", "1", "1 when the point is within every limit of the sweep's slo",
        [](Row row) { return row.second->meets_slo ? 1 : 0; });
  b.i64("unstable", "1",
        "1 when the open-loop queue grew without bound (never on a frontier, SLO or not)",
        [](Row row) { return row.second->result.unstable ? 1 : 0; });
  b.i64("on_frontier", "1", "1 when the point is on its group's Pareto frontier",
        [&](Row row) { return on[row.first->index] ? 1 : 0; });
  b.str("scenario_json", "the point's full scenario, readable by `servesim run`",
        [](Row row) { return scenario_to_json(sc(row)).dump(); });
  for (std::size_t i : rows) b.add_row({&r.points[i], &r.outcomes[i]});
  return b.take();
}

Table all_points_table(const SweepResult& r) {
  std::vector<std::size_t> rows;
  for (std::size_t i = 0; i < r.points.size(); ++i) {
    if (r.outcomes[i].ran) rows.push_back(i);
  }
  return points_table(r, rows);
}

Table skipped_table(const SweepResult& r) {
  TableBuilder b("points skipped because their configuration is invalid");
  configuration_columns(b);
  b.str("reason", "why the point was skipped (field: reason)",
        [](Row row) { return row.second->skip_reason; });
  b.str("scenario_json", "the point's full scenario",
        [](Row row) { return scenario_to_json(sc(row)).dump(); });
  for (std::size_t i = 0; i < r.points.size(); ++i) {
    if (!r.outcomes[i].ran) b.add_row({&r.points[i], &r.outcomes[i]});
  }
  return b.take();
}

Table skip_reasons_table(const SweepResult& r) {
  Table t;
  t.description = "distinct skip reasons, most frequent first";
  t.add("reason", "", "why points were skipped", K::kString);
  t.add("count", "1", "points skipped for this reason", K::kInt64);
  t.add("first_point_index", "1", "the first point skipped for it", K::kInt64);
  for (const auto& s : r.skip_reasons) {
    t.columns[0].str.push_back(s.reason);
    t.columns[1].i64.push_back(static_cast<std::int64_t>(s.count));
    t.columns[2].i64.push_back(static_cast<std::int64_t>(s.first_point));
  }
  return t;
}

Table iso_table(const SweepResult& r) {
  Table t;
  t.description =
      "each group's frontier read at fixed interactivity levels (linear interpolation between "
      "adjacent frontier points; NaN outside the frontier's range)";
  t.add("tok_s_per_user", "tok/s/user", "interactivity level", K::kFloat64);
  t.add("group", "", "group name", K::kString);
  t.add("total_tok_s_per_gpu", "tok/s/GPU", "interpolated total throughput per GPU", K::kFloat64);
  t.add("output_tok_s_per_gpu", "tok/s/GPU", "interpolated output throughput per GPU", K::kFloat64);
  t.add("first_group_ratio", "1",
        "the first group's total_tok_s_per_gpu divided by this group's, at the same level",
        K::kFloat64);
  t.add("cost_usd_per_million_output_tokens", "USD/Mtok", "cost at the interpolated throughput",
        K::kFloat64);
  t.add("cost_usd_per_million_total_tokens", "USD/Mtok", "cost at the interpolated throughput",
        K::kFloat64);
  t.add("total_tok_s_per_mw", "tok/s/MW", "throughput per provisioned megawatt", K::kFloat64);
  const std::size_t groups = r.groups.size();
  for (std::size_t k = 0; k < r.iso.size(); ++k) {
    const IsoEntry& e = r.iso[k];
    const IsoEntry& first = r.iso[k - k % groups];
    t.columns[0].f64.push_back(e.tok_s_per_user);
    t.columns[1].str.push_back(r.groups[e.group].name);
    t.columns[2].f64.push_back(e.total_tok_s_per_gpu);
    t.columns[3].f64.push_back(e.output_tok_s_per_gpu);
    t.columns[4].f64.push_back(first.total_tok_s_per_gpu / e.total_tok_s_per_gpu);
    t.columns[5].f64.push_back(e.cost_usd_per_million_output_tokens);
    t.columns[6].f64.push_back(e.cost_usd_per_million_total_tokens);
    t.columns[7].f64.push_back(e.total_tok_s_per_mw);
  }
  return t;
}

std::string frontier_dataset_name(const std::string& group) {
  std::string name = group;
  for (char& c : name) {
    if (c == '/') c = '_';
  }
  if (name.empty() || name == "." || name == "..") name = "_" + name;
  return name;
}

void write_sweep_hdf5(const std::string& path, const SweepResult& r) {
  const Table points = all_points_table(r);
  const Table skipped = skipped_table(r);
  const Table reasons = skip_reasons_table(r);
  const Table iso = iso_table(r);
  std::vector<Table> frontiers;
  std::vector<std::string> group_names;
  for (const auto& g : r.groups) {
    frontiers.push_back(points_table(r, g.frontier));
    group_names.push_back(g.name);
  }

  Hdf5Document doc;
  doc.root_attributes = {
      Hdf5Attribute::string("servesim_version", kServesimVersion),
      Hdf5Attribute::string("schema", "servesim-sweep/1"),
      Hdf5Attribute::string("sweep_name", r.spec.name),
      Hdf5Attribute::string("sweep_spec_json", r.spec.document.dump()),
      Hdf5Attribute::string("base_scenario_json", r.spec.base.dump()),
      Hdf5Attribute::integer("points_total", static_cast<std::int64_t>(r.points.size())),
      Hdf5Attribute::integer("points_run", static_cast<std::int64_t>(r.ran())),
      Hdf5Attribute::integer("points_skipped", static_cast<std::int64_t>(r.skipped())),
      Hdf5Attribute::integer("points_excluded", static_cast<std::int64_t>(r.excluded_total())),
      Hdf5Attribute::strings("groups", group_names),
      Hdf5Attribute::string("slo_json", Json(r.spec.slo).dump()),
  };
  doc.groups.push_back(
      {"/frontiers",
       {Hdf5Attribute::string("x_column", "tok_s_per_user_median"),
        Hdf5Attribute::string("y_column", "total_tok_s_per_gpu"),
        Hdf5Attribute::strings("groups", group_names)}});
  doc.tables.push_back({"/points", &points, {}});
  doc.tables.push_back({"/skipped", &skipped, {}});
  doc.tables.push_back({"/skip_reasons", &reasons, {}});
  doc.tables.push_back(
      {"/iso_interactivity", &iso, {Hdf5Attribute::strings("groups", group_names)}});
  for (std::size_t g = 0; g < r.groups.size(); ++g) {
    doc.tables.push_back({"/frontiers/" + frontier_dataset_name(r.groups[g].name), &frontiers[g],
                          {Hdf5Attribute::string("group", r.groups[g].name)}});
  }
  write_hdf5_file(path, doc);
}

void write_sweep_csv(const std::string& path, const SweepResult& r) {
  write_file_atomically(path, table_to_csv(all_points_table(r), {"scenario_json"}));
}

}  // namespace servesim
