// `servesim validate`: simulate measured rows and report how close the predictions land.
#include <fmt/format.h>

#include <chrono>
#include <iostream>
#include <thread>

#include "hw/step_model_registry.hpp"
#include "sim/output/output_set.hpp"
#include "sim/scenario/catalog_loader.hpp"
#include "sim/cli/cli_common.hpp"
#include "sim/core/error.hpp"
#include "sim/scenario/framework_profile.hpp"
#include "sim/validate/row_scenario.hpp"
#include "sim/scenario/scenario_json.hpp"
#include "sim/validate/validate_rows.hpp"
#include "sim/validate/validation_output.hpp"
#include "sim/validate/validation_report.hpp"
#include "sim/validate/validation_report_json.hpp"

namespace po = boost::program_options;

namespace servesim::cli {
namespace {

/// The command line as typed, for generated-file headers.
std::string command_line(const Args& args) {
  std::string s = "servesim validate";
  for (const auto& a : args) s += " " + a;
  return s;
}

}  // namespace

int validate_command(const Args& args) {
  po::options_description opts("servesim validate POINTS.json [options]");
  opts.add_options()("help,h", "show this help")(
      "points", po::value<std::string>(),
      "JSON array of measured rows (shared/calibration format)")(
      "report", po::value<std::string>(), "write the JSON report to this file")(
      "csv", po::value<std::string>(), "write one CSV line per row to this file")(
      "markdown", po::value<std::string>(), "write the markdown page (docs/validation.md) here")(
      "threads,j", po::value<int>()->default_value(0),
      "rows simulated in parallel (0 = one per hardware thread)")(
      "catalog", po::value<std::string>()->default_value(""),
      "catalog directory with gpus.json, models.json, knobs.json and optionally frameworks.json "
      "(default: the catalog built into the binary)")(
      "knobs", po::value<std::string>(), "knob file replacing the catalog's knobs.json")(
      "include-bad-quality", "also simulate rows with quality_ok false")(
      "step-model", po::value<std::string>(),
      "step-time model for every row (servesim list step-models; default: the scenario default)")(
      "all", "print every simulated row (default: all up to 50 rows, else the 15 worst)")(
      "show-scenario", po::value<std::string>(),
      "print the scenario JSON built for the row with this id, and exit")(
      "quiet,q", "print nothing but errors");
  po::positional_options_description pos;
  pos.add("points", 1);
  const po::variables_map vm = parse_command_line(args, opts, pos);
  if (vm.count("help")) {
    std::cout << "Simulate each measured row and compare total tok/s/GPU, tok/s/user and median "
                 "TTFT with the measurement.\n\n"
              << opts << "\n";
    return 0;
  }
  if (!vm.count("points")) throw InputError("command line: validate needs POINTS.json");
  int threads = vm["threads"].as<int>();
  if (threads < 0) throw InputError("command line: --threads must be >= 0");
  if (threads == 0) threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));

  // Inputs first: every check runs before any output is opened.
  const std::string dir = vm["catalog"].as<std::string>();
  const Catalog catalog =
      load_catalog(dir, vm.count("knobs") ? vm["knobs"].as<std::string>() : std::string());
  const FrameworkProfiles profiles = load_framework_profiles(dir);
  const std::vector<MeasuredRow> rows = read_rows_file(vm["points"].as<std::string>());

  if (vm.count("show-scenario")) {
    const std::string id = vm["show-scenario"].as<std::string>();
    for (const auto& row : rows) {
      if (row.id != id) continue;
      const RowScenario rs = row_scenario(row, catalog, profiles);
      if (!rs.supported) throw InputError(fmt::format("row {}: not simulated: {}", id, rs.reason));
      std::cout << scenario_to_json(rs.scenario).dump(2) << "\n";
      return 0;
    }
    throw InputError(fmt::format("--show-scenario: no row has id \"{}\"", id));
  }

  // Outputs are checked before anything is simulated, and written together at the end.
  auto option_path = [&](const char* name) {
    return vm.count(name) ? vm[name].as<std::string>() : std::string();
  };
  const std::string report = option_path("report"), csv = option_path("csv"),
                    markdown = option_path("markdown");
  OutputSet outputs;
  outputs.add(report, "--report");
  outputs.add(csv, "--csv");
  outputs.add(markdown, "--markdown");

  ValidationOptions options;
  options.threads = threads;
  options.include_bad_quality = vm.count("include-bad-quality") > 0;
  if (vm.count("step-model")) {
    options.step_model = vm["step-model"].as<std::string>();
    step_model_registry().get(options.step_model, "--step-model");
  }
  const auto start = std::chrono::steady_clock::now();
  const std::vector<RowOutcome> outcomes = validate_rows(rows, catalog, profiles, options);
  const double wall_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const ValidationSummary summary = summarise(outcomes);

  ValidationTextOptions text_options;
  text_options.all_rows = vm.count("all") > 0;
  const bool quiet = vm.count("quiet") > 0;
  if (!quiet) {
    std::cout << validation_text(outcomes, summary, text_options);
    std::cout << fmt::format("\nsimulated {} rows in {:.1f} s on {} threads\n", summary.ok, wall_s,
                             threads);
  }
  if (summary.errors > 0) {
    std::cerr << fmt::format(
        "warning: {} rows failed an internal check (a servesim bug); they are listed with status "
        "\"error\" and left out of the summary\n",
        summary.errors);
  }
  if (!report.empty()) outputs.stage(report, validation_report_json(outcomes, summary));
  if (!csv.empty()) outputs.stage(csv, validation_csv(outcomes));
  if (!markdown.empty()) {
    outputs.stage(markdown,
                  validation_markdown(outcomes, summary, text_options, command_line(args)));
  }
  outputs.commit();
  for (const std::string& path : {report, csv, markdown}) {
    if (!quiet && !path.empty()) std::cout << fmt::format("wrote {}\n", path);
  }
  return 0;
}

}  // namespace servesim::cli
