// The scenario reference generated from the field tables: docs/scenario-reference.md (checked
// by a test) and the plain-text listing for the terminal.
#pragma once

#include <string>

namespace servesim {

/// Every scenario field grouped by object (type, unit, default, allowed range or choices, doc),
/// the knobs a scenario may override, the renamed keys and the framework profile fields, as
/// Markdown. docs/scenario-reference.md holds exactly this text.
std::string scenario_reference_markdown();
/// The same content as aligned plain text, one line per field, for `servesim list fields`.
std::string scenario_reference_text();

}  // namespace servesim
