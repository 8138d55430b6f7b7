// Reading framework profiles and applying them to scenarios.
#include "sim/scenario/framework_profile.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <set>
#include <sstream>

#include "hw/memory_budget.hpp"
#include "sim/core/error.hpp"
#include "sim/core/json_reader.hpp"
#include "sim/core/text.hpp"
#include "sim/scenario/field_json.hpp"
#include "sim/scenario/embedded_files.hpp"
#include "sim/scenario/scenario_validation.hpp"
#include "sim/scenario/scenario_fields.hpp"

namespace servesim {
namespace {

/// Reads the settings fields present in `r` and checks each has a source in `sources`.
PartialFrameworkSettings read_partial(ObjectReader& r) {
  PartialFrameworkSettings p;
  std::set<std::string> paths;
  read_fields(framework_settings_fields(), r, p.values, &paths);
  for (const auto& f : framework_settings_fields()) {
    if (r.has(f.key)) p.given.insert(f.key);
  }

  // Every value names its source; a source names a value this layer sets.
  if (!r.has("sources")) {
    if (!p.given.empty()) r.fail("sources", "missing: every value needs a source");
    r.ignore({"sources"});
    return p;
  }
  ObjectReader s = r.object("sources");
  for (const auto& f : p.given) {
    if (!s.has(f)) s.fail(f, "missing the source of this value");
    if (s.string(f).empty()) s.fail(f, "empty source");
  }
  s.finish();
  return p;
}

/// Overwrites the fields of `out` that `p` names.
void layer(const PartialFrameworkSettings& p, FrameworkSettings& out) {
  for (const auto& f : framework_settings_fields()) {
    if (p.given.count(f.key)) f.set(out, f.get(p.values));
  }
}

struct RawProfile {
  std::string name;
  std::vector<std::string> aliases;
  std::string inherits;
  PartialFrameworkSettings own;
  std::map<std::string, PartialFrameworkSettings> by_gpu, by_role, by_role_gpu;
  std::string path;
};

/// "by_gpu": {"<GPU>[@tp<N>]": {fields}} into `out`, keys prefixed by `prefix`.
void read_by_gpu(ObjectReader& o, const Json& j, const std::string& prefix,
                 std::map<std::string, PartialFrameworkSettings>& out) {
  if (!o.has("by_gpu")) {
    o.ignore({"by_gpu"});
    return;
  }
  ObjectReader g = o.object("by_gpu");
  for (const auto& [gpu, value] : j.at("by_gpu").items()) {
    const auto at = gpu.find('@');
    if (at != std::string::npos) {
      const std::string tp = gpu.substr(at);
      const bool ok = tp.size() > 3 && tp.rfind("@tp", 0) == 0 && tp[3] != '0' &&
                      tp.find_first_not_of("0123456789", 3) == std::string::npos;
      if (!ok) g.fail(gpu, "expected a GPU name, optionally followed by @tp<N>");
    }
    ObjectReader e = g.object(gpu);
    out[prefix + gpu] = read_partial(e);
    e.finish();
  }
  g.finish();
}

bool all_set(const PartialFrameworkSettings& p, std::string& missing) {
  for (const auto& f : framework_settings_fields()) {
    if (!p.given.count(f.key)) {
      missing = f.key;
      return false;
    }
  }
  return true;
}

}  // namespace

void PartialFrameworkSettings::apply_to(FrameworkSettings& out) const { layer(*this, out); }

void PartialFrameworkSettings::apply_to(PartialFrameworkSettings& out) const {
  layer(*this, out.values);
  out.given.insert(given.begin(), given.end());
}

FrameworkSettings FrameworkProfile::settings_for(const GpuSpec& gpu, int tp,
                                                const std::string& role) const {
  auto names_gpu = [&](const std::string& key) {
    bool match = lower(key) == lower(gpu.name);
    for (const auto& a : gpu.aliases) match = match || lower(key) == lower(a);
    return match;
  };
  FrameworkSettings s = settings;
  for (const auto& [key, partial] : by_gpu) {
    if (key.find('@') == std::string::npos && names_gpu(key)) partial.apply_to(s);
  }
  const std::string tp_suffix = fmt::format("@tp{}", tp);
  for (const auto& [key, partial] : by_gpu) {
    const auto at = key.find('@');
    if (at != std::string::npos && key.substr(at) == tp_suffix && names_gpu(key.substr(0, at))) {
      partial.apply_to(s);
    }
  }
  if (role.empty()) return s;
  if (auto it = by_role.find(role); it != by_role.end()) it->second.apply_to(s);
  for (const bool with_tp : {false, true}) {
    for (const auto& [key, partial] : by_role_gpu) {
      if (key.rfind(role + "|", 0) != 0) continue;
      const std::string gpu_key = key.substr(role.size() + 1);
      const auto at = gpu_key.find('@');
      if ((at != std::string::npos) != with_tp) continue;
      if (with_tp && gpu_key.substr(at) != tp_suffix) continue;
      if (names_gpu(gpu_key.substr(0, at))) partial.apply_to(s);
    }
  }
  return s;
}

FrameworkProfiles FrameworkProfiles::from_text(const std::string& text, const std::string& label) {
  const Json root = parse_json_text(text, label);
  ObjectReader r(root, label, "");
  r.ignore({"_about", "source", "sources", "notes"});
  const Json& arr = r.raw("profiles");
  if (!arr.is_array()) r.fail("profiles", "expected an array");
  r.finish();

  std::vector<RawProfile> raw;
  for (std::size_t i = 0; i < arr.size(); ++i) {
    RawProfile p;
    p.path = fmt::format("profiles[{}]", i);
    ObjectReader o(arr[i], label, p.path);
    p.name = o.string("name");
    if (p.name.empty()) o.fail("name", "must not be empty");
    p.aliases = o.string_list_or("aliases", {});
    p.inherits = o.string_or("inherits", p.name == "generic" ? "" : "generic");
    p.own = read_partial(o);
    read_by_gpu(o, arr[i], "", p.by_gpu);
    if (o.has("by_role")) {
      ObjectReader roles = o.object("by_role");
      for (const auto& [role, value] : arr[i].at("by_role").items()) {
        if (role != "prefill" && role != "decode") {
          roles.fail(role, "expected \"prefill\" or \"decode\"");
        }
        ObjectReader e = roles.object(role);
        p.by_role[role] = read_partial(e);
        read_by_gpu(e, value, role + "|", p.by_role_gpu);
        e.finish();
      }
      roles.finish();
    } else {
      o.ignore({"by_role"});
    }
    o.ignore({"notes", "_about"});
    o.finish();
    raw.push_back(std::move(p));
  }

  // Names and aliases are unique (case-insensitive).
  std::map<std::string, std::size_t> by_key;
  for (std::size_t i = 0; i < raw.size(); ++i) {
    std::vector<std::string> keys = raw[i].aliases;
    keys.push_back(raw[i].name);
    for (const auto& k : keys) {
      auto [it, inserted] = by_key.emplace(lower(k), i);
      if (!inserted && it->second != i) {
        throw InputError(fmt::format("{}: {}: the name \"{}\" is already used by {}", label,
                                     raw[i].path, k, raw[it->second].path));
      }
    }
  }
  auto index_of = [&](const std::string& name) -> std::size_t {
    for (std::size_t i = 0; i < raw.size(); ++i) {
      if (raw[i].name == name) return i;
    }
    return raw.size();
  };
  const std::size_t generic = index_of("generic");
  if (generic == raw.size()) {
    throw InputError(fmt::format("{}: profiles: needs a profile named \"generic\"", label));
  }
  std::string missing;
  if (!all_set(raw[generic].own, missing)) {
    throw InputError(fmt::format("{}: {}: the generic profile must set \"{}\"", label,
                                 raw[generic].path, missing));
  }

  FrameworkProfiles out;
  for (std::size_t i = 0; i < raw.size(); ++i) {
    // The chain from generic down to this profile.
    std::vector<std::size_t> chain{i};
    while (!raw[chain.back()].inherits.empty()) {
      const std::size_t parent = index_of(raw[chain.back()].inherits);
      if (parent == raw.size()) {
        throw InputError(fmt::format("{}: {}.inherits: unknown profile \"{}\"", label,
                                     raw[chain.back()].path, raw[chain.back()].inherits));
      }
      if (std::find(chain.begin(), chain.end(), parent) != chain.end()) {
        throw InputError(fmt::format("{}: {}.inherits: cycle through \"{}\"", label, raw[i].path,
                                     raw[parent].name));
      }
      chain.push_back(parent);
    }
    if (chain.back() != generic) {
      throw InputError(
          fmt::format("{}: {}: must inherit from \"generic\" in the end", label, raw[i].path));
    }
    FrameworkProfile p;
    p.name = raw[i].name;
    p.aliases = raw[i].aliases;
    for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
      raw[*it].own.apply_to(p.settings);
      for (const auto& [gpu, partial] : raw[*it].by_gpu) partial.apply_to(p.by_gpu[gpu]);
      for (const auto& [role, partial] : raw[*it].by_role) partial.apply_to(p.by_role[role]);
      for (const auto& [key, partial] : raw[*it].by_role_gpu) partial.apply_to(p.by_role_gpu[key]);
    }
    out.profiles_.push_back(std::move(p));
  }
  return out;
}

const FrameworkProfile* FrameworkProfiles::find(const std::string& name) const {
  const std::string key = name.empty() ? "generic" : lower(name);
  for (const auto& p : profiles_) {
    if (lower(p.name) == key) return &p;
    for (const auto& a : p.aliases) {
      if (lower(a) == key) return &p;
    }
  }
  return nullptr;
}

const FrameworkProfile& FrameworkProfiles::generic() const {
  const FrameworkProfile* p = find("generic");
  SERVESIM_CHECK(p != nullptr, "profiles without generic");
  return *p;
}

FrameworkProfiles load_framework_profiles(const std::string& dir) {
  if (!dir.empty()) {
    const std::string path = dir + "/frameworks.json";
    std::ifstream in(path, std::ios::binary);
    if (in) {
      std::stringstream ss;
      ss << in.rdbuf();
      return FrameworkProfiles::from_text(ss.str(), path);
    }
  }
  const std::string path = "scenarios/catalog/frameworks.json";
  const std::string* text = find_embedded(path);
  if (!text) throw InputError(fmt::format("(embedded) {}: missing from the binary", path));
  return FrameworkProfiles::from_text(*text, "(embedded) " + path);
}

void apply_framework_settings(const FrameworkSettings& f, int concurrency, int isl, bool mtp,
                              const Catalog& catalog, Scenario& s) {
  const Parallelism& p = s.parallelism;
  s.kv_cache_dtype = f.kv_cache_dtype;
  s.mtp_draft_tokens =
      mtp ? (p.dp_attention ? f.mtp_draft_tokens_with_dp_attention : f.mtp_draft_tokens) : 0;
  SchedulerConfig& sc = s.scheduler;
  // Fields named alike in both tables (chunked_prefill, block_size, output_reserve_*,
  // mix_prefill_with_decode) are copied; the token budget and running cap follow their policies.
  for (const auto& to : scheduler_fields()) {
    for (const auto& from : framework_settings_fields()) {
      if (from.key == to.key && from.kind == to.kind) to.set(sc, from.get(f));
    }
  }
  // Open-loop arrivals have no concurrency (0): the cap set to the concurrency is then the
  // profile's fixed value.
  const int fixed_cap =
      f.max_running_seqs * (f.token_budget_per_attention_rank ? p.attention_dp() : 1);
  sc.max_running_seqs = f.max_running_seqs_policy == RunningSeqsPolicy::kConcurrency
                            ? (concurrency > 0 ? concurrency : fixed_cap)
                        : f.max_running_seqs_policy == RunningSeqsPolicy::kFixed
                            ? fixed_cap
                            : std::max(f.max_running_seqs, concurrency);
  const int ranks = f.token_budget_per_attention_rank ? p.attention_dp() : 1;
  int per_rank = f.max_batched_tokens;
  if (f.max_batched_tokens_policy == TokenBudgetPolicy::kFitPromptAndBatch) {
    const int seqs_per_rank = (sc.max_running_seqs + ranks - 1) / ranks;
    const Numerics& n = catalog.numerics();
    const int need =
        (1 + s.mtp_draft_tokens) * seqs_per_rank + isl + n.token_budget_headroom_tokens;
    const int round = n.token_budget_round_to;
    per_rank = std::max(per_rank, (need + round - 1) / round * round);
  }
  sc.max_batched_tokens = per_rank * ranks;

  // servesim's memory_fraction is the share of HBM for weights, activations and KV together.
  if (f.memory_fraction_of == MemoryFractionOf::kTotal) {
    s.memory_fraction = f.memory_fraction;
    return;
  }
  Scenario trial = s;
  trial.memory_fraction = 1.0;
  if (sc.chunked_prefill) {
    // The profile's token budget is its engine's default for the GPU type, not for this
    // parallelism: where the largest step's activations would leave no room in HBM for even
    // one request's KV (a prefill TP4 worker of an fp8 DeepSeek-R1 given the DEP8 recipes'
    // 131,072 tokens), the budget is halved until it fits, as the engine's own sizing of
    // chunked prefill to the memory does; chunked prefill still runs every prompt.
    const int smallest = ranks * 1024;  // never below 1,024 tokens per budget holder
    Scenario probe = trial;
    probe.scheduler.max_batched_tokens = std::min(sc.max_batched_tokens, smallest);
    const ValidScenario probed = validate(probe, catalog);  // owns what spec points to
    const InstanceSpec& spec = probed.spec;
    const double need = s.workload.input.max_value() + s.workload.output.max_value() +
                        sc.block_size;
    auto fits = [&](int budget) {
      const MemoryBudget b = memory_budget(spec, 1.0, budget, sc.max_running_seqs);
      return b.kv_capacity_tokens / spec.parallelism.attention_dp() >= need;
    };
    while (sc.max_batched_tokens > smallest && !fits(sc.max_batched_tokens)) {
      sc.max_batched_tokens /= 2;
    }
    trial.scheduler.max_batched_tokens = sc.max_batched_tokens;
  }
  const MemoryBudget m = validate(trial, catalog).memory;
  const double fixed = m.weight_bytes + m.activation_bytes;
  double share = 0;
  if (f.memory_fraction_of == MemoryFractionOf::kWeightsAndKv) {
    // weights + KV = f * HBM; activations come on top.
    share = f.memory_fraction + m.activation_bytes / m.hbm_bytes;
  } else {
    // KV = f * (HBM - weights - activations).
    share = (fixed + f.memory_fraction * std::max(0.0, m.hbm_bytes - fixed)) / m.hbm_bytes;
  }
  s.memory_fraction = std::clamp(share, 1e-6, 1.0);
}

}  // namespace servesim
