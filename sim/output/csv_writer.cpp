// CSV serialisation of tables.
#include "sim/output/csv_writer.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "sim/core/text.hpp"

namespace servesim {
namespace {

std::string cell(const Column& c, std::size_t row) {
  switch (c.kind) {
    case Column::Kind::kFloat64:
      return std::isfinite(c.f64[row]) ? fmt::format("{}", c.f64[row]) : "";
    case Column::Kind::kInt64: return fmt::format("{}", c.i64[row]);
    case Column::Kind::kUint64: return fmt::format("{}", c.u64[row]);
    case Column::Kind::kString: return csv_quote(c.str[row]);
  }
  return "";
}

}  // namespace

std::string table_to_csv(const Table& table, const std::vector<std::string>& skip) {
  std::vector<const Column*> cols;
  for (const auto& c : table.columns) {
    if (std::find(skip.begin(), skip.end(), c.name) == skip.end()) cols.push_back(&c);
  }
  std::string out;
  for (std::size_t k = 0; k < cols.size(); ++k) {
    if (k) out += ',';
    out += csv_quote(cols[k]->name);
  }
  out += '\n';
  for (std::size_t r = 0; r < table.rows(); ++r) {
    for (std::size_t k = 0; k < cols.size(); ++k) {
      if (k) out += ',';
      out += cell(*cols[k], r);
    }
    out += '\n';
  }
  return out;
}

}  // namespace servesim
