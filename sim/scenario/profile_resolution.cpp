// Framework profile under the scenario's own fields.
#include "sim/scenario/profile_resolution.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <vector>

#include "sim/core/error.hpp"
#include "sim/scenario/scenario_fields.hpp"

namespace servesim {
namespace {

/// Copies the fields of `table` whose dotted path (`prefix` + key) is in `given` from `own`.
template <typename S>
void keep_given(const FieldTable<S>& table, const std::string& prefix,
                const std::set<std::string>& given, const S& own, S& out) {
  for (const auto& f : table) {
    if (given.count(prefix + f.key)) f.set(out, f.get(own));
  }
}

}  // namespace

void apply_framework_profile(const FrameworkProfiles& profiles, const Catalog& catalog,
                             Scenario& s, const std::string& role) {
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
  if (!s.pools.empty()) {
    // Every worker is described by its pool; the top-level fields are only their defaults.
    for (auto& pool : s.pools) {
      apply_framework_profile(profiles, catalog, pool.settings,
                              pool.role == PoolRole::kAggregated ? "" : pool_role_name(pool.role));
    }
    return;
  }
  const GpuSpec* gpu = catalog.find_gpu(s.gpu);
  if (!gpu) return;  // validate names the unknown GPU

  const WorkloadSpec& w = s.workload;
  const int concurrency = w.closed_loop() ? w.concurrency : 0;
  Scenario applied = s;
  apply_framework_settings(profile->settings_for(*gpu, s.parallelism.tp, role), concurrency,
                           w.input.max_value(), s.mtp_draft_tokens > 0, catalog, applied);
  applied.mtp_draft_tokens = s.mtp_draft_tokens;
  // The scenario's own values win. A profile sets top-level and scheduler fields only.
  keep_given(scenario_fields(), "", s.given, s, applied);
  keep_given(scheduler_fields(), "scheduler.", s.given, s.scheduler, applied.scheduler);
  s = std::move(applied);
}

}  // namespace servesim
