// A run as JSON: the `run --output` document.
#pragma once

#include <string>

#include "sim/run/run_result.hpp"
#include "sim/scenario/scenario.hpp"

namespace servesim {

/// The metrics alone, compact.
std::string result_json(const RunResult& r);
/// {"servesim_version", "scenario": {...}, "result": {...}}, two-space indent, newline-ended.
std::string run_document_json(const Scenario& s, const RunResult& r);

}  // namespace servesim
