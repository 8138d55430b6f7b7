// The scenario field tables. Defaults are the struct initialisers unless a row says otherwise.
#include "sim/scenario/scenario_fields.hpp"

#include <algorithm>

#include "hw/catalog.hpp"
#include "hw/collective_model_registry.hpp"
#include "hw/hardware_overrides.hpp"
#include "workloads/arrival_registry.hpp"
#include "hw/step_model_registry.hpp"
#include "sched/router_registry.hpp"
#include "sched/scheduler_registry.hpp"
#include "sim/core/text.hpp"

namespace servesim {
namespace {

using LKind = LengthDistribution::Kind;

const std::vector<std::pair<std::string, Precision>> kWeightPrecisions = {
    {"bf16", Precision::kBf16},
    {"fp8", Precision::kFp8},
    {"nvfp4", Precision::kNvfp4},
    {"mxfp4", Precision::kMxfp4}};
const std::vector<std::pair<std::string, Precision>> kKvPrecisions = {{"bf16", Precision::kBf16},
                                                                      {"fp8", Precision::kFp8}};

bool closed_loop(const WorkloadSpec& w) { return w.closed_loop(); }

}  // namespace

const FieldTable<Scenario>& scenario_fields() {
  using S = Scenario;
  static const FieldTable<S> t = [] {
    FieldTable<S> v;
    v.push_back(member_field("name", &S::name, "", "label of the run in outputs"));
    v.push_back(column(
        required(member_field("model", &S::model, "", "model name or alias in the catalog"))));
    v.push_back(
        column(required(member_field("gpu", &S::gpu, "", "GPU name or alias in the catalog"))));
    v.push_back(column(enum_field("precision", &S::precision, kWeightPrecisions,
                                  "weight precision (the model's catalog quantization)")));
    v.push_back(column(enum_field("kv_cache_dtype", &S::kv_cache_dtype, kKvPrecisions,
                                  "KV cache storage precision")));
    v.push_back(column(member_field("framework", &S::framework, "",
                                    "knob profile (knobs.json by_framework key); \"\" = generic")));
    v.push_back(column(at_least(
        member_field("replicas", &S::replicas, "", "identical instances behind the router"), 1)));
    v.push_back(
        one_of(member_field("router", &S::router, "", "how requests are spread over the replicas"),
               router_registry().names()));
    v.push_back(one_of(member_field("decode_router", &S::decode_router, "",
                                    "disaggregated pools: how prefilled requests are spread over "
                                    "the decode workers"),
                       router_registry().names()));
    v.push_back(member_field("layerwise_kv_transfer", &S::layerwise_kv_transfer, "",
                             "disaggregated pools: stream the KV cache layer by layer during the "
                             "last prefill step instead of after it"));
    v.push_back(one_of(member_field("step_model", &S::step_model, "",
                                    "how an iteration's time follows from its batch"),
                       step_model_registry().names()));
    v.push_back(column(one_of(member_field("collective_model", &S::collective_model, "",
                                           "how collectives over the instance's links are timed"),
                              collective_model_registry().names())));
    v.push_back(column(enum_field("moe_exchange_mode", &S::moe_exchange_mode,
                                  {{"auto", MoeExchangeMode::kAuto},
                                   {"low_latency", MoeExchangeMode::kLowLatency},
                                   {"high_throughput", MoeExchangeMode::kHighThroughput}},
                                  "DeepEP mode of MoE dispatch/combine: auto = low-latency "
                                  "kernels for decode-only steps, high-throughput when prefilling")));
    v.push_back(column(member_field("two_batch_overlap", &S::two_batch_overlap, "",
                                    "overlap one micro-batch's MoE dispatch/combine with the "
                                    "other's compute (attention-DP with EP > 1)")));
    v.push_back(as_fraction(member_field("memory_fraction", &S::memory_fraction, "",
                                         "share of each GPU's HBM for weights, activations and KV"),
                            false));
    v.push_back(
        column(at_least(member_field("mtp_draft_tokens", &S::mtp_draft_tokens, "tokens",
                                     "MTP draft tokens per step (0 = no speculative decoding)"),
                        0)));
    v.push_back(column(at_least(member_field("redundant_experts", &S::redundant_experts, "",
                                             "redundant expert replicas (EPLB)"),
                                0)));
    // Not a table column: the sweep tables write it last, as uint64.
    v.push_back(at_least(member_field("seed", &S::seed, "", "random seed of every stream"), 0));
    return v;
  }();
  return t;
}

const FieldTable<Parallelism>& parallelism_fields() {
  using P = Parallelism;
  static const FieldTable<P> t = {
      column(at_least(
          member_field("tp", &P::tp, "GPUs", "GPUs per instance (tensor-parallel degree)"), 1)),
      column(at_least(member_field("ep", &P::ep, "", "expert-parallel degree (divides tp)"), 1)),
      column(member_field("dp_attention", &P::dp_attention, "",
                          "attention data-parallel over the instance's GPUs (DEP)")),
  };
  return t;
}

const FieldTable<SchedulerConfig>& scheduler_fields() {
  using C = SchedulerConfig;
  static const FieldTable<C> t = {
      one_of(member_field("policy", &C::policy, "", "the batch scheduler"),
             scheduler_registry().names()),
      column(at_least(member_field("max_running_seqs", &C::max_running_seqs, "sequences",
                                   "cap on sequences in the running set per instance"),
                      1)),
      column(at_least(member_field("max_batched_tokens", &C::max_batched_tokens, "tokens",
                                   "token budget per iteration (decode + prefill chunk tokens)"),
                      1)),
      member_field("chunked_prefill", &C::chunked_prefill, "",
                   "split long prompts into chunks that fit the token budget"),
      member_field(
          "mix_prefill_with_decode", &C::mix_prefill_with_decode, "",
          "prefill chunks share iterations with decodes (false: prefill batches run alone)"),
      at_least(member_field("block_size", &C::block_size, "tokens", "tokens per KV block"), 1),
      as_fraction(member_field("output_reserve_init", &C::output_reserve_init, "",
                               "admission reserve ratio of outstanding output tokens at the start"),
                  true),
      as_fraction(member_field("output_reserve_min", &C::output_reserve_min, "",
                               "admission reserve ratio after decay (<= output_reserve_init)"),
                  true),
      at_least(member_field("output_reserve_decay_steps", &C::output_reserve_decay_steps,
                            "iterations", "decode iterations over which the reserve ratio decays"),
               1),
      at_least(member_field("output_reserve_clip_tokens", &C::output_reserve_clip_tokens, "tokens",
                            "per-request cap on output tokens counted for the reserve (0 = none)"),
               0),
  };
  return t;
}

const FieldTable<WorkloadSpec>& workload_fields() {
  using W = WorkloadSpec;
  static const FieldTable<W> t = [] {
    FieldTable<W> v;
    v.push_back(column(one_of(member_field("type", &W::type, "",
                                           "arrival process: a closed loop of clients or "
                                           "open-loop Poisson arrivals"),
                              arrival_registry().names()),
                       "workload_type"));
    auto concurrency = column(required(at_least(
        member_field("concurrency", &W::concurrency, "clients",
                     "closed-loop clients, each sending its next request when its last finishes"),
        1)));
    concurrency.applies = closed_loop;
    concurrency.applies_doc = "type = \"closed_loop\"";
    v.push_back(concurrency);
    // At least one request per ~12 days: slower arrivals would schedule beyond the simulated
    // clock's range (int64 nanoseconds, 292 years) within a run's measured requests.
    auto rate = column(required(at_least(
        member_field("rate_per_s", &W::rate_per_s, "1/s",
                     "mean Poisson arrivals per second (>= 1e-6)"),
        1e-6)));
    rate.applies = [](const W& w) { return !closed_loop(w); };
    rate.applies_doc = "type = \"poisson\"";
    v.push_back(rate);
    auto measured = column(at_least(member_field("measured_requests", &W::measured_requests,
                                                 "requests", "requests whose metrics are reported"),
                                    1),
                           "requests_measured_configured");
    measured.required = [](const W& w) { return !closed_loop(w); };
    measured.fill_default = [](W& w) {
      if (closed_loop(w)) w.measured_requests = W::kMeasuredRequestsPerClient * w.concurrency;
    };
    measured.default_doc = "closed loop: 10 x concurrency; poisson: required";
    v.push_back(measured);
    auto warmup = column(at_least(member_field("warmup_requests", &W::warmup_requests, "requests",
                                               "requests sent first and excluded from metrics"),
                                  0));
    warmup.fill_default = [](W& w) {
      w.warmup_requests = closed_loop(w) ? W::kWarmupRequestsPerClient * w.concurrency : 0;
    };
    warmup.default_doc = "closed loop: 2 x concurrency; poisson: 0";
    v.push_back(warmup);
    auto drain = member_field(
        "drain_warmup", &W::drain_warmup, "",
        "closed loop: the warm-up drains and every client then sends its first measured request "
        "at once (the benchmark_serving convention InferenceX measures, whose burst is in its "
        "TTFT); false: clients go straight on, so the measured phase is a steady state");
    drain.applies = [](const W& w) { return closed_loop(w); };
    drain.applies_doc = "type = \"closed_loop\"";
    v.push_back(drain);
    return v;
  }();
  return t;
}

const FieldTable<LengthDistribution>& length_fields() {
  using L = LengthDistribution;
  static const FieldTable<L> t = [] {
    FieldTable<L> v;
    auto kind = enum_field("distribution", &L::kind,
                           {{"fixed", LKind::kFixed},
                            {"uniform", LKind::kUniform},
                            {"lognormal", LKind::kLognormal},
                            {"empirical", LKind::kEmpirical}},
                           "shape of the length distribution");
    kind.fill_default = [](L& d) { d.kind = LKind::kUniform; };
    kind.default_doc = "\"uniform\"";
    v.push_back(kind);
    auto tokens = required(
        at_least(member_field("tokens", &L::mean, "tokens",
                              "fixed: the length; uniform: the upper end; lognormal: the mean"),
                 1));
    tokens.applies = [](const L& d) { return d.kind != LKind::kEmpirical; };
    tokens.applies_doc = "distribution is not \"empirical\"";
    v.push_back(tokens);
    auto ratio = as_fraction(member_field("min_ratio", &L::min_ratio, "",
                                          "lower end as a share of tokens (InferenceX 0.8)"),
                             false);
    ratio.applies = [](const L& d) { return d.kind == LKind::kUniform; };
    ratio.applies_doc = "distribution = \"uniform\"";
    v.push_back(ratio);
    // Wider than 3, the mean sits in a tail a run never samples (sigma 50 gives ~1-token
    // requests for a 1024-token mean), so the lengths would not be the ones asked for.
    auto sigma = above(member_field("sigma", &L::sigma, "", "log-space standard deviation (<= 3)"), 0);
    sigma.max = 3;
    sigma.applies = [](const L& d) { return d.kind == LKind::kLognormal; };
    sigma.applies_doc = "distribution = \"lognormal\"";
    v.push_back(sigma);
    auto max = at_least(member_field("max_tokens", &L::max, "tokens", "upper clamp of samples"), 1);
    max.applies = sigma.applies;
    max.applies_doc = sigma.applies_doc;
    max.fill_default = [](L& d) {
      if (d.kind == LKind::kLognormal) d.max = 4 * d.mean;
    };
    max.default_doc = "4 x tokens";
    v.push_back(max);
    auto values = required(at_least(
        member_field("values", &L::values, "tokens", "lengths, each drawn with equal probability"),
        1));
    values.applies = [](const L& d) { return d.kind == LKind::kEmpirical; };
    values.applies_doc = "distribution = \"empirical\"";
    v.push_back(values);
    return v;
  }();
  return t;
}

const FieldTable<ClusterConfig>& cluster_fields() {
  using C = ClusterConfig;
  static const FieldTable<C> t = {
      column(member_field("scale_out_fabric", &C::scale_out_fabric, "",
                          "scale-out fabric (fabrics.json; `servesim list fabrics`); \"\" = the "
                          "GPU's default")),
      column(at_least(member_field("gpus", &C::gpus, "GPUs",
                                   "GPUs in the cluster, whole scale-up domains (0 = as many as "
                                   "the replicas need)"),
                      0),
             "cluster_gpus"),
      column(enum_field("placement", &C::placement,
                        {{"pack", PlacementPolicy::kPack}, {"spread", PlacementPolicy::kSpread}},
                        "pack: fill a scale-up domain before opening the next; spread: "
                        "round-robin over the cluster's domains")),
  };
  return t;
}

const FieldTable<PoolConfig>& pool_fields() {
  using P = PoolConfig;
  static const FieldTable<P> t = {
      enum_field("role", &P::role,
                 {{"aggregated", PoolRole::kAggregated},
                  {"prefill", PoolRole::kPrefill},
                  {"decode", PoolRole::kDecode}},
                 "aggregated: whole requests; prefill: prompts, then the KV cache moves to a "
                 "decode worker; decode: requests whose KV arrived (default: the pool's name when "
                 "it is a role)"),
      at_least(member_field("workers", &P::workers, "", "instances in the pool"), 1),
  };
  return t;
}

const std::vector<std::string>& pool_setting_keys() {
  static const std::vector<std::string> keys = {
      "gpu",           "framework",        "precision",          "kv_cache_dtype",
      "parallelism",   "scheduler",        "memory_fraction",    "mtp_draft_tokens",
      "redundant_experts", "two_batch_overlap", "moe_exchange_mode", "step_model",
      "collective_model",  "knobs"};
  return keys;
}

const FieldTable<Scenario>& slo_fields() {
  using S = Scenario;
  static const FieldTable<S> t = {
      at_least(member_field("ttft_s", &S::slo_ttft_s, "s",
                            "time-to-first-token limit of a good request (0 = none)"),
               0),
      at_least(member_field("tpot_ms", &S::slo_tpot_ms, "ms",
                            "time-per-output-token limit of a good request (0 = none)"),
               0),
  };
  return t;
}

std::vector<ScenarioObjectDoc> scenario_object_docs() {
  return {
      {"", "the document root; `model`, `gpu`, `parallelism` and `workload` are required",
       field_docs(scenario_fields())},
      {"parallelism", "how one instance spreads over its GPUs (required, may be empty)",
       field_docs(parallelism_fields())},
      {"scheduler", "continuous batching limits and the admission reserve (optional)",
       field_docs(scheduler_fields())},
      {"workload", "where requests come from (required)", field_docs(workload_fields())},
      {"workload.input", "prompt lengths (required)", field_docs(length_fields())},
      {"workload.output", "output lengths (required; same fields as workload.input)",
       field_docs(length_fields())},
      {"cluster", "the cluster the replicas are placed on (optional)",
       field_docs(cluster_fields())},
      {"slo", "latency objectives for goodput (optional)", field_docs(slo_fields())},
      {"pools.<name>",
       "one pool of a cluster (optional; object keyed by pool name). Besides these, a pool may "
       "set gpu, framework, precision, kv_cache_dtype, parallelism, scheduler, memory_fraction, "
       "mtp_draft_tokens, redundant_experts, two_batch_overlap, moe_exchange_mode, step_model, "
       "collective_model and knobs for its workers; the top-level values are its defaults. "
       "Either aggregated pools, or prefill and decode pools",
       field_docs(pool_fields())},
  };
}

const std::vector<RenamedField>& renamed_scenario_fields() {
  static const std::vector<RenamedField> r = {
      {"parallelism.replicas", "use \"replicas\" at the top level"},
      {"parallelism.router", "use \"router\" at the top level"},
      {"scheduler.memory_fraction", "use \"memory_fraction\" at the top level"},
      {"workload.requests", "use \"workload.measured_requests\""},
  };
  return r;
}

std::string scenario_path_problem(const std::string& path) {
  for (const auto& r : renamed_scenario_fields()) {
    if (r.old_path == path) return "renamed: " + r.advice;
  }
  if (path == "knobs" || path == "slo" || path == "scheduler" || path == "overrides" ||
      path == "overrides.gpu" || path == "overrides.fabric") {
    return "";
  }
  if (path.starts_with("overrides.")) {
    return find_hardware_override(strip_prefix(path, "overrides."))
               ? ""
               : "not a hardware override (docs/scenario-reference.md lists them)";
  }
  if (path.starts_with("knobs.")) {
    const std::string knob = strip_prefix(path, "knobs.");
    for (const auto& k : knob_names()) {
      if (k == knob) return "";
    }
    return "not a knob (docs/scenario-reference.md lists them)";
  }
  if (path == "pools") return "";
  if (path.starts_with("pools.")) {
    // pools.<name>[.<pool field or pool setting path>]
    const std::string rest = strip_prefix(path, "pools.");
    const auto dot = rest.find('.');
    if (dot == std::string::npos) return "";
    const std::string inner = rest.substr(dot + 1);
    for (const auto& f : pool_fields()) {
      if (f.key == inner) return "";
    }
    const std::string head = inner.substr(0, inner.find('.'));
    const auto& keys = pool_setting_keys();
    if (std::find(keys.begin(), keys.end(), head) == keys.end()) {
      return "not a pool field (a pool sets role, workers and its workers' instance fields)";
    }
    return scenario_path_problem(inner);
  }
  for (const auto& o : scenario_object_docs()) {
    if (o.path == path) return "";
    for (const auto& f : o.fields) {
      if ((o.path.empty() ? f.spec.key : o.path + "." + f.spec.key) == path) return "";
    }
  }
  return "not a scenario field (docs/scenario-reference.md lists them)";
}

}  // namespace servesim
