// Strict reading of one field value by its kind and range, and its JSON form.
#include "sim/scenario/field_json.hpp"

#include <fmt/format.h>

#include <cmath>

namespace servesim {

FieldValue read_field_value(const FieldSpec& f, ObjectReader& r) {
  const std::string& key = f.key;
  switch (f.kind) {
    case FieldKind::kInteger: {
      const std::int64_t min = std::isfinite(f.min) ? static_cast<std::int64_t>(f.min) : INT64_MIN;
      const std::int64_t x = r.integer(key, min);
      if (std::isfinite(f.max) && static_cast<double>(x) > f.max) {
        r.fail(key, fmt::format("expected an integer <= {}, got {}",
                                static_cast<std::int64_t>(f.max), x));
      }
      return x;
    }
    case FieldKind::kNumber: {
      double x = 0;
      if (f.min == 0) {
        x = f.min_open ? r.positive_number(key) : r.positive_number_or(key, 0, true);
      } else {
        x = r.number(key);
        if (x < f.min || (f.min_open && x == f.min)) {
          r.fail(key, fmt::format("expected a number {} {}, got {}", f.min_open ? ">" : ">=", f.min,
                                  describe_json(r.raw(key))));
        }
      }
      if (x > f.max) {
        r.fail(key,
               fmt::format("expected a number <= {}, got {}", f.max, describe_json(r.raw(key))));
      }
      return x;
    }
    case FieldKind::kFraction:
      return r.fraction_or(key, 0, !f.min_open);
    case FieldKind::kBoolean:
      return r.boolean_or(key, false);
    case FieldKind::kString:
      return r.string(key);
    case FieldKind::kChoice:
      return r.choice_or(key, "", f.choices);
    case FieldKind::kIntegerList: {
      const Json& v = r.raw(key);
      if (!v.is_array() || v.empty()) r.fail(key, "expected a non-empty array of integers");
      std::vector<std::int64_t> out;
      const std::int64_t min = std::isfinite(f.min) ? static_cast<std::int64_t>(f.min) : INT64_MIN;
      for (std::size_t i = 0; i < v.size(); ++i) {
        if (!v[i].is_number_integer() || v[i].get<std::int64_t>() < min ||
            (std::isfinite(f.max) && static_cast<double>(v[i].get<std::int64_t>()) > f.max)) {
          r.fail(fmt::format("{}[{}]", key, i),
                 fmt::format("expected {}{}, got {}",
                             min == 1 ? "a positive integer" : fmt::format("an integer >= {}", min),
                             std::isfinite(f.max)
                                 ? fmt::format(" <= {}", static_cast<std::int64_t>(f.max))
                                 : "",
                             describe_json(v[i])));
        }
        out.push_back(v[i].get<std::int64_t>());
      }
      return out;
    }
  }
  return false;
}

Json field_value_json(const FieldValue& v) {
  return std::visit([](const auto& x) { return Json(x); }, v);
}

}  // namespace servesim
