// libFuzzer target: the scenario reader and validation. Any input may be rejected with an
// InputError (one line, exit 2 in the CLI); anything else (a crash, a sanitizer report, another
// exception, an internal check) is a bug.
#include <cstddef>
#include <cstdint>
#include <string>

#include "sim/core/error.hpp"
#include "sim/scenario/catalog_loader.hpp"
#include "sim/scenario/framework_profile.hpp"
#include "sim/scenario/profile_resolution.hpp"
#include "sim/scenario/scenario_reader.hpp"
#include "sim/scenario/scenario_validation.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const servesim::Catalog catalog = servesim::load_catalog("");
  static const servesim::FrameworkProfiles profiles = servesim::load_framework_profiles("");
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    servesim::Scenario s = servesim::read_scenario_text(text, "fuzz.json");
    servesim::apply_framework_profile(profiles, catalog, s);
    (void)servesim::validate(s, catalog);
  } catch (const servesim::InputError&) {
  }
  return 0;
}
