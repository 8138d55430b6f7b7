// The `servesim validate --report` document.
#pragma once

#include <string>
#include <vector>

#include "sim/validate/validation_report.hpp"

namespace servesim {

/// The --report document: {"rows": [...], "summary": {<metric>: {n, median_abs_error,
/// p90_abs_error, median_error}, "by_hardware": {...}, "by_framework": {...}, "by_date": {...},
/// "noise_floor": {...}}, "counts": {...}}.
/// Two-space indent, newline-ended.
std::string validation_report_json(const std::vector<RowOutcome>& outcomes,
                                   const ValidationSummary& summary);

}  // namespace servesim
