// Strict scenario reading and writing, driven by the field tables of scenario_fields.
#include "sim/scenario/scenario_reader.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "hw/catalog.hpp"
#include "hw/hardware_overrides.hpp"
#include "sim/core/error.hpp"
#include "sim/core/text.hpp"
#include "sim/core/text_file.hpp"
#include "sim/scenario/field_json.hpp"
#include "sim/scenario/scenario_fields.hpp"
#include "sim/scenario/scenario_json.hpp"

namespace servesim {
namespace {

/// Fails on a key an earlier version read under another name, naming the new one.
void reject_renamed(const ObjectReader& r) {
  for (const auto& f : renamed_scenario_fields()) {
    const auto dot = f.old_path.rfind('.');
    const std::string object = dot == std::string::npos ? "" : f.old_path.substr(0, dot);
    const std::string key = f.old_path.substr(dot == std::string::npos ? 0 : dot + 1);
    if (object == r.path() && r.has(key)) r.fail(key, "renamed: " + f.advice);
  }
}

LengthDistribution read_lengths(ObjectReader r, std::set<std::string>& given) {
  LengthDistribution d;
  read_fields(length_fields(), r, d, &given);
  if (d.kind == LengthDistribution::Kind::kEmpirical) d.mean = static_cast<int>(d.expected());
  r.finish();
  return d;
}

WorkloadSpec read_workload(ObjectReader r, std::set<std::string>& given) {
  reject_renamed(r);
  WorkloadSpec w;
  read_fields(workload_fields(), r, w, &given);
  w.input = read_lengths(r.object("input"), given);
  w.output = read_lengths(r.object("output"), given);
  r.finish();
  return w;
}

template <typename S>
void read_optional_object(ObjectReader& r, const std::string& key, const FieldTable<S>& table, S& s,
                          std::set<std::string>& given) {
  if (!r.has(key)) {
    r.ignore({key});
    return;
  }
  ObjectReader o = r.object(key);
  reject_renamed(o);
  read_fields(table, o, s, &given);
  o.finish();
}

void read_override(ObjectReader& o, const std::string& key, const std::string& name,
                   Scenario& s) {
  const HardwareOverrideSpec* spec = find_hardware_override(name);
  if (!spec) {
    std::vector<std::string> names;
    for (const auto& h : hardware_override_specs()) names.push_back(h.name);
    o.fail(key, fmt::format("unknown hardware override \"{}\" (expected one of: {})", name,
                            fmt::join(names, ", ")));
  }
  const double v = o.number(key);
  if (const std::string why = hardware_override_problem(*spec, v); !why.empty()) o.fail(key, why);
  s.hardware_overrides[name] = v;
  s.given.insert("overrides." + name);
}

/// "overrides": {"gpu.nic_bw_bytes_per_s": 1e11} or nested {"gpu": {"nic_bw_bytes_per_s": ..}}.
void read_overrides(ObjectReader& r, Scenario& s) {
  if (!r.has("overrides")) {
    r.ignore({"overrides"});
    return;
  }
  ObjectReader o = r.object("overrides");
  for (const auto& [key, value] : r.raw("overrides").items()) {
    if (value.is_object()) {
      ObjectReader n = o.object(key);
      for (const auto& [leaf, _] : o.raw(key).items()) read_override(n, leaf, key + "." + leaf, s);
      n.finish();
    } else {
      read_override(o, key, key, s);
    }
  }
  o.finish();
}

/// "pools": {"<name>": {"role": ..., "workers": ..., <instance fields>}, ...}. A pool's worker
/// configuration is the document without "pools", its own fields merged on top (objects such
/// as "scheduler" merge key by key), read by the same strict reader.
void read_pools(ObjectReader& r, const Json& doc, Scenario& s) {
  if (!r.has("pools")) {
    r.ignore({"pools"});
    return;
  }
  const Json& pools = r.raw("pools");
  if (pools.is_null()) return;  // a sweep's way to say "no pools" for an aggregated point
  if (!pools.is_object() || pools.empty()) {
    r.fail("pools", fmt::format("expected an object of named pools, got {}", describe_json(pools)));
  }
  for (const char* key : {"replicas"}) {
    if (s.given.count(key)) {
      r.fail(key, "with \"pools\" each pool sets its own \"workers\"");
    }
  }
  Json base = doc;
  base.erase("pools");
  for (const char* key : {"name", "description", "notes", "_about"}) base.erase(key);
  for (const auto& [name, pool_json] : pools.items()) {
    ObjectReader o(pool_json, r.file(), r.path_of("pools") + "." + name);
    PoolConfig pool;
    pool.name = name;
    for (const auto& [role, value] : std::vector<std::pair<std::string, PoolRole>>{
             {"aggregated", PoolRole::kAggregated},
             {"prefill", PoolRole::kPrefill},
             {"decode", PoolRole::kDecode}}) {
      if (name == role) pool.role = value;
    }
    std::set<std::string> pool_given;
    read_fields(pool_fields(), o, pool, &pool_given);
    if (!pool_given.count(o.path_of("role")) && name != "aggregated" && name != "prefill" &&
        name != "decode") {
      o.fail("role", "missing: a pool not named after its role needs \"role\"");
    }
    Json worker = base;
    const auto& keys = pool_setting_keys();
    for (const auto& [key, value] : pool_json.items()) {
      if (key == "role" || key == "workers") continue;
      if (std::find(keys.begin(), keys.end(), key) == keys.end()) {
        o.fail(key, fmt::format("not a pool field (a pool sets role, workers, {})",
                                fmt::join(keys, ", ")));
      }
      o.raw(key);
      if (value.is_object() && worker.contains(key) && worker[key].is_object()) {
        worker[key].merge_patch(value);
      } else {
        worker[key] = value;
      }
    }
    o.finish();
    worker["replicas"] = pool.workers;
    pool.settings = read_scenario_json(worker, r.file(), o.path());
    pool.settings.name = s.name + "/" + name;
    pool.settings.source_label = r.file();
    // The worker's explicit fields, as paths of its own document (both levels count).
    std::set<std::string> worker_given;
    for (const auto& g : pool.settings.given) worker_given.insert(strip_prefix(g, o.path() + "."));
    pool.settings.given = std::move(worker_given);
    s.given.insert(pool_given.begin(), pool_given.end());  // already paths of the document
    s.pools.push_back(std::move(pool));
  }
  // Front-door pools first (they are placed first): JSON objects carry no order of their own.
  std::stable_sort(s.pools.begin(), s.pools.end(), [](const PoolConfig& a, const PoolConfig& b) {
    return (a.role == PoolRole::kDecode) < (b.role == PoolRole::kDecode);
  });
}

}  // namespace

Scenario read_scenario_json(const Json& j, const std::string& label, const std::string& path) {
  if (path.empty() && j.is_object() && j.contains("base") && j.contains("axes")) {
    throw InputError(fmt::format("{}: (root): this is a sweep file (it has \"base\" and "
                                 "\"axes\"); run it with `servesim sweep {}`",
                                 label, label));
  }
  ObjectReader r(j, label, path);
  Scenario s;
  s.source_label = label;
  r.ignore({"description", "notes", "_about"});
  reject_renamed(r);
  read_fields(scenario_fields(), r, s, &s.given);
  {
    ObjectReader p = r.object("parallelism");
    reject_renamed(p);
    read_fields(parallelism_fields(), p, s.parallelism, &s.given);
    p.finish();
  }
  read_optional_object(r, "scheduler", scheduler_fields(), s.scheduler, s.given);
  s.workload = read_workload(r.object("workload"), s.given);
  if (r.has("knobs")) {
    ObjectReader k = r.object("knobs");
    for (const auto& [name, value] : r.raw("knobs").items()) {
      if (std::find(knob_names().begin(), knob_names().end(), name) == knob_names().end()) {
        k.fail(name,
               fmt::format("unknown knob (expected one of: {})", fmt::join(knob_names(), ", ")));
      }
      s.knob_overrides[name] = k.positive_number_or(name, 0, true);
      s.given.insert(k.path_of(name));
    }
    k.finish();
  } else {
    r.ignore({"knobs"});
  }
  read_optional_object(r, "cluster", cluster_fields(), s.cluster, s.given);
  read_overrides(r, s);
  read_optional_object(r, "slo", slo_fields(), s, s.given);
  read_pools(r, j, s);
  r.finish();
  return s;
}

Scenario read_scenario_text(const std::string& text, const std::string& label) {
  return read_scenario_json(parse_json_text(text, label), label, "");
}

Scenario read_scenario_file(const std::string& path) {
  return read_scenario_text(read_text_file(path), path);
}

Json scenario_to_json(const Scenario& s) {
  Json j = Json::object();
  write_fields(scenario_fields(), s, j);
  Json p = Json::object();
  write_fields(parallelism_fields(), s.parallelism, p);
  j["parallelism"] = p;
  Json c = Json::object();
  write_fields(scheduler_fields(), s.scheduler, c);
  j["scheduler"] = c;
  Json w = Json::object();
  write_fields(workload_fields(), s.workload, w);
  for (auto [key, d] : {std::pair{"input", &s.workload.input}, {"output", &s.workload.output}}) {
    Json l = Json::object();
    write_fields(length_fields(), *d, l);
    w[key] = l;
  }
  j["workload"] = w;
  j["knobs"] = Json::object();
  for (const auto& [name, value] : s.knob_overrides) j["knobs"][name] = value;
  Json cl = Json::object();
  write_fields(cluster_fields(), s.cluster, cl);
  j["cluster"] = cl;
  j["overrides"] = Json::object();
  for (const auto& [name, value] : s.hardware_overrides) {
    const auto dot = name.find('.');
    j["overrides"][name.substr(0, dot)][name.substr(dot + 1)] = value;
  }
  Json o = Json::object();
  write_fields(slo_fields(), s, o);
  j["slo"] = o;
  if (!s.pools.empty()) {
    j.erase("replicas");
    Json pools = Json::object();
    for (const auto& pool : s.pools) {
      Json pj = Json::object();
      write_fields(pool_fields(), pool, pj);
      const Json worker = scenario_to_json(pool.settings);
      for (const auto& key : pool_setting_keys()) {
        if (worker.contains(key)) pj[key] = worker[key];
      }
      pools[pool.name] = pj;
    }
    j["pools"] = pools;
  }
  return j;
}

}  // namespace servesim
