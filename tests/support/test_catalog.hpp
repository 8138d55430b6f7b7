// Shared test helpers: the source-tree catalog, loaded once per test binary.
#pragma once

#include "hw/catalog.hpp"
#include "sim/scenario/catalog_loader.hpp"

namespace servesim::testing {

/// The catalog in scenarios/catalog of the source tree (the same text the binary embeds).
inline const Catalog& source_catalog() {
  static const Catalog catalog = load_catalog(SERVESIM_SOURCE_DIR "/scenarios/catalog");
  return catalog;
}

}  // namespace servesim::testing
