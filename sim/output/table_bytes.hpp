// Tables as a flat byte string and back, exact to the bit: how sweep results travel between
// processes (MPI ranks) of one machine type.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "sim/output/table.hpp"

namespace servesim {

/// Every table with its description, column names, units, descriptions and values (numbers as
/// their 8 native bytes, strings length-prefixed).
std::string tables_to_bytes(const std::vector<Table>& tables);
/// The inverse of tables_to_bytes. Throws InputError "<label>: ..." on a truncated or malformed
/// string.
std::vector<Table> tables_from_bytes(std::string_view bytes, const std::string& label);

}  // namespace servesim
