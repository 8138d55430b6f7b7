// Framework profile under the scenario's own fields.
#include "sim/scenario/profile_resolution.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <vector>

#include "sim/core/error.hpp"
#include "sim/core/json_reader.hpp"
#include "sim/scenario/scenario_json.hpp"

namespace servesim {
namespace {

/// The value at dotted `path` of `j`, or nullptr.
const Json* at_path(const Json& j, const std::string& path) {
  const Json* node = &j;
  std::size_t start = 0;
  while (true) {
    const std::size_t dot = path.find('.', start);
    const std::string key = path.substr(start, dot - start);
    if (!node->is_object() || !node->contains(key)) return nullptr;
    node = &(*node)[key];
    if (dot == std::string::npos) return node;
    start = dot + 1;
  }
}

void set_path(Json& j, const std::string& path, const Json& value) {
  Json* node = &j;
  std::size_t start = 0;
  while (true) {
    const std::size_t dot = path.find('.', start);
    const std::string key = path.substr(start, dot - start);
    if (dot == std::string::npos) {
      (*node)[key] = value;
      return;
    }
    node = &(*node)[key];
    start = dot + 1;
  }
}

}  // namespace

void apply_framework_profile(const FrameworkProfiles& profiles, const Catalog& catalog,
                             Scenario& s) {
  const FrameworkProfile* profile = profiles.find(s.framework);
  if (!profile) {
    std::vector<std::string> names;
    for (const auto& p : profiles.profiles()) names.push_back(p.name);
    throw InputError(fmt::format("{}: framework: unknown framework \"{}\" (known: {})",
                                 s.source_label, s.framework, fmt::join(names, ", ")));
  }
  // The profile's own name from here on (aliases and case as the user wrote them resolve to it),
  // which also selects the knobs' by_framework entry.
  s.framework = profile->is_generic() ? "" : profile->name;
  const GpuSpec* gpu = catalog.find_gpu(s.gpu);
  if (!gpu) return;  // build_instance names the unknown GPU

  const WorkloadSpec& w = s.workload;
  const int concurrency = w.kind == WorkloadSpec::Kind::kClosedLoop ? w.concurrency : 0;
  Scenario applied = s;
  apply_framework_settings(profile->settings_for(*gpu, s.parallelism.tp), concurrency,
                           w.input.max_value(), s.mtp_draft_tokens > 0, catalog, applied);
  applied.mtp_draft_tokens = s.mtp_draft_tokens;
  if (s.given.empty()) {
    s = std::move(applied);
    return;
  }
  // The scenario's own values win: write both, copy the given paths across, read back.
  const Json own = scenario_to_json(s);
  Json merged = scenario_to_json(applied);
  for (const std::string& path : s.given) {
    if (const Json* v = at_path(own, path)) set_path(merged, path, *v);
  }
  Scenario out = read_scenario_json(merged, s.source_label, "");
  out.source_label = s.source_label;
  out.given = s.given;
  s = std::move(out);
}

}  // namespace servesim
