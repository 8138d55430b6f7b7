// Field values, ranges and kinds as text for messages and the reference.
#include "sim/scenario/field_table.hpp"

#include <fmt/format.h>

#include <cmath>

namespace servesim {

std::string field_value_text(const FieldValue& v) {
  struct Visitor {
    std::string operator()(bool b) const { return b ? "true" : "false"; }
    std::string operator()(std::int64_t x) const { return fmt::format("{}", x); }
    std::string operator()(double x) const { return fmt::format("{}", x); }
    std::string operator()(const std::string& s) const { return fmt::format("\"{}\"", s); }
    std::string operator()(const std::vector<std::int64_t>& l) const {
      return fmt::format("[{}]", fmt::join(l, ", "));
    }
  };
  return std::visit(Visitor{}, v);
}

std::string field_kind_name(FieldKind k) {
  switch (k) {
    case FieldKind::kInteger:
      return "integer";
    case FieldKind::kNumber:
      return "number";
    case FieldKind::kFraction:
      return "fraction";
    case FieldKind::kBoolean:
      return "boolean";
    case FieldKind::kString:
      return "string";
    case FieldKind::kChoice:
      return "choice";
    case FieldKind::kIntegerList:
      return "integer list";
  }
  return "?";
}

std::string field_range_text(const FieldSpec& f) {
  const bool has_min = std::isfinite(f.min), has_max = std::isfinite(f.max);
  switch (f.kind) {
    case FieldKind::kChoice:
      return fmt::format("one of: {}", fmt::join(f.choices, ", "));
    case FieldKind::kFraction:
      return f.min_open ? "(0, 1]" : "[0, 1]";
    case FieldKind::kInteger:
    case FieldKind::kNumber:
    case FieldKind::kIntegerList: {
      const std::string lo = has_min ? fmt::format("{} {}", f.min_open ? ">" : ">=", f.min) : "";
      const std::string hi = has_max ? fmt::format("<= {}", f.max) : "";
      if (has_min && has_max) return lo + ", " + hi;
      return has_min ? lo : hi;
    }
    case FieldKind::kBoolean:
    case FieldKind::kString:
      return "";
  }
  return "";
}

}  // namespace servesim
