// One meaning of a framework name everywhere: the profile's engine settings under the fields a
// scenario sets itself. `run`, `explain`, `sweep` and `validate` all go through this.
#pragma once

#include <string>

#include "hw/catalog.hpp"
#include "sim/scenario/framework_profile.hpp"
#include "sim/scenario/scenario.hpp"

namespace servesim {

/// Fills the engine settings of `s` that its file did not give (`s.given`) from its framework's
/// profile (the generic one when `s.framework` is ""), as `apply_framework_settings` does for
/// validate's rows: running cap and token budget (by the profile's policies, for the closed
/// loop's concurrency and the longest prompt), chunked prefill, prefill/decode mixing, block size,
/// admission reserve, KV dtype and memory fraction (converted to servesim's share of HBM). MTP
/// stays as the scenario says. `s.framework` becomes the profile's name ("" for generic). Throws InputError "<file>: framework: ..." for an unknown name,
/// and validate's errors when the memory conversion finds the model does not fit.
/// `role` ("prefill", "decode"; "" = aggregated) selects the profile's by_role layer; a
/// scenario with pools applies the profile of every pool's workers with the pool's role.
void apply_framework_profile(const FrameworkProfiles& profiles, const Catalog& catalog,
                             Scenario& s, const std::string& role = "");

}  // namespace servesim
