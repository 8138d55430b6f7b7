// Field tables: one row per configuration field (JSON key, kind, unit, allowed range, default,
// one-line doc) with the accessors that get and set it. The strict reader, the writer, framework
// profile layering, docs/scenario-reference.md and the sweep columns all iterate these tables.
#pragma once

#include <cstdint>
#include <functional>
#include <limits>
#include <string>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "sim/core/json_reader.hpp"

namespace servesim {

enum class FieldKind {
  kInteger,      ///< JSON integer in [min, max]
  kNumber,       ///< finite JSON number in [min, max] ((min, max] when min_open)
  kFraction,     ///< number in [0, 1] ((0, 1] when min_open)
  kBoolean,      ///< true or false
  kString,       ///< any string
  kChoice,       ///< one of `choices`
  kIntegerList,  ///< non-empty array of integers >= min
};

/// A field's value in the table's neutral form (integers widened, enums as their names).
using FieldValue = std::variant<bool, std::int64_t, double, std::string, std::vector<std::int64_t>>;

/// What a field is, independent of the struct that holds it.
struct FieldSpec {
  std::string key;  ///< JSON key, also the member's name
  FieldKind kind = FieldKind::kString;
  std::string unit;  ///< "" for none; SI units ("s", "ms", "1/s", "tokens")
  std::string doc;   ///< one line
  double min = -std::numeric_limits<double>::infinity();
  double max = std::numeric_limits<double>::infinity();
  bool min_open = false;
  std::vector<std::string> choices;
  std::string applies_doc;    ///< when the field applies, e.g. `type = "poisson"`; "" = always
  std::string default_doc;    ///< the default when it is not the struct initialiser's value
  bool required_doc = false;  ///< shown as required in the reference
  std::string column;         ///< sweep table column name ("" = not a column)
};

/// A field of struct S: its spec and how to reach it.
template <typename S>
struct Field : FieldSpec {
  std::function<FieldValue(const S&)> get;
  std::function<void(S&, const FieldValue&)> set;
  std::function<bool(const S&)> applies;   ///< null: always; else only read/written when true
  std::function<bool(const S&)> required;  ///< null: optional
  std::function<void(S&)> fill_default;    ///< null: the struct initialiser is the default
};

template <typename S>
using FieldTable = std::vector<Field<S>>;

/// The value `v` as text for messages and docs: 8192, 0.9, true, "fp8", [1, 2].
std::string field_value_text(const FieldValue& v);
/// The allowed range or choices of `f` as text ("integer >= 1", "one of: a, b", "[0, 1]").
std::string field_range_text(const FieldSpec& f);
/// The type of `f` as a word: integer, number, fraction, boolean, string, choice, integer list.
std::string field_kind_name(FieldKind k);

/// One row of the reference: spec plus the default as text.
struct FieldDoc {
  FieldSpec spec;
  std::string default_text;
};

/// The reference rows of `table`, with defaults read from a default-constructed S (after each
/// applicable fill_default) unless the field's default_doc says otherwise.
template <typename S>
std::vector<FieldDoc> field_docs(const FieldTable<S>& table) {
  std::vector<FieldDoc> out;
  S s{};
  for (const auto& f : table) {
    FieldDoc d{f, f.default_doc};
    if (f.fill_default) f.fill_default(s);
    if (d.default_text.empty()) {
      d.default_text = f.required_doc || f.required ? "required" : field_value_text(f.get(s));
    }
    out.push_back(std::move(d));
  }
  return out;
}

/// The largest value of any integer field (counts, sizes, token lengths): far beyond any real
/// deployment, and small enough for every product the simulator forms in 64 bits.
inline constexpr double kMaxCount = ObjectReader::kMaxCountValue;

namespace field_detail {

template <typename T>
FieldValue to_value(const T& v) {
  if constexpr (std::is_same_v<T, bool>) {
    return v;
  } else if constexpr (std::is_integral_v<T>) {
    return static_cast<std::int64_t>(v);
  } else if constexpr (std::is_floating_point_v<T>) {
    return static_cast<double>(v);
  } else if constexpr (std::is_same_v<T, std::string>) {
    return v;
  } else {
    return std::vector<std::int64_t>(v.begin(), v.end());
  }
}

template <typename T>
T from_value(const FieldValue& v) {
  if constexpr (std::is_same_v<T, bool>) {
    return std::get<bool>(v);
  } else if constexpr (std::is_integral_v<T>) {
    return static_cast<T>(std::get<std::int64_t>(v));
  } else if constexpr (std::is_floating_point_v<T>) {
    return static_cast<T>(std::get<double>(v));
  } else if constexpr (std::is_same_v<T, std::string>) {
    return std::get<std::string>(v);
  } else {
    const auto& list = std::get<std::vector<std::int64_t>>(v);
    return T(list.begin(), list.end());
  }
}

template <typename T>
constexpr FieldKind kind_of() {
  if constexpr (std::is_same_v<T, bool>) {
    return FieldKind::kBoolean;
  } else if constexpr (std::is_integral_v<T>) {
    return FieldKind::kInteger;
  } else if constexpr (std::is_floating_point_v<T>) {
    return FieldKind::kNumber;
  } else if constexpr (std::is_same_v<T, std::string>) {
    return FieldKind::kString;
  } else {
    return FieldKind::kIntegerList;
  }
}

}  // namespace field_detail

/// A field stored in member `m` of S (int, integer, double, bool, string or vector<int>).
template <typename S, typename T>
Field<S> member_field(std::string key, T S::*m, std::string unit, std::string doc) {
  Field<S> f;
  f.key = std::move(key);
  f.kind = field_detail::kind_of<T>();
  f.unit = std::move(unit);
  f.doc = std::move(doc);
  f.get = [m](const S& s) { return field_detail::to_value(s.*m); };
  f.set = [m](S& s, const FieldValue& v) { s.*m = field_detail::from_value<T>(v); };
  if constexpr (std::is_integral_v<T> && !std::is_same_v<T, bool>) {
    // Every count and size is at most kMaxCount, so a stored int can never wrap; a field
    // may state a smaller maximum.
    f.max = kMaxCount;
  }
  return f;
}

/// A field whose JSON value is one of `names`, stored as the matching enum value in member `m`.
template <typename S, typename E>
Field<S> enum_field(std::string key, E S::*m, std::vector<std::pair<std::string, E>> names,
                    std::string doc) {
  Field<S> f;
  f.key = std::move(key);
  f.kind = FieldKind::kChoice;
  f.doc = std::move(doc);
  for (const auto& [name, value] : names) f.choices.push_back(name);
  f.get = [m, names](const S& s) -> FieldValue {
    for (const auto& [name, value] : names) {
      if (value == s.*m) return name;
    }
    return std::string("?");
  };
  f.set = [m, names](S& s, const FieldValue& v) {
    for (const auto& [name, value] : names) {
      if (name == std::get<std::string>(v)) s.*m = value;
    }
  };
  return f;
}

/// Chainable refinements of a field, so a table row reads as one expression.
template <typename S>
Field<S> at_least(Field<S> f, double min) {
  f.min = min;
  return f;
}
template <typename S>
Field<S> above(Field<S> f, double min) {
  f.min = min;
  f.min_open = true;
  return f;
}
template <typename S>
Field<S> as_fraction(Field<S> f, bool allow_zero) {
  f.kind = FieldKind::kFraction;
  f.min = 0;
  f.max = 1;
  f.min_open = !allow_zero;
  return f;
}
template <typename S>
Field<S> one_of(Field<S> f, std::vector<std::string> choices) {
  f.kind = FieldKind::kChoice;
  f.choices = std::move(choices);
  return f;
}
template <typename S>
Field<S> column(Field<S> f, std::string name = "") {
  f.column = name.empty() ? f.key : std::move(name);
  return f;
}
template <typename S>
Field<S> required(Field<S> f) {
  f.required = [](const S&) { return true; };
  return f;
}

}  // namespace servesim
