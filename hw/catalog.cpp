// Reading the GPU, model and knob catalogs.
#include "hw/catalog.hpp"

#include <fmt/format.h>

#include "hw/catalog_reading.hpp"
#include "sim/core/error.hpp"
#include "sim/core/json_reader.hpp"
#include "sim/core/text.hpp"

namespace servesim {
namespace {

const std::vector<std::string>& kDocKeys = catalog_doc_keys();

struct KnobField {
  const char* name;
  double Knobs::*member;
  bool is_fraction;
};

const KnobField kKnobFields[] = {
    {"gemm_flops_efficiency", &Knobs::gemm_flops_efficiency, true},
    {"attention_flops_efficiency", &Knobs::attention_flops_efficiency, true},
    {"hbm_bw_efficiency", &Knobs::hbm_bw_efficiency, true},
    {"scale_up_efficiency", &Knobs::scale_up_efficiency, true},
    {"collective_latency_s", &Knobs::collective_latency_s, false},
    {"per_layer_overhead_s", &Knobs::per_layer_overhead_s, false},
    {"moe_layer_overhead_s", &Knobs::moe_layer_overhead_s, false},
    {"per_step_overhead_s", &Knobs::per_step_overhead_s, false},
    {"moe_popularity_skew", &Knobs::moe_popularity_skew, false},
    {"mtp_acceptance_fraction", &Knobs::mtp_acceptance_fraction, true},
    {"request_overhead_s", &Knobs::request_overhead_s, false},
    {"kv_transfer_setup_s", &Knobs::kv_transfer_setup_s, false},
    {"kv_transfer_descriptor_s", &Knobs::kv_transfer_descriptor_s, false},
    {"prefill_worker_step_overhead_s", &Knobs::prefill_worker_step_overhead_s, false},
    {"kernel_fixed_time_fraction", &Knobs::kernel_fixed_time_fraction, true},
};

GpuSpec read_gpu(ObjectReader r) {
  GpuSpec g;
  g.name = r.string("name");
  g.aliases = r.string_list_or("aliases", {});
  g.vendor = r.choice_or("vendor", "nvidia", {"nvidia", "amd"});
  g.generation = r.string("generation");
  {
    ObjectReader f = r.object("dense_flops_per_s");
    for (const char* k : {"bf16", "fp8", "fp4"}) {
      if (auto v = f.optional_number(k)) {
        if (*v <= 0) f.fail(k, "expected a positive number or null");
        g.dense_flops_per_s[k] = *v;
      }
    }
    f.ignore(kDocKeys);
    f.finish();
  }
  g.weight_formats = r.string_list_or("weight_formats", {"bf16", "fp8"});
  for (const auto& w : g.weight_formats) {
    if (!parse_precision(w)) r.fail("weight_formats", fmt::format("unknown format \"{}\"", w));
  }
  g.hbm_bytes = r.positive_number("hbm_bytes");
  g.hbm_bw_bytes_per_s = r.positive_number("hbm_bw_bytes_per_s");
  g.tdp_w = r.positive_number("tdp_w");
  g.all_in_power_w = r.positive_number("all_in_power_w");
  g.cost_usd_per_gpu_hour = r.positive_number("cost_usd_per_gpu_hour");
  read_sources(r, {"dense_flops_per_s", "hbm", "power", "cost"}, {});
  r.ignore(kDocKeys);
  r.finish();
  return g;
}

Precision read_precision(ObjectReader& r, const std::string& key) {
  const std::string s = r.string(key);
  auto p = parse_precision(s);
  if (!p) r.fail(key, fmt::format("unknown precision \"{}\" (expected bf16, fp8, nvfp4, mxfp4)", s));
  return *p;
}

ModelSpec read_model(ObjectReader r) {
  ModelSpec m;
  m.name = r.string("name");
  m.aliases = r.string_list_or("aliases", {});
  m.hidden_size = r.count("hidden_size", 1);
  m.num_layers = r.count("num_layers", 1);
  m.vocab_size = r.count("vocab_size", 1);
  m.max_context_tokens = r.count("max_context_tokens", 1);
  r.ignore({"native_precision", "published_params", "hf_repo"});
  {
    ObjectReader a = r.object("attention");
    auto& at = m.attention;
    const std::string type = a.choice_or("type", "gqa", {"gqa", "mla"});
    at.num_heads = a.count("num_heads", 1);
    if (type == "mla") {
      at.type = AttentionType::kMla;
      at.q_lora_rank = a.count_or("q_lora_rank", 0, 0);
      at.kv_lora_rank = a.count("kv_lora_rank", 1);
      at.qk_nope_head_dim = a.count("qk_nope_head_dim", 1);
      at.qk_rope_head_dim = a.count("qk_rope_head_dim", 1);
      at.v_head_dim = a.count("v_head_dim", 1);
    } else {
      at.type = AttentionType::kGqa;
      at.num_kv_heads = a.count("num_kv_heads", 1);
      at.head_dim = a.count("head_dim", 1);
      at.qkv_bias = a.boolean_or("qkv_bias", false);
      at.sliding_window = a.count_or("sliding_window", 0, 0);
      at.sliding_window_layers = a.count_or("sliding_window_layers", 0, 0);
      at.attention_sinks = a.boolean_or("attention_sinks", false);
      if (at.num_heads % at.num_kv_heads != 0) {
        a.fail("num_kv_heads", fmt::format("{} does not divide num_heads={}", at.num_kv_heads,
                                           at.num_heads));
      }
      if (at.sliding_window_layers > m.num_layers) {
        a.fail("sliding_window_layers", "exceeds num_layers");
      }
    }
    a.ignore(kDocKeys);
    a.finish();
  }
  {
    ObjectReader f = r.object("ffn");
    m.dense_layers = f.count("dense_layers", 0);
    m.dense_intermediate_size = f.count_or("dense_intermediate_size", 0, 0);
    if (m.dense_layers > m.num_layers) f.fail("dense_layers", "exceeds num_layers");
    if (m.dense_layers > 0 && m.dense_intermediate_size == 0) {
      f.fail("dense_intermediate_size", "needed when dense_layers > 0");
    }
    if (f.has("moe")) {
      ObjectReader e = f.object("moe");
      m.moe.num_experts = e.count("num_experts", 1);
      m.moe.top_k = e.count("top_k", 1);
      m.moe.num_shared_experts = e.count_or("num_shared_experts", 0, 0);
      m.moe.intermediate_size = e.count("intermediate_size", 1);
      m.moe.expert_bias = e.boolean_or("expert_bias", false);
      if (m.moe.top_k > m.moe.num_experts) e.fail("top_k", "exceeds num_experts");
      e.ignore(kDocKeys);
      e.finish();
    } else if (m.dense_layers != m.num_layers) {
      f.fail("dense_layers", "a model without \"moe\" must have every layer dense");
    }
    f.ignore(kDocKeys);
    f.finish();
  }
  m.mtp_layers = r.count_or("mtp_layers", 0, 0);
  if (r.has("mtp_acceptance_lengths")) {
    m.mtp_acceptance_lengths = r.number_list("mtp_acceptance_lengths");
    double prev = 1.0;
    for (double x : m.mtp_acceptance_lengths) {
      if (x < prev) r.fail("mtp_acceptance_lengths", "lengths must start at >= 1 and not decrease");
      prev = x;
    }
  } else {
    r.ignore({"mtp_acceptance_lengths"});
  }
  {
    ObjectReader q = r.object("quantization");
    for (const auto& [name, value] : r.raw("quantization").items()) {
      if (name == "note" || name == "notes") continue;
      if (!parse_precision(name)) q.fail(name, "unknown precision name");
      ObjectReader e = q.object(name);
      Quantization quant;
      quant.experts = read_precision(e, "experts");
      quant.other = read_precision(e, "other");
      e.ignore(kDocKeys);
      e.finish();
      m.quantization[name] = quant;
    }
    q.ignore(kDocKeys);
    q.finish();
  }
  // "config" covers the architecture (dimensions, attention, FFN, MTP layers).
  std::vector<std::string> groups = {"config", "quantization", "max_context_tokens"};
  if (!m.mtp_acceptance_lengths.empty()) groups.emplace_back("mtp_acceptance_lengths");
  if (r.has("published_params")) groups.emplace_back("published_params");
  read_sources(r, groups, {"mtp_layers", "native_precision", "mtp_acceptance_lengths"});
  r.ignore(kDocKeys);
  r.finish();
  return m;
}

std::map<std::string, double> read_knob_layer(ObjectReader r) {
  std::map<std::string, double> out;
  for (const auto& f : kKnobFields) {
    if (!r.has(f.name)) continue;
    const double v = f.is_fraction ? r.fraction_or(f.name, 0, false)
                                   : r.positive_number_or(f.name, 0, true);
    out[f.name] = v;
  }
  // A layer that sets knobs says where they come from (a source, or a note for copied values).
  if (!out.empty() && !r.has("source") && !r.has("note")) {
    r.fail("source", "missing: every knob layer needs a source or note for its numbers");
  }
  for (const char* key : {"source", "note"}) {
    if (r.has(key) && r.string(key).empty()) r.fail(key, "empty source");
  }
  r.ignore(kDocKeys);
  r.finish();
  return out;
}

std::map<std::string, std::map<std::string, double>> read_knob_group(ObjectReader& r,
                                                                     const std::string& key) {
  std::map<std::string, std::map<std::string, double>> out;
  if (!r.has(key)) {
    r.ignore({key});
    return out;
  }
  ObjectReader g = r.object(key);
  for (const auto& [name, value] : r.raw(key).items()) {
    if (name == "_about" || name == "note" || name == "notes" || name == "source") continue;
    out[name] = read_knob_layer(g.object(name));
  }
  g.ignore(kDocKeys);
  g.finish();
  return out;
}

template <typename T, typename Fn>
std::vector<T> read_array(const Json& root, const CatalogText& doc, const std::string& key,
                          Fn read_one) {
  ObjectReader r(root, doc.label, "");
  std::vector<T> out = read_entry_list<T>(r, key, read_one);
  r.ignore(kDocKeys);
  r.finish();
  return out;
}

}  // namespace

const std::vector<std::string>& knob_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> n;
    for (const auto& f : kKnobFields) n.emplace_back(f.name);
    return n;
  }();
  return names;
}

double knob_value(const Knobs& knobs, const std::string& name) {
  for (const auto& f : kKnobFields) {
    if (name == f.name) return knobs.*(f.member);
  }
  SERVESIM_CHECK(false, "unknown knob name");
  return 0;
}

void apply_knob_overrides(Knobs& knobs, const std::map<std::string, double>& overrides) {
  for (const auto& f : kKnobFields) {
    auto it = overrides.find(f.name);
    if (it != overrides.end()) knobs.*(f.member) = it->second;
  }
}

Catalog Catalog::from_texts(const CatalogTexts& texts) {
  const CatalogText& gpus = texts.gpus;
  const CatalogText& models = texts.models;
  const CatalogText& knobs = texts.knobs;
  Catalog c;
  c.collectives_ = CollectiveCalibration::from_text(texts.collectives.text, texts.collectives.label);
  c.kernel_curves_ =
      KernelCalibration::from_text(texts.kernel_curves.text, texts.kernel_curves.label);
  c.fabrics_ = FabricCatalog::from_text(texts.fabrics.text, texts.fabrics.label);
  c.gpus_ = read_array<GpuSpec>(parse_json_text(gpus.text, gpus.label), gpus, "gpus", read_gpu);
  for (std::size_t i = 0; i < c.gpus_.size(); ++i) {
    GpuSpec& g = c.gpus_[i];
    const GpuFabrics* f = c.fabrics_.for_gpu(g.name);
    if (!f) {
      throw InputError(fmt::format("{}: gpu_fabrics: no entry for GPU \"{}\" of {}",
                                   c.fabrics_.label(), g.name, gpus.label));
    }
    g.scale_up = *c.fabrics_.find_scale_up(f->scale_up);
    g.scale_out = *c.fabrics_.find_scale_out(f->scale_out);
    g.scale_out_choices = {f->scale_out};
    for (const auto& a : f->scale_out_alternatives) g.scale_out_choices.push_back(a);
    g.rails_per_node = f->rails_per_node;
  }
  c.models_ = read_array<ModelSpec>(parse_json_text(models.text, models.label), models, "models",
                                    read_model);
  const Json kj = parse_json_text(knobs.text, knobs.label);
  ObjectReader kr(kj, knobs.label, "");
  std::map<std::string, double> defaults = read_knob_layer(kr.object("defaults"));
  for (const auto& f : kKnobFields) {
    if (!defaults.count(f.name)) kr.fail("defaults", fmt::format("missing knob \"{}\"", f.name));
  }
  apply_knob_overrides(c.knobs_.defaults, defaults);
  c.knobs_.by_generation = read_knob_group(kr, "by_generation");
  c.knobs_.by_gpu = read_knob_group(kr, "by_gpu");
  c.knobs_.by_framework = read_knob_group(kr, "by_framework");
  kr.ignore(kDocKeys);
  kr.finish();
  c.numerics_ = numerics_from_text(texts.numerics.text, texts.numerics.label);
  return c;
}

const GpuSpec* Catalog::find_gpu(const std::string& name) const {
  const std::string key = lower(name);
  for (const auto& g : gpus_) {
    if (lower(g.name) == key) return &g;
    for (const auto& a : g.aliases) {
      if (lower(a) == key) return &g;
    }
  }
  return nullptr;
}

const ModelSpec* Catalog::find_model(const std::string& name) const {
  const std::string key = lower(name);
  for (const auto& m : models_) {
    if (lower(m.name) == key) return &m;
    for (const auto& a : m.aliases) {
      if (lower(a) == key) return &m;
    }
  }
  return nullptr;
}

Knobs Catalog::knobs_for(const GpuSpec& gpu, const std::string& framework,
                         const std::string& step_model) const {
  Knobs k = knobs_.defaults;
  if (auto it = knobs_.by_generation.find(gpu.generation); it != knobs_.by_generation.end()) {
    apply_knob_overrides(k, it->second);
  }
  // A generation's knobs fitted under another step-time model ("blackwell@kernel_roofline").
  if (!step_model.empty()) {
    auto it = knobs_.by_generation.find(gpu.generation + "@" + step_model);
    if (it != knobs_.by_generation.end()) apply_knob_overrides(k, it->second);
  }
  if (auto it = knobs_.by_gpu.find(gpu.name); it != knobs_.by_gpu.end()) {
    apply_knob_overrides(k, it->second);
  }
  if (auto it = knobs_.by_framework.find(framework); it != knobs_.by_framework.end()) {
    apply_knob_overrides(k, it->second);
  }
  // The most specific layer: one framework on one GPU generation ("SGLang@hopper").
  const std::string both = framework + "@" + gpu.generation;
  if (auto it = knobs_.by_framework.find(both); it != knobs_.by_framework.end()) {
    apply_knob_overrides(k, it->second);
  }
  return k;
}

bool Catalog::has_framework(const std::string& framework) const {
  return framework.empty() || knobs_.by_framework.count(framework) > 0;
}

std::vector<std::string> Catalog::framework_names() const {
  std::vector<std::string> out;
  for (const auto& [name, _] : knobs_.by_framework) {
    if (name.find('@') == std::string::npos) out.push_back(name);
  }
  return out;
}

}  // namespace servesim
