// `servesim run` and `servesim explain`.
#include <fmt/format.h>

#include <iostream>

#include "sim/output/output_set.hpp"
#include "sim/scenario/catalog_loader.hpp"
#include "sim/cli/cli_common.hpp"
#include "sim/core/error.hpp"
#include "sim/scenario/embedded_files.hpp"
#include "sim/scenario/profile_resolution.hpp"
#include "sim/run/explain.hpp"
#include "sim/run/explanation_json.hpp"
#include "sim/run/explanation_text.hpp"
#include "sim/run/run_document.hpp"
#include "sim/run/run_scenario.hpp"
#include "sim/scenario/scenario_reader.hpp"
#include "sim/scenario/scenario_validation.hpp"
#include "sim/run/run_summary.hpp"

namespace po = boost::program_options;

namespace servesim::cli {
namespace {

Scenario load_scenario(const std::string& path) {
  if (!path.empty()) return read_scenario_file(path);
  const std::string* text = find_embedded("scenarios/default.json");
  SERVESIM_CHECK(text != nullptr, "default scenario not embedded");
  return read_scenario_text(*text, "(embedded) scenarios/default.json");
}

int do_run(const std::string& scenario_path, const po::variables_map& vm) {
  Scenario s = load_scenario(scenario_path);
  if (vm.count("seed")) {
    const std::string text = vm["seed"].as<std::string>();
    if (text.empty() || text.size() > 19 ||
        text.find_first_not_of("0123456789") != std::string::npos) {
      throw InputError(fmt::format("command line: --seed: expected a non-negative integer, got {}",
                                   text));
    }
    s.seed = std::stoull(text);
  }
  const std::string dir = vm["catalog"].as<std::string>();
  const Catalog catalog = load_catalog(dir);
  apply_framework_profile(load_framework_profiles(dir), catalog, s);
  const ValidScenario valid = validate(s, catalog);
  // Outputs are checked before anything is simulated.
  OutputSet outputs;
  const std::string out = vm.count("output") ? vm["output"].as<std::string>() : "";
  outputs.add(out, "--output");
  const RunResult r = run_scenario(valid);
  if (!vm.count("quiet")) std::cout << format_run_summary(s, r);
  if (!out.empty()) {
    outputs.stage(out, run_document_json(s, r));
    outputs.commit();
    if (!vm.count("quiet")) std::cout << fmt::format("wrote {}\n", out);
  }
  return 0;
}

}  // namespace

int run_command(const Args& args) {
  po::options_description opts("servesim run SCENARIO.json [options]");
  opts.add_options()("help,h", "show this help")(
      "scenario", po::value<std::string>()->default_value(""),
      "scenario JSON file (default: the embedded default scenario)")(
      "seed", po::value<std::string>(), "override the scenario's random seed (0 .. 10^19-1)")(
      "output,o", po::value<std::string>(), "write all metrics as JSON to this file")(
      "catalog", po::value<std::string>()->default_value(""),
      "catalog directory (default: the catalog built into the binary)")(
      "quiet,q", "print nothing but errors");
  po::positional_options_description pos;
  pos.add("scenario", 1);
  const auto vm = parse_command_line(args, opts, pos);
  if (vm.count("help")) {
    std::cout << "Simulate one scenario and print its metrics.\n\n" << opts << "\n";
    return 0;
  }
  return do_run(vm["scenario"].as<std::string>(), vm);
}

int explain_command(const Args& args) {
  po::options_description opts("servesim explain SCENARIO.json [options]");
  opts.add_options()("help,h", "show this help")(
      "scenario", po::value<std::string>()->default_value(""),
      "scenario JSON file (default: the embedded default scenario)")(
      "json", "print machine-readable JSON")(
      "catalog", po::value<std::string>()->default_value(""),
      "catalog directory (default: the catalog built into the binary)");
  po::positional_options_description pos;
  pos.add("scenario", 1);
  const auto vm = parse_command_line(args, opts, pos);
  if (vm.count("help")) {
    std::cout << "Break a representative decode and prefill step into its parts (time, bound) "
                 "and show the memory budget.\n\n"
              << opts << "\n";
    return 0;
  }
  Scenario s = load_scenario(vm["scenario"].as<std::string>());
  const std::string dir = vm["catalog"].as<std::string>();
  const Catalog catalog = load_catalog(dir);
  apply_framework_profile(load_framework_profiles(dir), catalog, s);
  const Explanation e = explain(validate(s, catalog));
  std::cout << (vm.count("json") ? explanation_json(e) : explanation_text(e));
  return 0;
}

int default_command() {
  // The main job: the embedded default sweep (sim/cli/sweep_command.cpp).
  return default_sweep_command();
}

}  // namespace servesim::cli
