// Files compiled into the binary: the catalog and the default scenario and sweep.
#pragma once

#include <string>
#include <vector>

namespace servesim {

struct EmbeddedFile {
  std::string path;  ///< relative to the source tree, e.g. "scenarios/catalog/gpus.json"
  std::string text;
};

const std::vector<EmbeddedFile>& embedded_files();
/// The text of an embedded file by path; nullptr if absent.
const std::string* find_embedded(const std::string& path);

}  // namespace servesim
