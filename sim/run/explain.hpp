// `servesim explain`: the time of each part of a representative decode and prefill step, and
// the memory budget, for a scenario's operating point.
#pragma once

#include <string>

#include "hw/catalog.hpp"
#include "sim/core/json_reader.hpp"
#include "sim/scenario/scenario.hpp"

namespace servesim {

/// Decode step: min(concurrency, max_running_seqs) sequences at the mean context mid-answer
/// (input + output / 2). Prefill step: one prompt of the mean input length (capped by the
/// token budget) with no prefix.
Json explain_json(const Scenario& s, const Catalog& catalog);
std::string explain_text(const Json& explained);

}  // namespace servesim
