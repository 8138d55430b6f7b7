// A measured row as a servesim scenario: the benchmark's closed loop, lengths and warm-up, the
// row's model, hardware, precision and parallelism, and its framework profile's defaults.
#pragma once

#include <string>
#include <vector>

#include "hw/catalog.hpp"
#include "sim/scenario/framework_profile.hpp"
#include "sim/scenario/scenario.hpp"
#include "sim/validate/validate_rows.hpp"

namespace servesim {

struct RowScenario {
  bool supported = false;
  std::string reason;  ///< why the row cannot be simulated (when !supported)
  std::vector<std::string>
      notes;            ///< substitutions made, e.g. the generic profile for an unknown framework
  std::string profile;  ///< the framework profile applied
  Scenario scenario;    ///< valid when supported
};

/// Builds the scenario of `row`: a closed loop of `concurrency` clients, input and output
/// lengths uniform in [0.8 L, L], 10 x concurrency measured requests after 2 x concurrency
/// warm-up, the row's parallelism as one instance, and the scheduler, memory fraction, KV dtype
/// and MTP draft count of the row's framework profile (the generic one, with a note, when the
/// framework has none). Rows that cannot be simulated come back unsupported with the reason:
/// disaggregated rows, unknown model or hardware, several instances, or an instance that
/// validate rejects (its message without the file prefix).
RowScenario row_scenario(const MeasuredRow& row, const Catalog& catalog,
                         const FrameworkProfiles& profiles);

/// The scenario label of a row in messages: "rows[12]".
std::string row_label(const MeasuredRow& row);
/// An InputError message from a row's scenario without the "rows[12]: " prefix.
std::string strip_row_label(const MeasuredRow& row, const std::string& message);

}  // namespace servesim
