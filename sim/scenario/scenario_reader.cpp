// Strict scenario reading and writing, driven by the field tables of scenario_fields.
#include "sim/scenario/scenario_reader.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "hw/catalog.hpp"
#include "hw/hardware_overrides.hpp"
#include "sim/core/error.hpp"
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

}  // namespace

Scenario read_scenario_json(const Json& j, const std::string& label, const std::string& path) {
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
  return j;
}

}  // namespace servesim
