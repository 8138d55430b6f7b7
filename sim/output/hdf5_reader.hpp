// Reading back the HDF5 files servesim writes: root attributes and compound tables. With
// hdf5_writer.cpp the only part of servesim that sees the HDF5 library.
#pragma once

#include <cstdint>
#include <string>

#include "sim/output/table.hpp"

namespace servesim {

/// One HDF5 file open for reading. Every failure is an InputError naming the file.
class Hdf5Reader {
 public:
  /// Opens `path`: "<path>: cannot open file" when it cannot be read, "<path>: not an HDF5 file"
  /// when it is something else.
  explicit Hdf5Reader(const std::string& path);
  ~Hdf5Reader();
  Hdf5Reader(const Hdf5Reader&) = delete;
  Hdf5Reader& operator=(const Hdf5Reader&) = delete;

  const std::string& path() const { return path_; }
  /// Whether the root group has an attribute `name`.
  bool has_attribute(const std::string& name) const;
  /// A scalar string attribute of the root group; throws when missing or not a string.
  std::string string_attribute(const std::string& name) const;
  /// A scalar integer attribute of the root group; throws when missing or not an integer.
  std::int64_t integer_attribute(const std::string& name) const;
  /// A 1-D compound dataset as a table: float members as kFloat64, signed integers as kInt64,
  /// unsigned as kUint64, strings as kString, in member order (names only; no units or
  /// descriptions). Throws when `dataset` is missing or holds another kind of data.
  Table table(const std::string& dataset) const;

 private:
  std::string path_;
  std::int64_t file_ = -1;  ///< the hid_t of the open file
};

}  // namespace servesim
