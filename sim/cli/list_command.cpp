// `servesim list [gpus|models|frameworks|fabrics|fields|routers|schedulers|step-models|
// collective-models|arrivals]`: what the catalog and the registries hold, so nobody has to provoke an error to learn the names.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <functional>
#include <iostream>
#include <map>

#include "hw/precision.hpp"
#include "hw/collective_model_registry.hpp"
#include "hw/step_model_registry.hpp"
#include "workloads/arrival_registry.hpp"
#include "sched/router_registry.hpp"
#include "sched/scheduler_registry.hpp"
#include "sim/cli/cli_common.hpp"
#include "sim/cli/commands.hpp"
#include "sim/core/error.hpp"
#include "sim/scenario/catalog_loader.hpp"
#include "sim/scenario/framework_profile.hpp"
#include "sim/scenario/scenario_reference.hpp"

namespace po = boost::program_options;

namespace servesim::cli {
namespace {

std::string list_gpus(const Catalog& catalog) {
  std::string out = fmt::format("{:<12} {:>7} {:>9} {:>14} {:>9} {:>8}  {}\n", "gpu", "HBM GB",
                                "HBM TB/s", "scale-up", "GB/s/GPU", "NIC GB/s",
                                "weight formats (dense TFLOP/s)  aliases");
  for (const GpuSpec& g : catalog.gpus()) {
    std::vector<std::string> formats;
    for (const std::string& f : g.weight_formats) {
      const auto p = parse_precision(f);
      const double peak = p ? g.peak_flops(*p) : 0.0;
      formats.push_back(peak > 0 ? fmt::format("{} {:.0f}", f, peak / 1e12) : f);
    }
    out += fmt::format(
        "{:<12} {:>7.0f} {:>9.2f} {:>14} {:>9.0f} {:>8.0f}  {}  [{}]\n", g.name, g.hbm_bytes / 1e9,
        g.hbm_bw_bytes_per_s / 1e12,
        fmt::format("{} x {}", g.scale_up.domain_size,
                    g.scale_up.kind == ScaleUpKind::kMesh ? "mesh" : "switch"),
        g.scale_up.bw_bytes_per_s / 1e9, g.scale_out.nic_bw_bytes_per_s / 1e9, fmt::join(formats, ", "),
        fmt::join(g.aliases, ", "));
  }
  return out;
}

std::string list_models(const Catalog& catalog) {
  std::string out = fmt::format("{:<18} {:>8} {:>8} {:>6} {:>9} {:>4}  {}\n", "model", "params B",
                                "active B", "layers", "attention", "MTP",
                                "experts (routed/top-k/shared)  precisions");
  for (const ModelSpec& m : catalog.models()) {
    std::vector<std::string> precisions;
    for (const auto& [name, q] : m.quantization) precisions.push_back(name);
    out += fmt::format("{:<18} {:>8.1f} {:>8.1f} {:>6} {:>9} {:>4}  {}  {}\n", m.name,
                       m.total_params() / 1e9, m.active_params() / 1e9, m.num_layers,
                       m.attention.type == AttentionType::kMla ? "MLA" : "GQA", m.mtp_layers,
                       m.is_moe() ? fmt::format("{}/{}/{}", m.moe.num_experts, m.moe.top_k,
                                                m.moe.num_shared_experts)
                                  : std::string("dense"),
                       fmt::join(precisions, ", "));
  }
  return out;
}

std::string list_frameworks(const FrameworkProfiles& profiles) {
  std::string out = fmt::format("{:<16} {:>9} {:>9} {:>6}  {}\n", "framework", "max seqs",
                                "tokens", "block", "aliases");
  for (const FrameworkProfile& p : profiles.profiles()) {
    out += fmt::format("{:<16} {:>9} {:>9} {:>6}  {}\n", p.name, p.settings.max_running_seqs,
                       p.settings.max_batched_tokens, p.settings.block_size,
                       fmt::join(p.aliases, ", "));
  }
  return out;
}

std::string list_fabrics(const Catalog& catalog) {
  // The fabric catalog: scale-up domains, scale-out networks, and which GPU ships with which.
  const FabricCatalog& f = catalog.fabrics();
  std::string out = fmt::format("scale-up fabrics\n  {:<30} {:>6} {:>8} {:>10}\n", "name", "kind",
                                "GPUs", "GB/s/GPU");
  for (const ScaleUpFabric& u : f.scale_up()) {
    out += fmt::format("  {:<30} {:>6} {:>8} {:>10.0f}\n", u.name,
                       u.kind == ScaleUpKind::kMesh ? "mesh" : "switch", u.domain_size,
                       u.bw_bytes_per_s / 1e9);
  }
  out += fmt::format("\nscale-out fabrics\n  {:<18} {:<11} {:>9} {:>10} {:>8} {:>12} {:>10}\n",
                     "name", "transport", "NIC GB/s", "GPUs/leaf", "oversub", "latency us",
                     "achieved");
  for (const ScaleOutFabric& o : f.scale_out()) {
    out += fmt::format("  {:<18} {:<11} {:>9.0f} {:>10} {:>8g} {:>12.2f} {:>10.2f}\n", o.name,
                       o.transport, o.nic_bw_bytes_per_s / 1e9, o.gpus_per_leaf,
                       o.oversubscription, o.latency_s(false) * 1e6, o.achievable_fraction);
  }
  out += fmt::format("\nGPU fabrics (first scale-out fabric is the default; pick another with "
                     "cluster.scale_out_fabric)\n  {:<12} {:<30} {}\n", "gpu", "scale-up",
                     "scale-out");
  for (const GpuSpec& g : catalog.gpus()) {
    out += fmt::format("  {:<12} {:<30} {}\n", g.name, g.scale_up.name,
                       fmt::join(g.scale_out_choices, ", "));
  }
  return out;
}

template <typename R>
std::string list_registry(const R& registry) {
  std::string out;
  for (const auto& e : registry.entries()) out += fmt::format("{:<22} {}\n", e.name, e.doc);
  return out;
}

}  // namespace

int list_command(const Args& args) {
  po::options_description opts(
      "servesim list [gpus|models|frameworks|fabrics|fields|routers|schedulers|step-models|"
      "collective-models|arrivals]");
  opts.add_options()("help,h", "show this help")(
      "what", po::value<std::string>()->default_value("gpus"), "what to list")(
      "markdown", "fields: the Markdown of docs/scenario-reference.md")(
      "catalog", po::value<std::string>()->default_value(""),
      "catalog directory (default: the catalog built into the binary)");
  po::positional_options_description pos;
  pos.add("what", 1);
  const auto vm = parse_command_line(args, opts, pos);
  if (vm.count("help")) {
    std::cout << "List what the catalog and the registries hold.\n\n" << opts << "\n";
    return 0;
  }
  const std::string what = vm["what"].as<std::string>();
  const std::string dir = vm["catalog"].as<std::string>();
  const std::map<std::string, std::function<std::string()>> listings = {
      {"gpus", [&] { return list_gpus(load_catalog(dir)); }},
      {"models", [&] { return list_models(load_catalog(dir)); }},
      {"frameworks", [&] { return list_frameworks(load_framework_profiles(dir)); }},
      {"fabrics", [&] { return list_fabrics(load_catalog(dir)); }},
      {"fields",
       [&] {
         return vm.count("markdown") ? scenario_reference_markdown() : scenario_reference_text();
       }},
      {"routers", [] { return list_registry(router_registry()); }},
      {"schedulers", [] { return list_registry(scheduler_registry()); }},
      {"step-models", [] { return list_registry(step_model_registry()); }},
      {"collective-models", [] { return list_registry(collective_model_registry()); }},
      {"arrivals", [] { return list_registry(arrival_registry()); }},
  };
  const auto it = listings.find(what);
  if (it == listings.end()) {
    std::vector<std::string> names;
    for (const auto& [name, f] : listings) names.push_back(name);
    throw InputError(fmt::format("command line: list: unknown listing \"{}\" (known: {})", what,
                                 fmt::join(names, ", ")));
  }
  std::cout << it->second();
  return 0;
}

}  // namespace servesim::cli
