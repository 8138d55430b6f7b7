// Scenario <-> JSON for readers that already hold a parsed document (sweeps, validation).
#pragma once

#include <string>

#include "sim/core/json_reader.hpp"
#include "sim/scenario/scenario.hpp"

namespace servesim {

/// Reads a scenario from a parsed object at `path` ("" for the root) of file `label`.
Scenario read_scenario_json(const Json& j, const std::string& label, const std::string& path);
/// The scenario as JSON, in the form read_scenario_json accepts.
Json scenario_to_json(const Scenario& s);

}  // namespace servesim
