// An Explanation as the JSON `servesim explain --json` prints.
#pragma once

#include <string>

#include "sim/run/explain.hpp"

namespace servesim {

/// Pretty-printed (two-space indent) JSON document, ending in a newline.
std::string explanation_json(const Explanation& e);

}  // namespace servesim
