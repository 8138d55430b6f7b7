// What every catalog file reader shares: each number names its public source, and lists of
// entries are read one object at a time with their JSON path in messages.
#pragma once

#include <fmt/format.h>

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

/// The array `key` of `r`, each element read by `read_one(ObjectReader)` at path "key[i]".
template <typename T, typename Fn>
std::vector<T> read_entry_list(ObjectReader& r, const std::string& key, Fn read_one) {
  const Json& arr = r.raw(key);
  if (!arr.is_array()) r.fail(key, "expected an array");
  std::vector<T> out;
  for (std::size_t i = 0; i < arr.size(); ++i) {
    out.push_back(read_one(ObjectReader(arr[i], r.file(), fmt::format("{}[{}]", key, i))));
  }
  return out;
}

}  // namespace servesim
