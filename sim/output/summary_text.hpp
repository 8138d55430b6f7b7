// Human-readable summaries printed by the CLI.
#pragma once

#include <string>

#include "sim/scenario/instance_builder.hpp"
#include "sim/run/run_result.hpp"
#include "sim/scenario/scenario.hpp"

namespace servesim {

/// A few lines: configuration, throughput per GPU, interactivity, latency percentiles.
std::string format_run_summary(const Scenario& s, const RunResult& r);

}  // namespace servesim
