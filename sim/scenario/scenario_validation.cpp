// Cross-field validation of a scenario and what it resolves for the run.
#include "sim/scenario/scenario_validation.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "hw/hardware_overrides.hpp"
#include "hw/spine_contention.hpp"
#include "hw/topology.hpp"
#include "sim/core/error.hpp"
#include "sim/core/text.hpp"

namespace servesim {
namespace {

[[noreturn]] void fail(const Scenario& s, const std::string& field, const std::string& reason) {
  throw InputError(fmt::format("{}: {}: {}", s.source_label, field, reason));
}

std::string known_names(const std::vector<std::string>& names) { return fmt::format("{}", fmt::join(names, ", ")); }

/// validate() of a pool's workers, with its messages naming the field inside the pool.
ValidScenario validate_pool(const Scenario& s, const PoolConfig& pool, const Catalog& catalog) {
  try {
    return validate(pool.settings, catalog);
  } catch (const InputError& e) {
    const std::string prefix = pool.settings.source_label + ": ";
    throw InputError(fmt::format("{}pools.{}.{}", prefix, pool.name,
                                 strip_prefix(e.what(), prefix)));
  }
  (void)s;
}

ValidScenario validate_pools(const Scenario& s, const Catalog& catalog) {
  bool aggregated = false, prefill = false, decode = false;
  for (const auto& pool : s.pools) {
    aggregated |= pool.role == PoolRole::kAggregated;
    prefill |= pool.role == PoolRole::kPrefill;
    decode |= pool.role == PoolRole::kDecode;
  }
  if (aggregated && (prefill || decode)) {
    fail(s, "pools", "aggregated pools cannot be mixed with prefill and decode pools");
  }
  if (prefill != decode) {
    fail(s, "pools", prefill ? "prefill pools need a decode pool to hand their requests to"
                             : "decode pools need a prefill pool to feed them");
  }
  std::vector<ValidPool> pools;
  for (const auto& pool : s.pools) {
    pools.push_back(ValidPool{pool.name, pool.role, 0, validate_pool(s, pool, catalog)});
  }
  // Pools of one GPU type (and fabric) share one placed cluster, in pool order; another GPU
  // type gets a cluster of its own.
  std::vector<std::string> kinds;
  for (auto& p : pools) {
    const std::string kind = p.v.gpu->name + "|" + p.v.gpu->scale_out.name;
    auto it = std::find(kinds.begin(), kinds.end(), kind);
    p.cluster = static_cast<int>(it - kinds.begin());
    if (it == kinds.end()) kinds.push_back(kind);
  }
  for (int c = 0; c < static_cast<int>(kinds.size()); ++c) {
    PlacementRequest req;
    const GpuSpec* gpu = nullptr;
    for (const auto& p : pools) {
      if (p.cluster != c) continue;
      gpu = p.v.gpu.get();
      for (int i = 0; i < p.v.scenario.replicas; ++i) {
        req.instance_sizes.push_back(p.v.scenario.parallelism.gpus());
      }
    }
    req.domain_size = gpu->scale_up.domain_size;
    req.cluster_gpus = kinds.size() == 1 ? s.cluster.gpus : 0;
    req.policy = s.cluster.placement;
    const Placement placed = place_instances(req);
    if (!placed.error.empty()) fail(s, "cluster.gpus", placed.error);
    const Topology topology(*gpu, placed.cluster_gpus);
    std::size_t next = 0;
    for (auto& p : pools) {
      if (p.cluster != c) continue;
      const auto n = static_cast<std::size_t>(p.v.scenario.replicas);
      p.v.placement.cluster_gpus = placed.cluster_gpus;
      p.v.placement.first_gpu.assign(placed.first_gpu.begin() + static_cast<long>(next),
                                     placed.first_gpu.begin() + static_cast<long>(next + n));
      next += n;
      p.v.spine_slowdown =
          spine_slowdown(topology, p.v.placement.first_gpu, p.v.scenario.parallelism.gpus());
      p.v.spec.cluster_gpus = placed.cluster_gpus;
      p.v.spec.first_gpu = p.v.placement.first_gpu.front();
      p.v.spec.spine_slowdown = p.v.spine_slowdown.front();
    }
  }
  ValidScenario b = pools.front().v;
  b.scenario = s;
  b.pools = std::move(pools);
  return b;
}

}  // namespace

ValidScenario validate(const Scenario& s, const Catalog& catalog) {
  if (!s.pools.empty()) return validate_pools(s, catalog);
  ValidScenario b;
  b.scenario = s;
  InstanceSpec& spec = b.spec;
  spec.model = catalog.find_model(s.model);
  if (!spec.model) {
    std::vector<std::string> names;
    for (const auto& m : catalog.models()) names.push_back(m.name);
    fail(s, "model", fmt::format("unknown model \"{}\" (known: {})", s.model, known_names(names)));
  }
  const GpuSpec* catalog_gpu = catalog.find_gpu(s.gpu);
  if (!catalog_gpu) {
    std::vector<std::string> names;
    for (const auto& g : catalog.gpus()) names.push_back(g.name);
    fail(s, "gpu", fmt::format("unknown GPU \"{}\" (known: {})", s.gpu, known_names(names)));
  }
  {
    GpuSpec gpu = *catalog_gpu;
    if (!s.cluster.scale_out_fabric.empty()) {
      const ScaleOutFabric* f = nullptr;
      for (const auto& name : gpu.scale_out_choices) {
        if (lower(name) == lower(s.cluster.scale_out_fabric)) f = catalog.fabrics().find_scale_out(name);
      }
      if (!f) {
        fail(s, "cluster.scale_out_fabric",
             fmt::format("{} is not wired with \"{}\" (its fabrics: {})", gpu.name,
                         s.cluster.scale_out_fabric, known_names(gpu.scale_out_choices)));
      }
      gpu.scale_out = *f;
    }
    apply_hardware_overrides(gpu, s.hardware_overrides);
    b.gpu = std::make_shared<const GpuSpec>(std::move(gpu));
  }
  spec.gpu = b.gpu.get();
  const ModelSpec& m = *spec.model;
  const GpuSpec& g = *spec.gpu;
  const std::string precision = precision_name(s.precision);
  auto q = m.quantization.find(precision);
  if (q == m.quantization.end()) {
    fail(s, "precision", fmt::format("{} has no {} weights in the catalog", m.name, precision));
  }
  spec.weights = q->second;
  for (Precision p : {spec.weights.experts, spec.weights.other}) {
    if (!g.supports(p) || g.peak_flops(p) <= 0) {
      fail(s, "precision", fmt::format("{} weights need {} support, which {} lacks (it runs: {})",
                                       precision, precision_name(p), g.name,
                                       known_names(g.weight_formats)));
    }
  }
  spec.kv_precision = s.kv_cache_dtype;
  spec.numerics = catalog.numerics();
  spec.dispatch_precision =
      spec.weights.experts == Precision::kBf16 ? Precision::kBf16 : Precision::kFp8;
  if (!catalog.has_framework(s.framework)) {
    fail(s, "framework", fmt::format("unknown framework \"{}\" (known: {})", s.framework,
                                     known_names(catalog.framework_names())));
  }
  spec.knobs = catalog.knobs_for(g, s.framework, s.step_model);
  apply_knob_overrides(spec.knobs, s.knob_overrides);
  for (const char* k : {"gemm_flops_efficiency", "attention_flops_efficiency", "hbm_bw_efficiency",
                        "scale_up_efficiency"}) {
    const double v = knob_value(spec.knobs, k);
    if (!(v > 0 && v <= 1)) fail(s, fmt::format("knobs.{}", k), fmt::format("{} is not in (0, 1]", v));
  }

  // Parallelism.
  const Parallelism& p = s.parallelism;
  spec.parallelism = p;
  if (m.attention.num_heads % p.attention_tp() != 0) {
    fail(s, "parallelism.tp", fmt::format("{} does not divide num_attention_heads={}",
                                          p.attention_tp(), m.attention.num_heads));
  }
  if (p.tp % p.ep != 0) {
    fail(s, "parallelism.ep", fmt::format("{} does not divide tp={}", p.ep, p.tp));
  }
  if (!m.is_moe()) {
    if (p.ep > 1) fail(s, "parallelism.ep", fmt::format("{} is a dense model: ep must be 1", m.name));
    if (p.dp_attention) {
      fail(s, "parallelism.dp_attention",
           fmt::format("{} is a dense model: use replicas for data parallelism", m.name));
    }
    if (s.redundant_experts > 0) fail(s, "redundant_experts", "a dense model has no experts");
  } else {
    if ((m.moe.num_experts + s.redundant_experts) % p.ep != 0) {
      fail(s, "parallelism.ep",
           fmt::format("{} does not divide num_experts + redundant_experts = {}", p.ep,
                       m.moe.num_experts + s.redundant_experts));
    }
    if (m.moe.intermediate_size % p.moe_tp() != 0) {
      fail(s, "parallelism.tp", fmt::format("tp/ep = {} does not divide the expert intermediate "
                                            "size {}", p.moe_tp(), m.moe.intermediate_size));
    }
  }
  if (p.gpus() > g.scale_up.domain_size && p.gpus() % g.scale_up.domain_size != 0) {
    fail(s, "parallelism.tp",
         fmt::format("{} GPUs do not fill whole {}-GPU scale-up domains of {}; an instance spans "
                     "part of one domain or a whole number of them", p.gpus(),
                     g.scale_up.domain_size, g.name));
  }
  // Placement of every replica on the cluster and the leaf uplinks they share.
  {
    PlacementRequest req;
    req.instances = s.replicas;
    req.instance_gpus = p.gpus();
    req.domain_size = g.scale_up.domain_size;
    req.cluster_gpus = s.cluster.gpus;
    req.policy = s.cluster.placement;
    b.placement = place_instances(req);
    if (!b.placement.error.empty()) fail(s, "cluster.gpus", b.placement.error);
    const Topology cluster(g, b.placement.cluster_gpus);
    b.spine_slowdown = spine_slowdown(cluster, b.placement.first_gpu, p.gpus());
    spec.cluster_gpus = b.placement.cluster_gpus;
    spec.first_gpu = b.placement.first_gpu.front();
    spec.spine_slowdown = b.spine_slowdown.front();
  }
  spec.redundant_experts = s.redundant_experts;
  spec.collective_model = s.collective_model;
  spec.collective_curves = catalog.collectives().for_gpu(g.name);
  spec.deepep_normal_sms = catalog.collectives().deepep_normal_sms;
  spec.kernel_curves = catalog.kernel_curves().for_gpu(g.name);
  spec.framework = s.framework;
  spec.moe_exchange_mode = s.moe_exchange_mode;
  spec.two_batch_overlap = s.two_batch_overlap;

  // Speculative decoding.
  spec.mtp_draft_tokens = s.mtp_draft_tokens;
  if (s.mtp_draft_tokens > 0) {
    if (m.mtp_layers == 0) {
      fail(s, "mtp_draft_tokens", fmt::format("{} has no MTP module", m.name));
    }
    if (static_cast<int>(m.mtp_acceptance_lengths.size()) < s.mtp_draft_tokens) {
      fail(s, "mtp_draft_tokens",
           fmt::format("the catalog has acceptance data for at most {} draft tokens of {}",
                       m.mtp_acceptance_lengths.size(), m.name));
    }
    // The served traffic accepts a fraction of the published mean accepted drafts.
    std::vector<double> lengths = m.mtp_acceptance_lengths;
    for (double& l : lengths) l = 1 + spec.knobs.mtp_acceptance_fraction * (l - 1);
    b.acceptance = MtpAcceptance::from_mean_lengths(lengths, s.mtp_draft_tokens);
  }

  // Scheduler and memory.
  b.scheduler = s.scheduler;
  if (s.scheduler.output_reserve_min > s.scheduler.output_reserve_init) {
    fail(s, "scheduler.output_reserve_min",
         fmt::format("{} exceeds output_reserve_init = {}", s.scheduler.output_reserve_min,
                     s.scheduler.output_reserve_init));
  }
  const WorkloadSpec& w = s.workload;
  const int longest = w.input.max_value() + w.output.max_value();
  if (m.max_context_tokens > 0 && longest > m.max_context_tokens) {
    fail(s, "workload.input.tokens",
         fmt::format("the longest request ({} prompt + {} output = {} tokens) exceeds {}'s "
                     "context of {} tokens",
                     w.input.max_value(), w.output.max_value(), longest, m.name,
                     m.max_context_tokens));
  }
  if (!s.scheduler.chunked_prefill && s.scheduler.max_batched_tokens < w.input.max_value()) {
    fail(s, "scheduler.max_batched_tokens",
         fmt::format("{} is below the longest prompt ({} tokens) and chunked_prefill is off",
                     s.scheduler.max_batched_tokens, w.input.max_value()));
  }
  b.memory = memory_budget(spec, s.memory_fraction, s.scheduler.max_batched_tokens,
                           s.scheduler.max_running_seqs);
  const MemoryBudget& mb = b.memory;
  const double per_rank_tokens = mb.kv_capacity_tokens / p.attention_dp();
  if (mb.kv_bytes <= 0 || per_rank_tokens < longest + s.scheduler.block_size) {
    const double need = mb.weight_bytes + mb.activation_bytes +
                        (longest + s.scheduler.block_size) * mb.kv_bytes_per_token;
    // The memory fraction is at fault when the whole HBM would hold it, the GPUs otherwise.
    fail(s, need <= mb.hbm_bytes ? "memory_fraction" : "parallelism",
         fmt::format("{} {} on {} x {} does not fit: per GPU it needs {:.1f} GB (weights {:.1f} GB "
                     "+ activations {:.1f} GB + KV for one {}-token request {:.2f} GB) but has "
                     "{:.1f} GB ({:.0f}% of {:.1f} GB); short by {:.1f} GB",
                     m.name, precision, p.gpus(), g.name, need / 1e9, mb.weight_bytes / 1e9,
                     mb.activation_bytes / 1e9, longest,
                     (longest + s.scheduler.block_size) * mb.kv_bytes_per_token / 1e9,
                     mb.usable_bytes / 1e9, s.memory_fraction * 100, mb.hbm_bytes / 1e9,
                     (need - mb.usable_bytes) / 1e9));
  }
  b.scheduler.kv_capacity_blocks =
      static_cast<std::int64_t>(std::floor(mb.kv_capacity_tokens / s.scheduler.block_size));
  return b;
}

int ValidScenario::gpus() const {
  if (pools.empty()) return scenario.parallelism.gpus() * scenario.replicas;
  int n = 0;
  for (const auto& p : pools) n += p.v.gpus();
  return n;
}

InstanceSpec ValidScenario::instance(int i) const {
  InstanceSpec s = spec;
  s.first_gpu = placement.first_gpu.at(static_cast<std::size_t>(i));
  s.spine_slowdown = spine_slowdown.at(static_cast<std::size_t>(i));
  return s;
}

}  // namespace servesim
