// The sources rule of every catalog file: each number names its public source.
#pragma once

#include <string>
#include <vector>

#include "sim/core/json_reader.hpp"

namespace servesim {

/// Keys of catalog entries that document rather than configure ("source", "notes", ...).
const std::vector<std::string>& catalog_doc_keys();

/// Every number of the catalog names its public source. `groups` are the keys of the entry's
/// "sources" object, each the source of some fields (a GPU's "hbm" covers hbm_bytes and
/// hbm_bw_bytes_per_s); each must be present and non-empty. `optional` keys may be given too.
void read_sources(ObjectReader& r, const std::vector<std::string>& groups,
                  const std::vector<std::string>& optional);

}  // namespace servesim
