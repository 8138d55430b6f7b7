// Strict reading of sweep files and their expansion into points.
#include "sim/sweep/sweep_spec.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>

#include "sim/core/error.hpp"
#include "sim/core/text_file.hpp"
#include "sim/scenario/scenario_fields.hpp"
#include "sim/scenario/scenario_json.hpp"

namespace servesim {
namespace {

constexpr std::size_t kMaxPoints = 1000000;

std::string leaf_of(const std::string& path) {
  const auto dot = path.rfind('.');
  return dot == std::string::npos ? path : path.substr(dot + 1);
}

/// The label a value gets when the sweep names none: strings as they are, numbers as
/// "tp=8", true as the field name, false as nothing.
std::string default_label(const std::string& field, const Json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_boolean()) return v.get<bool>() ? leaf_of(field) : "";
  return fmt::format("{}={}", leaf_of(field), v.dump());
}

std::string join_nonempty(const std::vector<std::string>& parts, const std::string& sep) {
  std::string out;
  for (const auto& p : parts) {
    if (p.empty()) continue;
    if (!out.empty()) out += sep;
    out += p;
  }
  return out;
}

std::vector<std::string> read_labels(ObjectReader& a, std::size_t n) {
  if (!a.has("labels")) {
    a.ignore({"labels"});
    return {};
  }
  std::vector<std::string> labels = a.string_list_or("labels", {});
  if (labels.size() != n) {
    a.fail("labels", fmt::format("expected {} labels (one per value), got {}", n, labels.size()));
  }
  return labels;
}

const Json& value_list(ObjectReader& a, const std::string& key) {
  const Json& v = a.raw(key);
  if (!v.is_array() || v.empty()) {
    a.fail(key, fmt::format("expected a non-empty array of values, got {}", describe_json(v)));
  }
  return v;
}

void check_field_path(ObjectReader& a, const std::string& key, const std::string& field) {
  const bool bad = field.empty() || field.front() == '.' || field.back() == '.' ||
                   field.find("..") != std::string::npos;
  if (bad) a.fail(key, fmt::format("\"{}\" is not a dotted field path like \"parallelism.tp\"", field));
  const std::string problem = scenario_path_problem(field);
  if (!problem.empty()) a.fail(key, fmt::format("\"{}\": {}", field, problem));
}

SweepAxis read_axis(const Json& j, const std::string& label, const std::string& path) {
  ObjectReader a(j, label, path);
  SweepAxis axis;
  if (a.has("field")) {
    const std::string field = a.string("field");
    check_field_path(a, "field", field);
    const Json& values = value_list(a, "values");
    axis.fields = {field};
    for (const auto& v : values) axis.values.push_back({v});
  } else if (a.has("zip")) {
    const Json& zip = a.raw("zip");
    if (!zip.is_object() || zip.empty()) {
      a.fail("zip", fmt::format("expected an object of field: [values], got {}", describe_json(zip)));
    }
    ObjectReader z(zip, label, a.path_of("zip"));
    std::size_t n = 0;
    for (const auto& [field, ignored] : zip.items()) {
      check_field_path(z, field, field);
      const Json& values = value_list(z, field);
      if (axis.fields.empty()) {
        n = values.size();
        axis.values.resize(n);
      } else if (values.size() != n) {
        z.fail(field, fmt::format("expected {} values like \"{}\", got {}", n, axis.fields.front(),
                                  values.size()));
      }
      axis.fields.push_back(field);
      for (std::size_t k = 0; k < n; ++k) axis.values[k].push_back(values[k]);
    }
  } else {
    a.fail("field", "missing: an axis needs \"field\" and \"values\", or \"zip\"");
  }
  axis.labels = read_labels(a, axis.size());
  if (axis.labels.empty()) {
    for (const auto& setting : axis.values) {
      std::vector<std::string> parts;
      for (std::size_t f = 0; f < axis.fields.size(); ++f) {
        parts.push_back(default_label(axis.fields[f], setting[f]));
      }
      axis.labels.push_back(join_nonempty(parts, ","));
    }
  }
  for (const auto& f : axis.fields) {
    if (f == "workload.concurrency" || f == "workload.rate_per_s") axis.is_load = true;
  }
  a.finish();
  return axis;
}

}  // namespace

const std::vector<std::string>& slo_metric_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    for (const char* stem : {"ttft", "tpot", "itl", "e2el"}) {
      const std::string unit = std::string(stem) == "tpot" || std::string(stem) == "itl" ? "ms" : "s";
      for (const char* stat : {"mean", "p50", "p90", "p99"}) {
        out.push_back(fmt::format("{}_{}_{}", stem, stat, unit));
      }
    }
    return out;
  }();
  return names;
}

std::size_t SweepSpec::point_count() const {
  std::size_t n = 1;
  for (const auto& a : axes) n *= a.size();
  return n;
}

void set_json_path(Json& doc, const std::string& path, const Json& value,
                   const std::string& where) {
  Json* cur = &doc;
  std::size_t start = 0;
  while (true) {
    if (!cur->is_object()) {
      throw InputError(fmt::format("{}: \"{}\" is not an object in the base scenario", where,
                                   path.substr(0, start == 0 ? 0 : start - 1)));
    }
    const auto dot = path.find('.', start);
    const std::string key = path.substr(start, dot == std::string::npos ? dot : dot - start);
    if (dot == std::string::npos) {
      Json& slot = (*cur)[key];
      if (value.is_object() && slot.is_object()) {
        slot.merge_patch(value);
      } else {
        slot = value;
      }
      return;
    }
    if (!cur->contains(key)) (*cur)[key] = Json::object();
    cur = &(*cur)[key];
    start = dot + 1;
  }
}

SweepSpec read_sweep_json(const Json& j, const std::string& label, const std::string& base_dir) {
  ObjectReader r(j, label, "");
  SweepSpec spec;
  spec.label = label;
  spec.document = j;
  spec.name = r.string_or("name", spec.name);
  r.ignore({"description", "notes", "_about"});

  if (!r.has("base") && !r.has("axes") && r.has("model")) {
    throw InputError(fmt::format("{}: (root): this is a scenario file (it has \"model\" and no "
                                 "\"base\" or \"axes\"); run it with `servesim run {}`",
                                 label, label));
  }
  const Json& base = r.raw("base");
  if (base.is_string()) {
    std::filesystem::path p(base.get<std::string>());
    if (p.is_relative() && !base_dir.empty()) p = std::filesystem::path(base_dir) / p;
    if (!std::filesystem::is_regular_file(p)) {
      r.fail("base", fmt::format("cannot open the base scenario \"{}\"", p.string()));
    }
    spec.base = parse_json_text(read_text_file(p.string()), p.string());
    if (!spec.base.is_object()) r.fail("base", fmt::format("{} does not hold a scenario object", p.string()));
  } else if (base.is_object()) {
    spec.base = base;
  } else {
    r.fail("base", fmt::format("expected a scenario object or a path, got {}", describe_json(base)));
  }

  if (r.has("axes")) {
    const Json& axes = r.raw("axes");
    if (!axes.is_array()) r.fail("axes", fmt::format("expected an array, got {}", describe_json(axes)));
    for (std::size_t i = 0; i < axes.size(); ++i) {
      spec.axes.push_back(read_axis(axes[i], label, fmt::format("axes[{}]", i)));
    }
  } else {
    r.ignore({"axes"});
  }
  // Each field is set by one axis only, and at most one axis sets the load.
  std::vector<std::string> seen;
  for (std::size_t i = 0; i < spec.axes.size(); ++i) {
    for (const auto& f : spec.axes[i].fields) {
      if (std::find(seen.begin(), seen.end(), f) != seen.end()) {
        r.fail(fmt::format("axes[{}]", i), fmt::format("\"{}\" is set by an earlier axis", f));
      }
      seen.push_back(f);
    }
  }
  if (spec.point_count() > kMaxPoints) {
    r.fail("axes", fmt::format("{} points exceed the limit of {}", spec.point_count(), kMaxPoints));
  }

  if (r.has("exclude")) {
    const Json& ex = r.raw("exclude");
    if (!ex.is_array()) r.fail("exclude", fmt::format("expected an array, got {}", describe_json(ex)));
    for (std::size_t i = 0; i < ex.size(); ++i) {
      ObjectReader e(ex[i], label, fmt::format("exclude[{}]", i));
      SweepExclusion rule;
      rule.because = e.string("because");
      const Json& when = e.raw("when");
      if (!when.is_object() || when.empty()) {
        e.fail("when", fmt::format("expected an object of field: value(s), got {}", describe_json(when)));
      }
      ObjectReader w(when, label, e.path_of("when"));
      for (const auto& [field, v] : when.items()) {
        check_field_path(w, field, field);
        std::vector<Json> values;
        if (v.is_array()) {
          values.assign(v.begin(), v.end());
        } else {
          values.push_back(v);
        }
        rule.when.emplace_back(field, std::move(values));
      }
      e.finish();
      spec.exclusions.push_back(std::move(rule));
    }
  } else {
    r.ignore({"exclude"});
  }

  const auto group_by = r.string_list_or("group_by", {});
  for (std::size_t g = 0; g < group_by.size(); ++g) {
    bool found = false;
    for (std::size_t i = 0; i < spec.axes.size() && !found; ++i) {
      const auto& f = spec.axes[i].fields;
      if (std::find(f.begin(), f.end(), group_by[g]) == f.end()) continue;
      found = true;
      if (std::find(spec.group_axes.begin(), spec.group_axes.end(), i) == spec.group_axes.end()) {
        spec.group_axes.push_back(i);
      }
    }
    if (!found) {
      r.fail(fmt::format("group_by[{}]", g),
             fmt::format("\"{}\" is not a field of any axis", group_by[g]));
    }
  }

  if (r.has("requests_per_client")) {
    ObjectReader q = r.object("requests_per_client");
    spec.requests_per_client.set = true;
    spec.requests_per_client.measured = q.count("measured", 1);
    spec.requests_per_client.warmup = q.count_or("warmup", 0, 0);
    q.finish();
  } else {
    r.ignore({"requests_per_client"});
  }

  if (r.has("slo")) {
    const Json& slo = r.raw("slo");
    ObjectReader s(slo, label, "slo");
    for (const auto& [metric, ignored] : slo.items()) {
      const auto& names = slo_metric_names();
      if (std::find(names.begin(), names.end(), metric) == names.end()) {
        s.fail(metric, fmt::format("not a latency metric (expected one of: {})", fmt::join(names, ", ")));
      }
      spec.slo[metric] = s.positive_number(metric);
    }
  } else {
    r.ignore({"slo"});
  }

  if (r.has("iso_interactivity_tok_s_per_user")) {
    spec.iso_tok_s_per_user = r.number_list("iso_interactivity_tok_s_per_user");
    for (std::size_t i = 0; i < spec.iso_tok_s_per_user.size(); ++i) {
      if (!(spec.iso_tok_s_per_user[i] > 0)) {
        r.fail(fmt::format("iso_interactivity_tok_s_per_user[{}]", i), "expected a positive number");
      }
    }
  } else {
    r.ignore({"iso_interactivity_tok_s_per_user"});
  }
  r.finish();
  return spec;
}

SweepSpec read_sweep_text(const std::string& text, const std::string& label,
                          const std::string& base_dir) {
  return read_sweep_json(parse_json_text(text, label), label, base_dir);
}

SweepSpec read_sweep_file(const std::string& path) {
  return read_sweep_text(read_text_file(path), path,
                         std::filesystem::path(path).parent_path().string());
}

namespace {

/// The value at dotted `path` of `doc`, or nullptr.
const Json* find_json_path(const Json& doc, const std::string& path) {
  const Json* cur = &doc;
  std::size_t start = 0;
  while (true) {
    const auto dot = path.find('.', start);
    const std::string key = path.substr(start, dot == std::string::npos ? dot : dot - start);
    if (!cur->is_object() || !cur->contains(key)) return nullptr;
    cur = &(*cur)[key];
    if (dot == std::string::npos) return cur;
    start = dot + 1;
  }
}

bool matches(const SweepExclusion& rule, const Json& doc) {
  for (const auto& [field, values] : rule.when) {
    const Json* v = find_json_path(doc, field);
    if (!v || std::find(values.begin(), values.end(), *v) == values.end()) return false;
  }
  return true;
}

}  // namespace

SweepExpansion expand_sweep(const SweepSpec& spec) {
  const std::size_t n = spec.point_count();
  SweepExpansion out;
  out.excluded.assign(spec.exclusions.size(), 0);
  std::vector<SweepPoint>& points = out.points;
  std::vector<std::size_t> digit(spec.axes.size(), 0);
  for (std::size_t index = 0; index < n; ++index) {
    // Mixed-radix digits, the last axis fastest.
    std::size_t rest = index;
    for (std::size_t a = spec.axes.size(); a-- > 0;) {
      digit[a] = rest % spec.axes[a].size();
      rest /= spec.axes[a].size();
    }
    const std::string where = fmt::format("{}: point {}", spec.label, index);
    Json doc = spec.base;
    std::vector<std::string> group_parts, config_parts;
    for (std::size_t a = 0; a < spec.axes.size(); ++a) {
      const SweepAxis& axis = spec.axes[a];
      for (std::size_t f = 0; f < axis.fields.size(); ++f) {
        set_json_path(doc, axis.fields[f], axis.values[digit[a]][f], where);
      }
      const std::string& l = axis.labels[digit[a]];
      const bool grouping =
          std::find(spec.group_axes.begin(), spec.group_axes.end(), a) != spec.group_axes.end();
      if (grouping) {
        group_parts.push_back(l);
      } else if (!axis.is_load) {
        config_parts.push_back(l);
      }
    }
    const auto rule = std::find_if(spec.exclusions.begin(), spec.exclusions.end(),
                                   [&](const SweepExclusion& e) { return matches(e, doc); });
    if (rule != spec.exclusions.end()) {
      ++out.excluded[static_cast<std::size_t>(rule - spec.exclusions.begin())];
      continue;
    }
    SweepPoint p;
    p.index = index;
    p.group = join_nonempty(group_parts, " ");
    if (p.group.empty()) p.group = "all";
    p.config = join_nonempty(config_parts, " ");
    if (p.config.empty()) p.config = "base";

    if (spec.requests_per_client.set && doc.contains("workload") && doc["workload"].is_object()) {
      Json& w = doc["workload"];
      const bool closed = !w.contains("type") || w["type"] == "closed_loop";
      if (closed && w.contains("concurrency") && w["concurrency"].is_number_integer()) {
        const auto c = w["concurrency"].get<std::int64_t>();
        w["measured_requests"] = c * spec.requests_per_client.measured;
        w["warmup_requests"] = c * spec.requests_per_client.warmup;
      }
    }
    doc.erase("name");
    p.scenario = read_scenario_json(doc, where, "");
    const WorkloadSpec& w = p.scenario.workload;
    const bool closed = w.closed_loop();
    p.load = closed ? w.concurrency : w.rate_per_s;
    p.label = fmt::format("{} {} {}", p.group, p.config,
                          closed ? fmt::format("c={}", w.concurrency)
                                 : fmt::format("rate={}/s", w.rate_per_s));
    p.scenario.name = p.label;
    points.push_back(std::move(p));
  }
  return out;
}

}  // namespace servesim
