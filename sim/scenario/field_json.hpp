// Reading and writing structs through their field tables: the strict JSON side of field_table.
#pragma once

#include <set>
#include <string>

#include "sim/core/json_reader.hpp"
#include "sim/scenario/field_table.hpp"

namespace servesim {

/// Reads the value of `f` from `r` (the key is present), checking its type and range; messages
/// are ObjectReader's ("<file>: <path>: expected a positive integer, got 0").
FieldValue read_field_value(const FieldSpec& f, ObjectReader& r);
Json field_value_json(const FieldValue& v);

/// Reads every field of `table` from `r` into `s`, in table order (so a field's `applies` and
/// `required` may look at fields read before it). Absent fields keep their default (or get
/// fill_default). A key given for a field that does not apply fails naming when it applies.
/// The dotted paths of the fields given are added to `given` (when not null). Does not finish
/// `r`: the caller reads nested objects and then calls r.finish().
template <typename S>
void read_fields(const FieldTable<S>& table, ObjectReader& r, S& s, std::set<std::string>* given) {
  for (const auto& f : table) {
    if (f.applies && !f.applies(s)) {
      if (r.has(f.key)) r.fail(f.key, "only allowed when " + f.applies_doc);
      r.ignore({f.key});
      continue;
    }
    if (!r.has(f.key)) {
      if (f.required && f.required(s)) r.raw(f.key);  // throws "missing required field"
      r.ignore({f.key});
      if (f.fill_default) f.fill_default(s);
      continue;
    }
    f.set(s, read_field_value(f, r));
    if (given) given->insert(r.path_of(f.key));
  }
}

/// Writes every applicable field of `table` from `s` into the object `out`.
template <typename S>
void write_fields(const FieldTable<S>& table, const S& s, Json& out) {
  for (const auto& f : table) {
    if (f.applies && !f.applies(s)) continue;
    out[f.key] = field_value_json(f.get(s));
  }
}

}  // namespace servesim
