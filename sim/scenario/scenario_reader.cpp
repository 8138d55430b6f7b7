// Strict scenario parsing: every key known, every value typed and in range.
#include "sim/scenario/scenario_reader.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "hw/catalog.hpp"
#include "sim/core/error.hpp"
#include "sim/core/text_file.hpp"
#include "sim/scenario/scenario_json.hpp"

namespace servesim {
namespace {

LengthDistribution read_lengths(ObjectReader r) {
  LengthDistribution d;
  const std::string kind =
      r.choice_or("distribution", "uniform", {"fixed", "uniform", "lognormal", "empirical"});
  if (kind == "empirical") {
    d.kind = LengthDistribution::Kind::kEmpirical;
    const Json& v = r.raw("values");
    if (!v.is_array() || v.empty()) r.fail("values", "expected a non-empty array of token counts");
    for (std::size_t i = 0; i < v.size(); ++i) {
      if (!v[i].is_number_integer() || v[i].get<std::int64_t>() < 1) {
        r.fail(fmt::format("values[{}]", i), fmt::format("expected a positive integer, got {}",
                                                          describe_json(v[i])));
      }
      d.values.push_back(v[i].get<int>());
    }
    d.mean = static_cast<int>(d.expected());
  } else {
    d.mean = static_cast<int>(r.integer("tokens", 1));
    if (kind == "fixed") d.kind = LengthDistribution::Kind::kFixed;
    if (kind == "uniform") {
      d.kind = LengthDistribution::Kind::kUniform;
      d.min_ratio = r.fraction_or("min_ratio", 0.8, false);
    }
    if (kind == "lognormal") {
      d.kind = LengthDistribution::Kind::kLognormal;
      d.sigma = r.positive_number_or("sigma", 0.5);
      d.max = static_cast<int>(r.integer_or("max_tokens", 4 * d.mean, 1));
    }
  }
  r.finish();
  return d;
}

WorkloadSpec read_workload(ObjectReader r) {
  WorkloadSpec w;
  const std::string type = r.choice_or("type", "closed_loop", {"closed_loop", "poisson"});
  if (type == "closed_loop") {
    w.kind = WorkloadSpec::Kind::kClosedLoop;
    w.concurrency = static_cast<int>(r.integer("concurrency", 1));
    w.measured_requests = static_cast<int>(r.integer_or("requests", 10LL * w.concurrency, 1));
    w.warmup_requests = static_cast<int>(r.integer_or("warmup_requests", 2LL * w.concurrency, 0));
  } else {
    w.kind = WorkloadSpec::Kind::kPoisson;
    w.rate_per_s = r.positive_number("rate_per_s");
    w.measured_requests = static_cast<int>(r.integer("requests", 1));
    w.warmup_requests = static_cast<int>(r.integer_or("warmup_requests", 0, 0));
  }
  w.input = read_lengths(r.object("input"));
  w.output = read_lengths(r.object("output"));
  r.finish();
  return w;
}

}  // namespace

Scenario read_scenario_json(const Json& j, const std::string& label, const std::string& path) {
  ObjectReader r(j, label, path);
  Scenario s;
  s.source_label = label;
  s.name = r.string_or("name", s.name);
  r.ignore({"description", "notes", "_about"});
  s.model = r.string("model");
  s.gpu = r.string("gpu");
  s.precision = r.choice_or("precision", "fp8", {"bf16", "fp8", "nvfp4", "mxfp4"});
  s.kv_cache_dtype = r.choice_or("kv_cache_dtype", "fp8", {"bf16", "fp8"});
  s.framework = r.string_or("framework", "");
  {
    ObjectReader p = r.object("parallelism");
    s.parallelism.tp = static_cast<int>(p.integer_or("tp", 1, 1));
    s.parallelism.ep = static_cast<int>(p.integer_or("ep", 1, 1));
    s.parallelism.dp_attention = p.boolean_or("dp_attention", false);
    s.replicas = static_cast<int>(p.integer_or("replicas", 1, 1));
    s.router = p.choice_or("router", "least_loaded", {"least_loaded", "round_robin"});
    p.finish();
  }
  s.mtp_draft_tokens = static_cast<int>(r.integer_or("mtp_draft_tokens", 0, 0));
  s.redundant_experts = static_cast<int>(r.integer_or("redundant_experts", 0, 0));
  if (r.has("scheduler")) {
    ObjectReader c = r.object("scheduler");
    auto& sc = s.scheduler;
    sc.max_running_seqs = static_cast<int>(c.integer_or("max_running_seqs", sc.max_running_seqs, 1));
    sc.max_batched_tokens =
        static_cast<int>(c.integer_or("max_batched_tokens", sc.max_batched_tokens, 1));
    sc.chunked_prefill = c.boolean_or("chunked_prefill", sc.chunked_prefill);
    sc.mix_prefill_with_decode =
        c.boolean_or("mix_prefill_with_decode", sc.mix_prefill_with_decode);
    sc.block_size = static_cast<int>(c.integer_or("block_size", sc.block_size, 1));
    sc.output_reserve_init = c.fraction_or("output_reserve_init", sc.output_reserve_init);
    sc.output_reserve_min = c.fraction_or("output_reserve_min", sc.output_reserve_min);
    sc.output_reserve_decay_steps = static_cast<int>(
        c.integer_or("output_reserve_decay_steps", sc.output_reserve_decay_steps, 1));
    sc.output_reserve_clip_tokens = static_cast<int>(
        c.integer_or("output_reserve_clip_tokens", sc.output_reserve_clip_tokens, 0));
    if (sc.output_reserve_min > sc.output_reserve_init) {
      c.fail("output_reserve_min", "exceeds output_reserve_init");
    }
    s.memory_fraction = c.fraction_or("memory_fraction", s.memory_fraction, false);
    c.finish();
  } else {
    r.ignore({"scheduler"});
  }
  s.workload = read_workload(r.object("workload"));
  if (r.has("knobs")) {
    ObjectReader k = r.object("knobs");
    for (const auto& [name, value] : r.raw("knobs").items()) {
      if (std::find(knob_names().begin(), knob_names().end(), name) == knob_names().end()) {
        k.fail(name, fmt::format("unknown knob (expected one of: {})", fmt::join(knob_names(), ", ")));
      }
      s.knob_overrides[name] = k.positive_number_or(name, 0, true);
    }
    k.finish();
  } else {
    r.ignore({"knobs"});
  }
  if (r.has("slo")) {
    ObjectReader o = r.object("slo");
    s.slo_ttft_s = o.positive_number_or("ttft_s", 0, true);
    s.slo_tpot_ms = o.positive_number_or("tpot_ms", 0, true);
    o.finish();
  } else {
    r.ignore({"slo"});
  }
  s.seed = static_cast<std::uint64_t>(r.integer_or("seed", 1, 0));
  r.finish();
  return s;
}

Scenario read_scenario_text(const std::string& text, const std::string& label) {
  return read_scenario_json(parse_json_text(text, label), label, "");
}

Scenario read_scenario_file(const std::string& path) {
  return read_scenario_text(read_text_file(path), path);
}

namespace {

Json lengths_to_json(const LengthDistribution& d) {
  switch (d.kind) {
    case LengthDistribution::Kind::kFixed: return {{"distribution", "fixed"}, {"tokens", d.mean}};
    case LengthDistribution::Kind::kUniform:
      return {{"distribution", "uniform"}, {"tokens", d.mean}, {"min_ratio", d.min_ratio}};
    case LengthDistribution::Kind::kLognormal:
      return {{"distribution", "lognormal"}, {"tokens", d.mean}, {"sigma", d.sigma},
              {"max_tokens", d.max}};
    case LengthDistribution::Kind::kEmpirical:
      return {{"distribution", "empirical"}, {"values", d.values}};
  }
  return {};
}

}  // namespace

Json scenario_to_json(const Scenario& s) {
  Json j;
  j["name"] = s.name;
  j["model"] = s.model;
  j["gpu"] = s.gpu;
  j["precision"] = s.precision;
  j["kv_cache_dtype"] = s.kv_cache_dtype;
  if (!s.framework.empty()) j["framework"] = s.framework;
  j["parallelism"] = {{"tp", s.parallelism.tp},
                      {"ep", s.parallelism.ep},
                      {"dp_attention", s.parallelism.dp_attention},
                      {"replicas", s.replicas},
                      {"router", s.router}};
  j["mtp_draft_tokens"] = s.mtp_draft_tokens;
  j["redundant_experts"] = s.redundant_experts;
  j["scheduler"] = {{"max_running_seqs", s.scheduler.max_running_seqs},
                    {"max_batched_tokens", s.scheduler.max_batched_tokens},
                    {"chunked_prefill", s.scheduler.chunked_prefill},
                    {"mix_prefill_with_decode", s.scheduler.mix_prefill_with_decode},
                    {"block_size", s.scheduler.block_size},
                    {"output_reserve_init", s.scheduler.output_reserve_init},
                    {"output_reserve_min", s.scheduler.output_reserve_min},
                    {"output_reserve_decay_steps", s.scheduler.output_reserve_decay_steps},
                    {"output_reserve_clip_tokens", s.scheduler.output_reserve_clip_tokens},
                    {"memory_fraction", s.memory_fraction}};
  Json w;
  if (s.workload.kind == WorkloadSpec::Kind::kClosedLoop) {
    w["type"] = "closed_loop";
    w["concurrency"] = s.workload.concurrency;
  } else {
    w["type"] = "poisson";
    w["rate_per_s"] = s.workload.rate_per_s;
  }
  w["requests"] = s.workload.measured_requests;
  w["warmup_requests"] = s.workload.warmup_requests;
  w["input"] = lengths_to_json(s.workload.input);
  w["output"] = lengths_to_json(s.workload.output);
  j["workload"] = w;
  if (!s.knob_overrides.empty()) j["knobs"] = s.knob_overrides;
  if (s.slo_ttft_s > 0 || s.slo_tpot_ms > 0) {
    j["slo"] = {{"ttft_s", s.slo_ttft_s}, {"tpot_ms", s.slo_tpot_ms}};
  }
  j["seed"] = s.seed;
  return j;
}

}  // namespace servesim
