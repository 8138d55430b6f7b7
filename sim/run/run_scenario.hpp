// One run: build the instances of a scenario, drive its workload through them, summarise.
#pragma once

#include "hw/catalog.hpp"
#include "sim/run/run_result.hpp"
#include "sim/scenario/scenario.hpp"

namespace servesim {

/// Simulates `scenario` to completion and returns its metrics. Throws InputError for invalid
/// scenarios. Deterministic: the same scenario (seed included) gives the same result.
RunResult run_scenario(const Scenario& scenario, const Catalog& catalog);

}  // namespace servesim
