// Reading fabrics.json.
#include "hw/fabric_catalog.hpp"

#include <fmt/format.h>

#include "hw/catalog_reading.hpp"
#include "sim/core/json_reader.hpp"
#include "sim/core/text.hpp"

namespace servesim {
namespace {

// Descriptive fields: read by people, not by the model.
const std::vector<std::string> kDescriptive = {"technology", "links_per_gpu", "latency_s",
                                               "achievable_fraction", "nic", "switch",
                                               "switch_ports", "rail_optimised", "planes"};

ScaleUpFabric read_scale_up(ObjectReader r) {
  ScaleUpFabric f;
  f.name = r.string("name");
  f.kind = r.choice_or("kind", "switch", {"switch", "mesh"}) == "mesh" ? ScaleUpKind::kMesh
                                                                       : ScaleUpKind::kSwitch;
  f.domain_size = r.count("domain_size", 1);
  f.bw_bytes_per_s = r.positive_number("bw_bytes_per_s");
  if (auto v = r.optional_number("per_peer_bw_bytes_per_s")) {
    if (*v <= 0) r.fail("per_peer_bw_bytes_per_s", "expected a positive number or null");
    f.per_peer_bw_bytes_per_s = *v;
  }
  if (f.kind == ScaleUpKind::kMesh && f.per_peer_bw_bytes_per_s <= 0) {
    r.fail("per_peer_bw_bytes_per_s", "a mesh scale-up needs the per-peer link bandwidth");
  }
  read_sources(r, {"bw", "domain_size"}, {"latency", "achievable_fraction"});
  r.ignore(kDescriptive);
  r.ignore(catalog_doc_keys());
  r.finish();
  return f;
}

ScaleOutFabric read_scale_out(ObjectReader r) {
  ScaleOutFabric f;
  f.name = r.string("name");
  f.transport = r.choice_or("transport", "roce", {"roce", "infiniband"});
  f.nic_bw_bytes_per_s = r.positive_number("nic_bw_bytes_per_s");
  f.gpus_per_leaf = r.count("gpus_per_leaf", 1);
  f.oversubscription = r.positive_number("oversubscription");
  if (f.oversubscription < 1) r.fail("oversubscription", "expected >= 1 (1 = non-blocking)");
  f.hops_same_leaf = r.count("hops_same_leaf", 1);
  f.hops_cross_spine = r.count("hops_cross_spine", f.hops_same_leaf);
  f.nic_latency_s = r.positive_number_or("nic_latency_s", 0, true);
  f.switch_hop_latency_s = r.positive_number_or("switch_hop_latency_s", 0, true);
  f.achievable_fraction = r.fraction_or("achievable_fraction", 1, false);
  read_sources(r, {"nic_bw", "gpus_per_leaf", "oversubscription", "hops", "latency",
                   "achievable_fraction"},
               {"rails"});
  r.ignore(kDescriptive);
  r.ignore(catalog_doc_keys());
  r.finish();
  return f;
}

template <typename T>
const T* find_named(const std::vector<T>& list, const std::string& name) {
  for (const auto& x : list) {
    if (lower(x.name) == lower(name)) return &x;
  }
  return nullptr;
}

}  // namespace

FabricCatalog FabricCatalog::from_text(const std::string& text, const std::string& label) {
  const Json j = parse_json_text(text, label);
  ObjectReader r(j, label, "");
  FabricCatalog c;
  c.label_ = label;
  c.scale_up_ = read_entry_list<ScaleUpFabric>(r, "scale_up", read_scale_up);
  c.scale_out_ = read_entry_list<ScaleOutFabric>(r, "scale_out", read_scale_out);
  c.gpus_ = read_entry_list<GpuFabrics>(r, "gpu_fabrics", [&c](ObjectReader g) {
    GpuFabrics f;
    f.gpu = g.string("gpu");
    f.scale_up = g.string("scale_up_fabric");
    if (!c.find_scale_up(f.scale_up)) {
      g.fail("scale_up_fabric", fmt::format("unknown scale-up fabric \"{}\"", f.scale_up));
    }
    f.scale_out = g.string("scale_out_fabric");
    f.scale_out_alternatives = g.string_list_or("scale_out_alternatives", {});
    for (const auto& name : f.scale_out_alternatives) {
      if (!c.find_scale_out(name)) {
        g.fail("scale_out_alternatives", fmt::format("unknown scale-out fabric \"{}\"", name));
      }
    }
    if (!c.find_scale_out(f.scale_out)) {
      g.fail("scale_out_fabric", fmt::format("unknown scale-out fabric \"{}\"", f.scale_out));
    }
    f.rails_per_node = g.count("rails_per_node", 1);
    read_sources(g, {"scale_out"}, {"scale_up", "rails_per_node"});
    g.ignore(catalog_doc_keys());
    g.finish();
    return f;
  });
  r.ignore(catalog_doc_keys());
  r.finish();
  return c;
}

const ScaleUpFabric* FabricCatalog::find_scale_up(const std::string& name) const {
  return find_named(scale_up_, name);
}

const ScaleOutFabric* FabricCatalog::find_scale_out(const std::string& name) const {
  return find_named(scale_out_, name);
}

const GpuFabrics* FabricCatalog::for_gpu(const std::string& gpu) const {
  for (const auto& g : gpus_) {
    if (lower(g.gpu) == lower(gpu)) return &g;
  }
  return nullptr;
}

}  // namespace servesim
