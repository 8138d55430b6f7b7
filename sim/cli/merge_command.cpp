// `servesim merge PART.h5... -o OUT.h5`: joins the shard files of one sweep (`servesim sweep
// --shard i/N`) into the outputs a single process writes, byte for byte.
#include <fmt/format.h>

#include <filesystem>
#include <iostream>
#include <utility>

#include "sim/cli/cli_common.hpp"
#include "sim/cli/sweep_outputs.hpp"
#include "sim/core/error.hpp"
#include "sim/output/output_set.hpp"
#include "sim/scenario/catalog_loader.hpp"
#include "sim/sweep/shard_file.hpp"
#include "sim/sweep/sweep_merge.hpp"
#include "sim/sweep/sweep_runner.hpp"

namespace po = boost::program_options;

namespace servesim::cli {

int merge_command(const Args& args) {
  po::options_description opts("servesim merge PART.h5... [options]");
  opts.add_options()("help,h", "show this help")(
      "shards", po::value<std::vector<std::string>>()->multitoken(),
      "the shard files (servesim sweep --shard i/N), all N of one sweep, in any order")(
      "output,o", po::value<std::string>()->default_value(""),
      "HDF5 file to write (default: <sweep name>.h5)")(
      "csv", po::value<std::string>()->default_value(""), "also write a flat CSV table of points")(
      "plot", po::value<std::string>()->default_value(""),
      "also draw the frontiers to this PNG (python3 with h5py and matplotlib)")(
      "labels", "label the plotted frontier points with their configuration")(
      "catalog", po::value<std::string>()->default_value(""),
      "the catalog directory the shards were made with (default: the one built into the binary)")(
      "quiet,q", "print nothing but errors (no tables)");
  po::positional_options_description pos;
  pos.add("shards", -1);
  const po::variables_map vm = parse_command_line(args, opts, pos);
  if (vm.count("help")) {
    std::cout << "Join the shard files of one sweep (servesim sweep SWEEP.json --shard i/N, "
                 "i = 0..N-1) into the HDF5 (and CSV, chart) that `servesim sweep SWEEP.json` "
                 "writes, byte for byte; print its frontiers.\n\n"
              << opts << "\n";
    return 0;
  }
  const auto paths =
      vm.count("shards") ? vm["shards"].as<std::vector<std::string>>() : std::vector<std::string>{};
  if (paths.empty())
    throw InputError("merge: no shard files given (servesim merge PART.h5... -o OUT.h5)");
  SweepOutputs o;
  o.output = vm["output"].as<std::string>();
  o.csv = vm["csv"].as<std::string>();
  o.plot = vm["plot"].as<std::string>();
  o.labels = vm.count("labels") > 0;
  o.plot_requested = !o.plot.empty();
  o.quiet = vm.count("quiet") > 0;
  const std::string catalog_dir = vm["catalog"].as<std::string>();

  std::vector<SweepShard> shards;
  for (const auto& path : paths) shards.push_back(read_shard_file(path));
  if (o.output.empty()) o.output = shards.front().sweep_name + ".h5";
  // Every output is checked before anything is written; none may be one of the shards.
  OutputSet outputs;
  declare_sweep_outputs(outputs, o);
  for (const auto& [out, option] : {std::pair<std::string, std::string>{o.output, "--output"},
                                    {o.csv, "--csv"},
                                    {o.plot, "--plot"}}) {
    for (const auto& shard : paths) {
      std::error_code ec;
      if (!out.empty() && std::filesystem::equivalent(out, shard, ec)) {
        throw InputError(fmt::format("{}: {}: the same file as the shard {}", out, option, shard));
      }
    }
  }
  const Catalog catalog = load_catalog(catalog_dir);
  const FrameworkProfiles profiles = load_framework_profiles(catalog_dir);
  const std::string catalog_label =
      catalog_dir.empty() ? std::string("(the embedded catalog)") : catalog_dir;
  const SweepResult r =
      merge_shards(shards, catalog, profiles, catalog_fingerprint(catalog_dir), catalog_label);
  require_a_point_ran(r);
  return write_sweep_outputs(
      outputs, o, r,
      fmt::format("merged {} shard{}\n", shards.size(), shards.size() == 1 ? "" : "s"));
}

}  // namespace servesim::cli
