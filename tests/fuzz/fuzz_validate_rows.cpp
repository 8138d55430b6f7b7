// libFuzzer target: the measured-row reader and the rows' scenarios (not simulated).
#include <cstddef>
#include <cstdint>
#include <string>

#include "sim/core/error.hpp"
#include "sim/scenario/catalog_loader.hpp"
#include "sim/scenario/framework_profile.hpp"
#include "sim/scenario/scenario_validation.hpp"
#include "sim/validate/row_scenario.hpp"
#include "sim/validate/validate_rows.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const servesim::Catalog catalog = servesim::load_catalog("");
  static const servesim::FrameworkProfiles profiles = servesim::load_framework_profiles("");
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    for (const auto& row : servesim::read_rows_text(text, "fuzz.json")) {
      const servesim::RowScenario rs = servesim::row_scenario(row, catalog, profiles);
      if (!rs.supported) continue;
      try {
        (void)servesim::validate(rs.scenario, catalog);
      } catch (const servesim::InputError&) {
      }
    }
  } catch (const servesim::InputError&) {
  }
  return 0;
}
