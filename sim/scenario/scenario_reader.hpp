// Strict reading of scenario JSON into a Scenario.
#pragma once

#include <string>

#include "sim/scenario/scenario.hpp"

namespace servesim {

/// Parses a scenario document. `label` names the file in messages. Unknown keys, wrong types
/// and out-of-range values throw InputError naming the JSON path.
Scenario read_scenario_text(const std::string& text, const std::string& label);
Scenario read_scenario_file(const std::string& path);

}  // namespace servesim
