// Catalog loading from files or the embedded copy.
#include "sim/scenario/catalog_loader.hpp"

#include <fmt/format.h>

#include <filesystem>

#include "sim/core/error.hpp"
#include "sim/core/text_file.hpp"
#include "sim/scenario/embedded_files.hpp"

namespace servesim {
namespace {

/// One catalog document (`name`, e.g. "gpus.json") from `dir`, or the embedded copy when `dir`
/// is empty.
CatalogText read_catalog_text(const std::string& dir, const std::string& name) {
  if (dir.empty()) {
    const std::string path = "scenarios/catalog/" + name;
    const std::string* text = find_embedded(path);
    if (!text) throw InputError(fmt::format("(embedded) {}: missing from the binary", path));
    return {"(embedded) " + path, *text};
  }
  const std::string path = dir + "/" + name;
  return {path, read_text_file(path)};
}

/// kernel_curves.json is optional in a catalog directory (none: every operator as roofline).
CatalogText optional_kernel_curves(const std::string& dir) {
  if (!dir.empty() && !std::filesystem::exists(dir + "/kernel_curves.json")) {
    return {dir + "/kernel_curves.json", ""};
  }
  return read_catalog_text(dir, "kernel_curves.json");
}

}  // namespace

const std::string* find_embedded(const std::string& path) {
  for (const auto& f : embedded_files()) {
    if (f.path == path) return &f.text;
  }
  return nullptr;
}

Catalog load_catalog(const std::string& dir, const std::string& knobs_file) {
  const CatalogText knobs = knobs_file.empty()
                                ? read_catalog_text(dir, "knobs.json")
                                : CatalogText{knobs_file, read_text_file(knobs_file)};
  return Catalog::from_texts({read_catalog_text(dir, "gpus.json"),
                              read_catalog_text(dir, "models.json"), knobs,
                              read_catalog_text(dir, "numerics.json"),
                              read_catalog_text(dir, "collectives.json"),
                              read_catalog_text(dir, "fabrics.json"),
                              optional_kernel_curves(dir)});
}

}  // namespace servesim
