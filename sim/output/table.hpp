// A column-oriented table with names, units and descriptions: what the HDF5 and CSV writers
// serialise, so that neither knows about sweeps.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace servesim {

struct Column {
  enum class Kind { kFloat64, kInt64, kUint64, kString };
  std::string name;  ///< carries its unit: "ttft_p50_s", "total_tok_s_per_gpu"
  std::string units;  ///< "s", "tok/s/GPU", "1" for counts, "" for text
  std::string description;
  Kind kind = Kind::kFloat64;
  std::vector<double> f64;
  std::vector<std::int64_t> i64;
  std::vector<std::uint64_t> u64;
  std::vector<std::string> str;

  std::size_t size() const {
    switch (kind) {
      case Kind::kFloat64: return f64.size();
      case Kind::kInt64: return i64.size();
      case Kind::kUint64: return u64.size();
      case Kind::kString: return str.size();
    }
    return 0;
  }
};

struct Table {
  std::string description;
  std::vector<Column> columns;

  /// Rows in the table (every column has this many values).
  std::size_t rows() const { return columns.empty() ? 0 : columns.front().size(); }
  Column& add(std::string name, std::string units, std::string what, Column::Kind kind) {
    columns.push_back({std::move(name), std::move(units), std::move(what), kind, {}, {}, {}, {}});
    return columns.back();
  }
};

}  // namespace servesim
