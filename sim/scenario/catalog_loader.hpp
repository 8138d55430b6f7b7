// Loads the catalog from a directory, or from the copy embedded in the binary.
#pragma once

#include <string>

#include "hw/catalog.hpp"

namespace servesim {

/// Reads gpus.json, models.json, knobs.json and numerics.json from `dir`; with an empty `dir`, uses the
/// embedded catalog (scenarios/catalog at build time). A non-empty `knobs_file` replaces the
/// catalog's knobs.json.
Catalog load_catalog(const std::string& dir, const std::string& knobs_file = "");

}  // namespace servesim
