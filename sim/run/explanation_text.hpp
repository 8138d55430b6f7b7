// An Explanation as the table `servesim explain` prints.
#pragma once

#include <string>

#include "sim/run/explain.hpp"

namespace servesim {

std::string explanation_text(const Explanation& e);

}  // namespace servesim
