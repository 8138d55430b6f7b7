// Human-readable and tabular forms of a validation: the terminal table, CSV, and the markdown
// page (docs/validation.md).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "sim/validate/validation_report.hpp"

namespace servesim {

struct ValidationTextOptions {
  /// Every row in the table; otherwise every row up to `all_rows_limit` rows, and beyond that
  /// only the `worst` rows by their largest |error|.
  bool all_rows = false;
  std::size_t all_rows_limit = 50;
  std::size_t worst = 15;
};

/// The terminal report: counts, the |error| summary overall and by hardware, framework and
/// month, the row table (id, configuration, measured -> predicted, signed error), and every row
/// that was not simulated with its reason.
std::string validation_text(const std::vector<RowOutcome>& outcomes,
                            const ValidationSummary& summary, const ValidationTextOptions& options);

/// One line per row: id, status, reason, configuration, group fields, then measured_, predicted_
/// and error_ for each compared metric (empty where absent).
std::string validation_csv(const std::vector<RowOutcome>& outcomes);

/// The markdown page, headed by a generated-file notice naming `command`.
std::string validation_markdown(const std::vector<RowOutcome>& outcomes,
                                const ValidationSummary& summary,
                                const ValidationTextOptions& options, const std::string& command);

}  // namespace servesim
