// Point outcomes as tables: one list of RunResult, PoolResult and PointEconomics fields, walked
// by a column writer and a column reader.
#include "sim/sweep/outcome_tables.hpp"

#include <fmt/format.h>

#include <charconv>
#include <map>

#include "sim/core/error.hpp"

namespace servesim {
namespace {

/// Every stored field of a RunResult (not its pools), in column order. R is RunResult or
/// const RunResult; `v(name, member)` is called once per field. A field added to RunResult
/// must be added here for shards and MPI ranks to carry it.
template <typename R, typename V>
void visit_result(R& r, V& v) {
  v("scenario", r.scenario);
  v("gpus", r.gpus);
  v("cluster_gpus", r.cluster_gpus);
  v("domain_size", r.domain_size);
  v("scale_up_fabric", r.scale_up_fabric);
  v("scale_out_fabric", r.scale_out_fabric);
  v("placement", r.placement);
  v("instance_first_gpu", r.instance_first_gpu);
  v("requests_issued", r.requests_issued);
  v("requests_completed", r.requests_completed);
  v("requests_measured", r.requests_measured);
  v("preemptions", r.preemptions);
  v("duration_s", r.duration_s);
  v("unstable", r.unstable);
  v("in_system_mid", r.in_system_mid);
  v("in_system_end", r.in_system_end);
  v("late_arrival_rate_per_s", r.late_arrival_rate_per_s);
  v("offered_over_served", r.offered_over_served);
  auto dist = [&v](const char* stem, auto& d) {
    v(fmt::format("{}.mean", stem), d.mean);
    v(fmt::format("{}.p50", stem), d.p50);
    v(fmt::format("{}.p90", stem), d.p90);
    v(fmt::format("{}.p99", stem), d.p99);
    v(fmt::format("{}.min", stem), d.min);
    v(fmt::format("{}.max", stem), d.max);
  };
  dist("ttft_s", r.ttft_s);
  dist("tpot_ms", r.tpot_ms);
  dist("e2el_s", r.e2el_s);
  dist("itl_ms", r.itl_ms);
  v("request_throughput_per_s", r.request_throughput_per_s);
  v("input_tok_s", r.input_tok_s);
  v("output_tok_s", r.output_tok_s);
  v("total_tok_s", r.total_tok_s);
  v("output_tok_s_per_gpu", r.output_tok_s_per_gpu);
  v("total_tok_s_per_gpu", r.total_tok_s_per_gpu);
  v("tok_s_per_user_median", r.tok_s_per_user_median);
  v("tok_s_per_user_mean", r.tok_s_per_user_mean);
  v("slo_attainment", r.slo_attainment);
  v("goodput_requests_per_s", r.goodput_requests_per_s);
  v("goodput_output_tok_s_per_gpu", r.goodput_output_tok_s_per_gpu);
  v("mean_requests_in_system", r.mean_requests_in_system);
  v("mean_latency_s", r.mean_latency_s);
  v("mean_decode_batch", r.mean_decode_batch);
  v("kv_peak_utilisation", r.kv_peak_utilisation);
  v("kv_capacity_tokens", r.kv_capacity_tokens);
  v("running_cap_bound_share", r.running_cap_bound_share);
  v("token_budget_bound_share", r.token_budget_bound_share);
  v("iterations", r.iterations);
  v("disaggregated", r.disaggregated);
  v("prefill_gpus", r.prefill_gpus);
  v("decode_gpus", r.decode_gpus);
  v("output_tok_s_per_decode_gpu", r.output_tok_s_per_decode_gpu);
  v("input_tok_s_per_prefill_gpu", r.input_tok_s_per_prefill_gpu);
  v("kv_transfers", r.kv_transfers);
  dist("kv_wait_s", r.kv_wait_s);
  dist("kv_transfer_s", r.kv_transfer_s);
  v("kv_transfer_mean_bytes", r.kv_transfer_mean_bytes);
  v("events", r.events);
  v("event_fingerprint", r.event_fingerprint);
}

template <typename P, typename V>
void visit_pool(P& p, V& v) {
  v("name", p.name);
  v("role", p.role);
  v("workers", p.workers);
  v("gpus", p.gpus);
  v("utilisation", p.utilisation);
  v("mean_waiting", p.mean_waiting);
  v("mean_running", p.mean_running);
  v("kv_mean_utilisation", p.kv_mean_utilisation);
  v("kv_peak_utilisation", p.kv_peak_utilisation);
  v("input_tok_s_per_gpu", p.input_tok_s_per_gpu);
  v("output_tok_s_per_gpu", p.output_tok_s_per_gpu);
}

template <typename E, typename V>
void visit_economics(E& e, V& v) {
  v("cost_usd_per_gpu_hour", e.cost_usd_per_gpu_hour);
  v("all_in_power_w_per_gpu", e.all_in_power_w_per_gpu);
  v("cost_usd_per_million_output_tokens", e.cost_usd_per_million_output_tokens);
  v("cost_usd_per_million_total_tokens", e.cost_usd_per_million_total_tokens);
  v("total_tok_s_per_mw", e.total_tok_s_per_mw);
  v("output_tok_s_per_mw", e.output_tok_s_per_mw);
}

/// Appends one row: the k-th call adds to the k-th column (created on the first row).
class RowWriter {
 public:
  explicit RowWriter(Table& t) : t_(t) {}
  void start_row() { k_ = 0; }
  void operator()(const std::string& name, const double& x) {
    col(name, Column::Kind::kFloat64).f64.push_back(x);
  }
  void operator()(const std::string& name, const int& x) {
    col(name, Column::Kind::kInt64).i64.push_back(x);
  }
  void operator()(const std::string& name, const bool& x) {
    col(name, Column::Kind::kInt64).i64.push_back(x ? 1 : 0);
  }
  void operator()(const std::string& name, const std::uint64_t& x) {
    col(name, Column::Kind::kUint64).u64.push_back(x);
  }
  void operator()(const std::string& name, const std::string& x) {
    col(name, Column::Kind::kString).str.push_back(x);
  }
  /// A list of integers as text, "0,8,16".
  void operator()(const std::string& name, const std::vector<int>& x) {
    std::string s;
    for (std::size_t i = 0; i < x.size(); ++i) {
      if (i > 0) s += ',';
      s += std::to_string(x[i]);
    }
    col(name, Column::Kind::kString).str.push_back(s);
  }

 private:
  Column& col(const std::string& name, Column::Kind kind) {
    if (k_ == t_.columns.size()) t_.add(name, "", "", kind);
    Column& c = t_.columns[k_++];
    SERVESIM_CHECK(c.name == name && c.kind == kind, "every row visits the same fields");
    return c;
  }
  Table& t_;
  std::size_t k_ = 0;
};

/// Reads one row back by column name.
class RowReader {
 public:
  RowReader(const Table& t, const std::string& where) : t_(t), where_(where) {
    for (std::size_t k = 0; k < t.columns.size(); ++k) index_[t.columns[k].name] = k;
  }
  void set_row(std::size_t r) { r_ = r; }
  void operator()(const std::string& name, double& x) {
    x = col(name, Column::Kind::kFloat64).f64[r_];
  }
  void operator()(const std::string& name, int& x) {
    const std::int64_t v = col(name, Column::Kind::kInt64).i64[r_];
    if (v < INT32_MIN || v > INT32_MAX) fail(name, "beyond a 32-bit integer");
    x = static_cast<int>(v);
  }
  void operator()(const std::string& name, bool& x) {
    const std::int64_t v = col(name, Column::Kind::kInt64).i64[r_];
    if (v != 0 && v != 1) fail(name, "expected 0 or 1");
    x = v == 1;
  }
  void operator()(const std::string& name, std::uint64_t& x) {
    x = col(name, Column::Kind::kUint64).u64[r_];
  }
  void operator()(const std::string& name, std::string& x) {
    x = col(name, Column::Kind::kString).str[r_];
  }
  void operator()(const std::string& name, std::vector<int>& x) {
    const std::string& s = col(name, Column::Kind::kString).str[r_];
    x.clear();
    for (std::size_t at = 0; at < s.size();) {
      const std::size_t comma = std::min(s.find(',', at), s.size());
      int v = 0;
      const auto [end, ec] = std::from_chars(s.data() + at, s.data() + comma, v);
      if (ec != std::errc() || end != s.data() + comma)
        fail(name, "expected integers separated by commas");
      x.push_back(v);
      at = comma + 1;
    }
  }
  [[noreturn]] void fail(const std::string& name, const std::string& why) const {
    throw InputError(fmt::format("{}: {}: row {}: {}", where_, name, r_, why));
  }

 private:
  const Column& col(const std::string& name, Column::Kind kind) const {
    auto it = index_.find(name);
    if (it == index_.end()) throw InputError(fmt::format("{}: no column {}", where_, name));
    const Column& c = t_.columns[it->second];
    if (c.kind != kind)
      throw InputError(fmt::format("{}: column {} is of another type", where_, name));
    return c;
  }
  const Table& t_;
  std::string where_;
  std::map<std::string, std::size_t> index_;
  std::size_t r_ = 0;
};

void point_row(RowWriter& row, std::uint64_t position, std::uint64_t index, const PointOutcome& o) {
  row.start_row();
  row("position", position);
  row("point_index", index);
  row("ran", o.ran);
  row("skip_reason", o.skip_reason);
  visit_economics(o.economics, row);
  visit_result(o.result, row);
}

void pool_row(RowWriter& row, std::uint64_t position, const PoolResult& pool) {
  row.start_row();
  row("position", position);
  visit_pool(pool, row);
}

/// The columns one row of `write` makes, without values (a table of no rows still has them).
template <typename F>
void add_columns(Table& t, F write) {
  RowWriter header(t);
  write(header);
  for (Column& c : t.columns) {
    c.f64.clear();
    c.i64.clear();
    c.u64.clear();
    c.str.clear();
  }
}

}  // namespace

OutcomeTables outcome_tables(const std::vector<SweepPoint>& points,
                             const std::vector<std::size_t>& positions,
                             const std::vector<PointOutcome>& outcomes) {
  SERVESIM_CHECK(positions.size() == outcomes.size());
  OutcomeTables t;
  t.outcomes.description = "the outcome of each point (every RunResult and cost field)";
  t.pools.description = "the pools of each point (one row per pool)";
  add_columns(t.outcomes, [](RowWriter& w) { point_row(w, 0, 0, PointOutcome{}); });
  add_columns(t.pools, [](RowWriter& w) { pool_row(w, 0, PoolResult{}); });
  RowWriter row(t.outcomes), pools(t.pools);
  for (std::size_t k = 0; k < positions.size(); ++k) {
    const std::size_t p = positions[k];
    SERVESIM_CHECK(p < points.size());
    point_row(row, p, points[p].index, outcomes[k]);
    for (const PoolResult& pool : outcomes[k].result.pools) pool_row(pools, p, pool);
  }
  return t;
}

std::vector<PositionedOutcome> outcomes_from_tables(const OutcomeTables& t,
                                                    const std::string& label) {
  std::vector<PositionedOutcome> out;
  std::map<std::uint64_t, std::size_t> at_position;
  RowReader row(t.outcomes, label + ": outcomes");
  for (std::size_t r = 0; r < t.outcomes.rows(); ++r) {
    row.set_row(r);
    PositionedOutcome p;
    std::uint64_t position = 0, index = 0;
    row("position", position);
    row("point_index", index);
    if (at_position.count(position)) row.fail("position", "a point given twice");
    p.position = position;
    p.point_index = index;
    row("ran", p.outcome.ran);
    row("skip_reason", p.outcome.skip_reason);
    visit_economics(p.outcome.economics, row);
    visit_result(p.outcome.result, row);
    at_position[position] = out.size();
    out.push_back(std::move(p));
  }
  RowReader pool_row(t.pools, label + ": pools");
  for (std::size_t r = 0; r < t.pools.rows(); ++r) {
    pool_row.set_row(r);
    std::uint64_t position = 0;
    pool_row("position", position);
    auto it = at_position.find(position);
    if (it == at_position.end()) pool_row.fail("position", "a pool of no point of the table");
    PoolResult pool;
    visit_pool(pool, pool_row);
    out[it->second].outcome.result.pools.push_back(std::move(pool));
  }
  return out;
}

}  // namespace servesim
