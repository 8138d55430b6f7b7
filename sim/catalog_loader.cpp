// Catalog loading from files or the embedded copy.
#include "sim/catalog_loader.hpp"

#include <fmt/format.h>

#include <fstream>
#include <sstream>

#include "sim/core/error.hpp"
#include "sim/embedded_files.hpp"

namespace servesim {
namespace {

CatalogText read_text(const std::string& dir, const std::string& name) {
  if (dir.empty()) {
    const std::string path = "scenarios/catalog/" + name;
    const std::string* text = find_embedded(path);
    if (!text) throw InputError(fmt::format("(embedded) {}: missing from the binary", path));
    return {path, *text};
  }
  const std::string path = dir + "/" + name;
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(fmt::format("{}: cannot open file", path));
  std::stringstream ss;
  ss << in.rdbuf();
  return {path, ss.str()};
}

}  // namespace

const std::string* find_embedded(const std::string& path) {
  for (const auto& f : embedded_files()) {
    if (f.path == path) return &f.text;
  }
  return nullptr;
}

Catalog load_catalog(const std::string& dir) {
  return Catalog::from_texts(read_text(dir, "gpus.json"), read_text(dir, "models.json"),
                             read_text(dir, "knobs.json"));
}

}  // namespace servesim
