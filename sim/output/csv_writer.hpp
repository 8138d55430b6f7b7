// A table as CSV text: one header row of column names (which carry their units), then one row
// per table row. Empty cells stand for NaN.
#pragma once

#include <string>
#include <vector>

#include "sim/output/table.hpp"

namespace servesim {

/// The CSV text of `table` without the columns named in `skip`. Numbers are written in their
/// shortest exact form; text is quoted when it holds a comma, quote or line break.
std::string table_to_csv(const Table& table, const std::vector<std::string>& skip = {});

}  // namespace servesim
