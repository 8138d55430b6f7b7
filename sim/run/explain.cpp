// Step breakdowns for `servesim explain`.
#include "sim/run/explain.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "hw/step_model_registry.hpp"
#include "sim/scenario/instance_builder.hpp"

namespace servesim {
namespace {

Json breakdown_json(const StepBreakdown& b, const BatchFeatures& f) {
  Json parts = Json::array();
  for (int i = 0; i < static_cast<int>(StepPart::kCount); ++i) {
    const auto part = static_cast<StepPart>(i);
    const auto& x = b[part];
    if (x.time_s <= 0) continue;
    parts.push_back({{"part", step_part_name(part)},
                     {"time_ms", x.time_s * 1e3},
                     {"share", x.time_s / b.total_s},
                     {"bound", b.bound(part)},
                     {"flops_per_gpu", x.flops},
                     {"bytes_per_gpu", x.bytes}});
  }
  return {{"batch",
           {{"decode_seqs", f.decode_seqs},
            {"tokens_per_decode_seq", f.tokens_per_decode_seq},
            {"decode_context_sum", f.decode_context_sum},
            {"prefill_seqs", f.prefill_seqs},
            {"prefill_tokens", f.prefill_tokens},
            {"draft_passes", f.draft_passes}}},
          {"total_ms", b.total_s * 1e3},
          {"parts", parts}};
}

}  // namespace

Json explain_json(const Scenario& s, const Catalog& catalog) {
  const BuiltInstance built = build_instance(s, catalog);
  const auto step_model = step_model_registry().get(s.step_model, s.source_label).make(built.spec);
  const StepTimeModel& model = *step_model;
  const auto& w = s.workload;
  const double seqs = std::min<double>(
      w.kind == WorkloadSpec::Kind::kClosedLoop ? w.concurrency : s.scheduler.max_running_seqs,
      s.scheduler.max_running_seqs);
  BatchFeatures decode;
  decode.decode_seqs = seqs;
  decode.tokens_per_decode_seq = 1 + s.mtp_draft_tokens;
  decode.decode_context_sum = seqs * (w.input.expected() + w.output.expected() / 2);
  decode.draft_passes = s.mtp_draft_tokens;
  BatchFeatures prefill;
  const double chunk = std::min<double>(w.input.expected(), s.scheduler.max_batched_tokens);
  prefill.prefill_seqs = 1;
  prefill.prefill_tokens = chunk;
  prefill.prefill_context_sum = chunk;
  prefill.prefill_attention_pairs = chunk * (chunk + 1) / 2;

  const StepBreakdown db = model.breakdown(decode);
  const StepBreakdown pb = model.breakdown(prefill);
  const MemoryBudget& m = built.memory;
  const double tokens_per_step = decode.decode_seqs * built.acceptance.expected_tokens_per_step();
  Json j;
  j["scenario"] = s.name;
  j["instance"] = {{"model", built.spec.model->name},
                   {"gpu", built.spec.gpu->name},
                   {"gpus", s.parallelism.gpus()},
                   {"tp", s.parallelism.tp},
                   {"ep", s.parallelism.ep},
                   {"dp_attention", s.parallelism.dp_attention},
                   {"expert_weights", precision_name(built.spec.weights.experts)},
                   {"other_weights", precision_name(built.spec.weights.other)},
                   {"kv_cache", precision_name(built.spec.kv_precision)},
                   {"mtp_draft_tokens", s.mtp_draft_tokens},
                   {"mtp_tokens_per_step", built.acceptance.expected_tokens_per_step()}};
  j["memory_per_gpu"] = {{"hbm_gb", m.hbm_bytes / 1e9},
                         {"usable_gb", m.usable_bytes / 1e9},
                         {"weights_gb", m.weight_bytes / 1e9},
                         {"activations_gb", m.activation_bytes / 1e9},
                         {"kv_gb", m.kv_bytes / 1e9},
                         {"kv_bytes_per_token", m.kv_bytes_per_token},
                         {"kv_capacity_tokens_instance", m.kv_capacity_tokens}};
  j["decode_step"] = breakdown_json(db, decode);
  j["decode_step"]["tok_s_per_user"] = built.acceptance.expected_tokens_per_step() / db.total_s;
  j["decode_step"]["output_tok_s_per_gpu"] = tokens_per_step / db.total_s / s.parallelism.gpus();
  j["prefill_step"] = breakdown_json(pb, prefill);
  j["prefill_step"]["input_tok_s_per_gpu"] = chunk / pb.total_s / s.parallelism.gpus();
  const Knobs& k = built.spec.knobs;
  Json knobs;
  for (const auto& name : knob_names()) knobs[name] = knob_value(k, name);
  j["knobs"] = knobs;
  return j;
}

std::string explain_text(const Json& j) {
  std::string out;
  const auto& inst = j["instance"];
  out += fmt::format("{} on {} x {}: TP{} EP{}{}, experts {}, other weights {}, KV {}\n",
                     inst["model"].get<std::string>(), inst["gpus"].get<int>(),
                     inst["gpu"].get<std::string>(), inst["tp"].get<int>(), inst["ep"].get<int>(),
                     inst["dp_attention"].get<bool>() ? " DP-attention" : "",
                     inst["expert_weights"].get<std::string>(),
                     inst["other_weights"].get<std::string>(), inst["kv_cache"].get<std::string>());
  const auto& m = j["memory_per_gpu"];
  out += fmt::format("memory per GPU: {:.1f} GB usable of {:.1f}; weights {:.1f} GB, activations "
                     "{:.1f} GB, KV {:.1f} GB ({:.0f} B/token) -> {:.0f} tokens per instance\n",
                     m["usable_gb"].get<double>(), m["hbm_gb"].get<double>(),
                     m["weights_gb"].get<double>(), m["activations_gb"].get<double>(),
                     m["kv_gb"].get<double>(), m["kv_bytes_per_token"].get<double>(),
                     m["kv_capacity_tokens_instance"].get<double>());
  for (const char* step : {"decode_step", "prefill_step"}) {
    const auto& s = j[step];
    const auto& b = s["batch"];
    if (std::string(step) == "decode_step") {
      out += fmt::format("\ndecode step: {} sequences x {} tokens, mean context {:.0f}: {:.3f} ms "
                         "-> {:.1f} tok/s/user, {:.1f} output tok/s/GPU\n",
                         b["decode_seqs"].get<double>(), b["tokens_per_decode_seq"].get<double>(),
                         b["decode_context_sum"].get<double>() /
                             std::max(1.0, b["decode_seqs"].get<double>()),
                         s["total_ms"].get<double>(), s["tok_s_per_user"].get<double>(),
                         s["output_tok_s_per_gpu"].get<double>());
    } else {
      out += fmt::format("\nprefill step: one {:.0f}-token prompt: {:.3f} ms -> {:.0f} input "
                         "tok/s/GPU\n",
                         b["prefill_tokens"].get<double>(), s["total_ms"].get<double>(),
                         s["input_tok_s_per_gpu"].get<double>());
    }
    out += fmt::format("  {:<24} {:>10} {:>7}  {:<8} {:>12} {:>12}\n", "part", "ms", "share",
                       "bound", "GFLOP/GPU", "MB/GPU");
    for (const auto& p : s["parts"]) {
      out += fmt::format("  {:<24} {:>10.4f} {:>6.1f}%  {:<8} {:>12.2f} {:>12.2f}\n",
                         p["part"].get<std::string>(), p["time_ms"].get<double>(),
                         100 * p["share"].get<double>(), p["bound"].get<std::string>(),
                         p["flops_per_gpu"].get<double>() / 1e9,
                         p["bytes_per_gpu"].get<double>() / 1e6);
    }
  }
  return out;
}

}  // namespace servesim
