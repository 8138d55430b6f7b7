// Measured rows for `servesim validate`: the row format of shared/calibration (a JSON array of
// measured serving runs), read strictly field by field; fields it does not use are ignored.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include "hw/parallelism.hpp"

namespace servesim {

/// One pool of a disaggregated row: `workers` instances of `parallelism` (0 = not recorded).
struct RowPool {
  int workers = 0;
  Parallelism parallelism;
  int gpus = 0;  ///< GPUs of the whole pool; 0 = not given
};

struct MeasuredRow {
  std::size_t index = 0;      ///< position in the file
  std::string id;             ///< the row's "id", or its index
  bool id_is_number = false;  ///< the id is an integer (written as a JSON number)
  std::string model;
  std::string hardware;
  std::string precision;
  std::string framework;  ///< "" when absent
  bool disaggregated = false;
  bool mtp = false;         ///< spec_decoding "mtp"
  Parallelism parallelism;  ///< aggregated rows: the one instance
  RowPool prefill, decode;  ///< disaggregated rows
  int num_gpus = 0;         ///< 0 = not given
  int isl = 0, osl = 0;     ///< nominal lengths, tokens
  int concurrency = 0;      ///< closed-loop clients
  /// Measured metrics by row-format name; null or absent metrics are not in the map.
  std::map<std::string, double> metrics;
  std::string date;  ///< "YYYY-MM-DD" or ""
  std::string image;
  /// Keys of the row's parallelism that servesim does not model ("parallelism.pp"): the row is
  /// reported unsupported.
  std::vector<std::string> unmodelled;
  bool quality_ok = true;  ///< absent = true

  /// "YYYY-MM" of `date`, or "unknown".
  std::string month() const;
  /// One line naming the configuration: "H200-HGX SGLang fp8 tp8 ep8 dpa mtp 1k/1k c64".
  std::string configuration() const;
};

/// Reads a JSON array of rows. Types and ranges are checked and named by path
/// ("<label>: [3].parallelism.tp: expected a positive integer, got 0"); unknown fields are
/// ignored. Throws InputError.
std::vector<MeasuredRow> read_rows_text(const std::string& text, const std::string& label);
std::vector<MeasuredRow> read_rows_file(const std::string& path);

}  // namespace servesim
