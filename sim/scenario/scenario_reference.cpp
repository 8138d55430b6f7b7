// Rendering the field tables as the scenario reference (Markdown and plain text).
#include "sim/scenario/scenario_reference.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <vector>

#include "hw/catalog.hpp"
#include "hw/hardware_overrides.hpp"
#include "sim/scenario/framework_profile.hpp"
#include "sim/scenario/scenario_fields.hpp"

namespace servesim {
namespace {

std::string describe(const FieldDoc& f) {
  std::string d = f.spec.doc;
  if (!f.spec.applies_doc.empty()) d += fmt::format(" (only when {})", f.spec.applies_doc);
  return d;
}

std::string heading(const std::string& path) { return path.empty() ? "(root)" : path; }

std::string markdown_table(const std::string& path, const std::vector<FieldDoc>& fields) {
  std::string out =
      "| field | type | unit | default | allowed | description |\n"
      "| --- | --- | --- | --- | --- | --- |\n";
  for (const auto& f : fields) {
    const std::string key = path.empty() ? f.spec.key : path + "." + f.spec.key;
    std::string range = field_range_text(f.spec);
    std::replace(range.begin(), range.end(), '|', '/');
    out += fmt::format("| `{}` | {} | {} | {} | {} | {} |\n", key, field_kind_name(f.spec.kind),
                       f.spec.unit.empty() ? "—" : f.spec.unit, f.default_text,
                       range.empty() ? "—" : range, describe(f));
  }
  return out;
}

std::string text_lines(const std::string& path, const std::vector<FieldDoc>& fields) {
  std::string out;
  for (const auto& f : fields) {
    const std::string key = path.empty() ? f.spec.key : path + "." + f.spec.key;
    std::string kind = field_kind_name(f.spec.kind);
    if (!f.spec.unit.empty()) kind += " [" + f.spec.unit + "]";
    const std::string range = field_range_text(f.spec);
    out += fmt::format("  {:<44} {:<22} default {}{}\n  {:<44} {}\n", key, kind, f.default_text,
                       range.empty() ? "" : ";  " + range, "", describe(f));
  }
  return out;
}

std::string override_range(const HardwareOverrideSpec& h) {
  std::string r = fmt::format("{} {} {}", h.integer ? "integer" : "number", h.min_open ? ">" : ">=",
                              h.min);
  if (h.max < 1e300) r += fmt::format(", <= {}", h.max);
  return r;
}

}  // namespace

std::string scenario_reference_markdown() {
  std::string out =
      "# Scenario reference\n\n"
      "<!-- Generated from the field tables in sim/scenario (scenario_fields.cpp,\n"
      "     framework_fields.cpp) by scenario_reference_markdown(). Do not edit by hand: the test\n"
      "     ScenarioReference.DocIsUpToDate fails when this file is stale and says how to update "
      "it. -->\n\n"
      "A scenario file is one JSON object. Keys are the field names below; an unknown key, a "
      "value of the wrong type (2.7 for an integer) or out of range is an error naming the file "
      "and the JSON path (exit code 2). Fields left out take the default shown. The keys "
      "`description`, `notes` and `_about` are free text and ignored.\n\n";
  for (const auto& o : scenario_object_docs()) {
    out += fmt::format("## `{}`\n\n{}.\n\n", heading(o.path), o.doc);
    out += markdown_table(o.path, o.fields);
    out += "\n";
  }
  out +=
      "## `knobs`\n\nOptional. Overrides of calibrated step-model knobs (non-negative numbers), "
      "applied after the catalog's per-GPU and per-framework knobs:\n";
  for (const auto& k : knob_names())
    out += fmt::format("`{}`{}", k, &k == &knob_names().back() ? ".\n\n" : ", ");
  out +=
      "## `overrides`\n\nOptional. What-if changes to the GPU and its scale-out fabric, applied "
      "to the catalog entries before anything is derived from them. Write them nested "
      "(`{\"gpu\": {\"nic_bw_bytes_per_s\": 1e11}}`) or dotted (`{\"gpu.nic_bw_bytes_per_s\": "
      "1e11}`); a sweep axis names them as `overrides.gpu.nic_bw_bytes_per_s`.\n\n"
      "| key | unit | allowed | meaning |\n| --- | --- | --- | --- |\n";
  for (const auto& h : hardware_override_specs()) {
    out += fmt::format("| `{}` | {} | {} | {} |\n", h.name, h.unit.empty() ? "-" : h.unit,
                       override_range(h), h.doc);
  }
  out +=
      "\n## Renamed keys\n\nThese keys were read by earlier versions; a file that still uses one "
      "is rejected with the new name.\n\n| old key | now |\n| --- | --- |\n";
  for (const auto& r : renamed_scenario_fields()) {
    out += fmt::format("| `{}` | {} |\n", r.old_path, r.advice);
  }
  out +=
      "\n## Framework profile fields (`scenarios/catalog/frameworks.json`)\n\n"
      "Each profile (and each `by_gpu` entry) may set these; every value it sets needs a "
      "`sources` entry. The generic profile sets all of them, so the defaults below are only "
      "what each field mirrors.\n\n";
  out += markdown_table("", field_docs(framework_settings_fields()));
  return out;
}

std::string scenario_reference_text() {
  std::string out = "Scenario fields (JSON path, type [unit], default; allowed range):\n";
  for (const auto& o : scenario_object_docs()) {
    out += fmt::format("\n{}: {}\n", heading(o.path), o.doc);
    out += text_lines(o.path, o.fields);
  }
  out += fmt::format("\nknobs: optional overrides, non-negative numbers: {}\n",
                     fmt::join(knob_names(), ", "));
  out += "\noverrides: optional hardware what-ifs (overrides.<name>):\n";
  for (const auto& h : hardware_override_specs()) {
    out += fmt::format("  {:<34} {} {}; {}\n", h.name, h.unit.empty() ? "-" : h.unit,
                       override_range(h), h.doc);
  }
  out += "\nRenamed keys:\n";
  for (const auto& r : renamed_scenario_fields()) {
    out += fmt::format("  {:<44} {}\n", r.old_path, r.advice);
  }
  out += "\nFramework profile fields (frameworks.json):\n";
  out += text_lines("", field_docs(framework_settings_fields()));
  return out;
}

}  // namespace servesim
