// Text tables of a finished sweep: the skip summary, each group's frontier and the
// iso-interactivity comparison between groups.
#pragma once

#include <string>

#include "sim/sweep/sweep_result.hpp"

namespace servesim {

/// "sweep NAME: N points, R ran, S skipped" and the most frequent skip reasons.
std::string format_sweep_summary(const SweepResult& r);
/// One table per group: its frontier points from the highest throughput to the highest
/// interactivity, with cost, power and the configuration of each.
std::string format_frontier_tables(const SweepResult& r);
/// Throughput of each group at the iso-interactivity levels, the first group's advantage over
/// each other group, and the cost per million output tokens there.
std::string format_iso_table(const SweepResult& r);

/// Right-aligned text table (first column left-aligned) with a rule under the header.
std::string render_text_table(const std::vector<std::string>& header,
                              const std::vector<std::vector<std::string>>& rows,
                              const std::string& indent = "  ");

}  // namespace servesim
