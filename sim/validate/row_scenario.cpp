// Row -> scenario.
#include "sim/validate/row_scenario.hpp"

#include <fmt/format.h>

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

RowScenario row_scenario(const MeasuredRow& row, const Catalog& catalog,
                         const FrameworkProfiles& profiles) {
  if (row.disaggregated) {
    if (row.prefill.workers == 0 || row.decode.workers == 0) {
      return unsupported("the prefill/decode worker split was not recorded (workers: 0)");
    }
    return unsupported("disaggregated serving is not simulated yet");
  }
  const ModelSpec* model = catalog.find_model(row.model);
  if (!model) return unsupported(fmt::format("unknown model \"{}\"", row.model));
  const GpuSpec* gpu = catalog.find_gpu(row.hardware);
  if (!gpu) return unsupported(fmt::format("unknown hardware \"{}\"", row.hardware));
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
