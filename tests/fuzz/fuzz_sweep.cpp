// libFuzzer target: the sweep reader and the expansion of its grid into point scenarios.
#include <cstddef>
#include <cstdint>
#include <string>

#include "sim/core/error.hpp"
#include "sim/core/json_reader.hpp"
#include "sim/sweep/sweep_spec.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    // A base given as a path would read files of this machine: the reader of paths is the
    // CLI's business, not the parser's.
    const servesim::Json doc = servesim::parse_json_text(text, "fuzz.json");
    if (doc.is_object() && doc.contains("base") && doc["base"].is_string()) return 0;
    const servesim::SweepSpec spec = servesim::read_sweep_json(doc, "fuzz.json", "");
    // Expanding the grid reads every point's scenario; cap it so one input stays fast.
    if (spec.point_count() <= 64) (void)servesim::expand_sweep(spec);
  } catch (const servesim::InputError&) {
  }
  return 0;
}
