// A small HDF5 file writer: tables as compound datasets, string and number attributes, groups.
// The only part of servesim that sees the HDF5 library.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sim/output/table.hpp"

namespace servesim {

struct Hdf5Attribute {
  enum class Kind { kString, kFloat64, kInt64, kStringList };
  std::string name;
  Kind kind = Kind::kString;
  std::string text;
  double f64 = 0;
  std::int64_t i64 = 0;
  std::vector<std::string> list;

  static Hdf5Attribute string(std::string name, std::string value);
  static Hdf5Attribute number(std::string name, double value);
  static Hdf5Attribute integer(std::string name, std::int64_t value);
  static Hdf5Attribute strings(std::string name, std::vector<std::string> values);
};

struct Hdf5Group {
  std::string path;  ///< absolute, e.g. "/frontiers"
  std::vector<Hdf5Attribute> attributes;
};

/// A table written as a 1-D compound dataset, one member per column (float64 little-endian,
/// int64, uint64 or variable-length UTF-8 string). The dataset also gets the attributes
/// "description", "columns", "units" and "column_descriptions" (string lists, column order).
struct Hdf5Table {
  std::string path;  ///< absolute, e.g. "/points"; missing parent groups are created
  const Table* table = nullptr;
  std::vector<Hdf5Attribute> attributes;
};

struct Hdf5Document {
  std::vector<Hdf5Attribute> root_attributes;
  std::vector<Hdf5Group> groups;  ///< created in order, before the tables
  std::vector<Hdf5Table> tables;
};

/// Writes `doc` to `path` through a temporary file renamed into place: a failure leaves no
/// file and never damages an existing one. The bytes depend only on `doc` (no modification
/// times are stored). Throws InputError when the file cannot be written.
void write_hdf5_file(const std::string& path, const Hdf5Document& doc);

}  // namespace servesim
