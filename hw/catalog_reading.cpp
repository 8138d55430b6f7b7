// The sources rule of every catalog file.
#include "hw/catalog_reading.hpp"

namespace servesim {

const std::vector<std::string>& catalog_doc_keys() {
  static const std::vector<std::string> keys = {"source", "sources", "notes", "_about", "note"};
  return keys;
}

void read_sources(ObjectReader& r, const std::vector<std::string>& groups,
                  const std::vector<std::string>& optional) {
  if (!r.has("sources")) r.fail("sources", "missing: every number needs its source");
  ObjectReader s = r.object("sources");
  auto check = [&](const std::string& key) {
    if (s.string(key).empty()) s.fail(key, "empty source");
  };
  for (const auto& g : groups) {
    if (!s.has(g)) s.fail(g, "missing: the source of these numbers");
    check(g);
  }
  for (const auto& o : optional) {
    if (s.has(o)) check(o);
  }
  s.finish();
}

}  // namespace servesim
