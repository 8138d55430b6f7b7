// Human-readable summaries printed by the CLI.
#pragma once

#include <string>

#include "sim/run/run_result.hpp"
#include "sim/scenario/scenario.hpp"

namespace servesim {

/// A few lines: configuration, throughput per GPU, interactivity, latency percentiles.
std::string format_run_summary(const Scenario& s, const RunResult& r);
/// One "warning: ..." line when the running cap or the token budget, not the GPUs, bounded the
/// batch in a tenth of the iterations or more (requests waited while the KV cache had room);
/// "" otherwise.
std::string batch_limit_warning(const Scenario& s, const RunResult& r);

}  // namespace servesim
