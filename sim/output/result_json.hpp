// RunResult as JSON (the `run --output` file and the sweep's per-point record).
#pragma once

#include "sim/core/json_reader.hpp"
#include "sim/run/run_result.hpp"
#include "sim/scenario/scenario.hpp"

namespace servesim {

Json result_to_json(const RunResult& r);
/// {"servesim_version", "scenario": {...}, "result": {...}}
Json run_document(const Scenario& s, const RunResult& r);

}  // namespace servesim
