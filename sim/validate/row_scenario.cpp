// Row -> scenario.
#include "sim/validate/row_scenario.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <tuple>

#include "sim/core/error.hpp"
#include "sim/core/text.hpp"

namespace servesim {
namespace {

LengthDistribution benchmark_lengths(int nominal) {
  LengthDistribution d;
  d.kind = LengthDistribution::Kind::kUniform;
  d.mean = nominal;
  d.min_ratio = 0.8;  // InferenceX --random-range-ratio 0.8
  return d;
}

RowScenario unsupported(std::string reason) {
  RowScenario r;
  r.reason = std::move(reason);
  return r;
}

}  // namespace

std::string row_label(const MeasuredRow& row) { return fmt::format("rows[{}]", row.index); }

std::string strip_row_label(const MeasuredRow& row, const std::string& message) {
  return strip_prefix(message, row_label(row) + ": ");
}

namespace {

/// One worker's parallelism from a disaggregated row's pool. The pool's GPUs per worker are
/// gpus / workers when recorded (rows with attention-DP or wide EP record tp 1, or the
/// per-rank tp, and the pool's true GPU count); attention-DP then spans all of them, and a
/// recorded tp of 1 means the experts do too.
Parallelism worker_parallelism(const RowPool& pool) {
  const Parallelism& r = pool.parallelism;
  const int gpus = pool.gpus > 0 && pool.gpus % pool.workers == 0 ? pool.gpus / pool.workers : r.tp;
  Parallelism p;
  p.tp = gpus;
  p.dp_attention = r.dp_attention && gpus > 1;
  p.ep = r.tp == 1 || r.ep == r.tp ? gpus : r.ep;
  if (p.ep > gpus || gpus % p.ep != 0) p.ep = gpus;
  return p;
}

RowScenario disaggregated_row(const MeasuredRow& row, const Catalog& catalog,
                              const FrameworkProfiles& profiles, const ModelSpec& model,
                              const GpuSpec& gpu) {
  RowScenario out;
  const FrameworkProfile* profile = profiles.find(row.framework);
  if (!profile) {
    profile = &profiles.generic();
    out.notes.push_back(
        fmt::format("framework \"{}\" has no profile; the generic one was used", row.framework));
  }
  out.profile = profile->name;
  Scenario& s = out.scenario;
  s.name = fmt::format("row {}", row.id);
  s.source_label = row_label(row);
  s.model = model.name;
  s.gpu = gpu.name;
  const std::optional<Precision> precision = parse_precision(row.precision);
  if (!precision) return unsupported(fmt::format("unknown precision \"{}\"", row.precision));
  s.precision = *precision;
  s.framework = profile->is_generic() ? "" : profile->name;
  if (!catalog.has_framework(s.framework)) {
    out.notes.push_back(fmt::format(
        "the knobs have no by_framework entry \"{}\"; the generic knobs were used", s.framework));
    s.framework = "";
  }
  WorkloadSpec& w = s.workload;
  w.type = "closed_loop";
  w.concurrency = row.concurrency;
  w.warmup_requests = WorkloadSpec::kWarmupRequestsPerClient * row.concurrency;
  w.measured_requests = WorkloadSpec::kMeasuredRequestsPerClient * row.concurrency;
  w.input = benchmark_lengths(row.isl);
  w.output = benchmark_lengths(row.osl);
  s.decode_router = "least_kv_load";
  s.router = "least_outstanding_tokens";
  for (const auto& [name, role, rp] :
       {std::tuple{"prefill", PoolRole::kPrefill, &row.prefill},
        std::tuple{"decode", PoolRole::kDecode, &row.decode}}) {
    PoolConfig pool;
    pool.name = name;
    pool.role = role;
    pool.workers = rp->workers;
    Scenario& ws = pool.settings;
    ws = s;
    ws.pools.clear();
    ws.name = s.name + "/" + name;
    ws.replicas = rp->workers;
    ws.parallelism = worker_parallelism(*rp);
    if (model.is_moe() && model.moe.num_experts % ws.parallelism.ep != 0) {
      // Wide EP over a group that does not divide the experts runs with redundant expert
      // slots (TensorRT-LLM's EPLB num_slots, e.g. 288 for EP 48).
      ws.redundant_experts = ws.parallelism.ep - model.moe.num_experts % ws.parallelism.ep;
      out.notes.push_back(fmt::format("{} EP {}: {} redundant experts fill the slots", name,
                                      ws.parallelism.ep, ws.redundant_experts));
    }
    try {
      apply_framework_settings(profile->settings_for(gpu, ws.parallelism.tp, name), row.concurrency,
                               row.isl, row.mtp, catalog, ws);
    } catch (const InputError& e) {
      return unsupported(fmt::format("{} pool: {}", name, strip_row_label(row, e.what())));
    }
    s.pools.push_back(std::move(pool));
  }
  out.supported = true;
  return out;
}

}  // namespace

RowScenario row_scenario(const MeasuredRow& row, const Catalog& catalog,
                         const FrameworkProfiles& profiles) {
  if (!row.unmodelled.empty()) {
    return unsupported(fmt::format("{} is not modelled (servesim simulates tp, ep and "
                                   "dp_attention)",
                                   fmt::join(row.unmodelled, ", ")));
  }
  if (row.disaggregated && (row.prefill.workers == 0 || row.decode.workers == 0)) {
    return unsupported(
        "legacy row: the prefill/decode worker split was not recorded (workers: 0)");
  }
  const ModelSpec* model = catalog.find_model(row.model);
  if (!model) return unsupported(fmt::format("unknown model \"{}\"", row.model));
  const GpuSpec* gpu = catalog.find_gpu(row.hardware);
  if (!gpu) return unsupported(fmt::format("unknown hardware \"{}\"", row.hardware));
  if (row.disaggregated) return disaggregated_row(row, catalog, profiles, *model, *gpu);
  if (row.num_gpus > 0 && row.num_gpus != row.parallelism.gpus()) {
    return unsupported(fmt::format(
        "num_gpus {} is not the instance's {} GPUs: several aggregated instances per row are not "
        "simulated",
        row.num_gpus, row.parallelism.gpus()));
  }

  RowScenario out;
  const FrameworkProfile* profile = profiles.find(row.framework);
  if (!profile) {
    profile = &profiles.generic();
    out.notes.push_back(
        fmt::format("framework \"{}\" has no profile; the generic one was used", row.framework));
  }
  out.profile = profile->name;

  Scenario& s = out.scenario;
  s.name = fmt::format("row {}", row.id);
  s.source_label = row_label(row);
  s.model = model->name;
  s.gpu = gpu->name;
  const std::optional<Precision> precision = parse_precision(row.precision);
  if (!precision) return unsupported(fmt::format("unknown precision \"{}\"", row.precision));
  s.precision = *precision;
  s.framework = profile->is_generic() ? "" : profile->name;
  if (!catalog.has_framework(s.framework)) {
    out.notes.push_back(fmt::format(
        "the knobs have no by_framework entry \"{}\"; the generic knobs were used", s.framework));
    s.framework = "";
  }
  s.parallelism = row.parallelism;
  s.replicas = 1;
  WorkloadSpec& w = s.workload;
  w.type = "closed_loop";
  w.concurrency = row.concurrency;
  w.warmup_requests = WorkloadSpec::kWarmupRequestsPerClient * row.concurrency;
  w.measured_requests = WorkloadSpec::kMeasuredRequestsPerClient * row.concurrency;
  w.input = benchmark_lengths(row.isl);
  w.output = benchmark_lengths(row.osl);
  try {
    apply_framework_settings(profile->settings_for(*gpu, row.parallelism.tp), row.concurrency,
                             row.isl, row.mtp, catalog, s);
  } catch (const InputError& e) {
    return unsupported(strip_row_label(row, e.what()));
  }
  out.supported = true;
  return out;
}

}  // namespace servesim
