// Roofline step time: formulas per operator, constants from the instance spec and knobs.
#include "hw/roofline_step_model.hpp"

#include <algorithm>
#include <cmath>

#include "hw/collective_model_registry.hpp"
#include "hw/topology.hpp"
#include "hw/weight_layout.hpp"
#include "sim/core/error.hpp"

namespace servesim {

/// Token counts of one step as one GPU's attention sees them.
struct RooflineStepModel::Tokens {
  double all = 0;             // tokens of the whole instance this step
  double attn = 0;            // tokens whose attention runs on this GPU
  double decode_q = 0;        // decode query tokens on this GPU
  double decode_ctx = 0;      // decode context tokens on this GPU
  double decode_seqs = 0;     // decode sequences on this GPU
  double q_per_seq = 1;       // query tokens per decode sequence
  double prefill = 0;         // prefill tokens on this GPU
  double prefill_ctx = 0;     // prefix + chunk tokens attended by prefill on this GPU
  double prefill_pairs = 0;   // causal query-key pairs on this GPU
  double logits = 0;          // tokens needing logits on this GPU
  ExchangeMode mode = ExchangeMode::kLowLatency;  // of the step's MoE dispatch and combine
};

namespace {

/// The kernel-curve family of a GEMM with weights in `p` ("gemm.fp8_block" for the block-scaled
/// FP8 checkpoints of MoE models such as DeepSeek, per-tensor "gemm.fp8" otherwise).
std::string gemm_family(Precision p, bool block_scaled_fp8) {
  switch (p) {
    case Precision::kBf16: return "gemm.bf16";
    case Precision::kFp8: return block_scaled_fp8 ? "gemm.fp8_block" : "gemm.fp8";
    case Precision::kNvfp4: return "gemm.nvfp4";
    case Precision::kMxfp4: return "";
  }
  return "";
}

std::string moe_family(Precision p) {
  switch (p) {
    case Precision::kFp8: return "moe.fp8_block";
    case Precision::kNvfp4: return "moe.nvfp4";
    default: return "";
  }
}

}  // namespace

RooflineStepModel::RooflineStepModel(const InstanceSpec& spec, bool kernel_curves)
    : spec_(spec) {
  SERVESIM_CHECK(spec.model != nullptr && spec.gpu != nullptr);
  const ModelSpec& m = *spec.model;
  const GpuSpec& g = *spec.gpu;
  const Knobs& k = spec.knobs;
  const Parallelism& p = spec.parallelism;
  const auto& a = m.attention;
  const double atp = p.attention_tp();

  other_flops_ = g.peak_flops(spec.weights.other) * k.gemm_flops_efficiency;
  expert_flops_ = g.peak_flops(spec.weights.experts) * k.gemm_flops_efficiency;
  const Precision ffn_precision = m.is_moe() ? spec.weights.other : spec.weights.experts;
  dense_ffn_flops_ = g.peak_flops(ffn_precision) * k.gemm_flops_efficiency;
  attention_flops_ =
      g.peak_flops(spec.numerics.attention_precision) * k.attention_flops_efficiency;
  SERVESIM_CHECK(other_flops_ > 0 && expert_flops_ > 0 && attention_flops_ > 0,
                 "GPU lacks a tensor-core path for the chosen precision");
  hbm_bw_ = g.hbm_bw_bytes_per_s * k.hbm_bw_efficiency;
  raw_hbm_bw_ = g.hbm_bw_bytes_per_s;
  if (kernel_curves && spec.kernel_curves) {
    const GpuKernelCurves& kc = *spec.kernel_curves;
    const bool block = m.is_moe();
    auto kernel = [&](const std::string& family, Precision precision) {
      Kernel out;
      if (family.empty()) return out;
      out.curve = kc.find(family);
      out.peak = g.peak_flops(precision);
      if (out.peak <= 0) out.curve = nullptr;
      return out;
    };
    const Precision ffn = m.is_moe() ? spec.weights.other : spec.weights.experts;
    other_k_ = kernel(gemm_family(spec.weights.other, block), spec.weights.other);
    shared_k_ = kernel(gemm_family(spec.weights.experts, block), spec.weights.experts);
    dense_ffn_k_ = kernel(gemm_family(ffn, block), ffn);
    router_k_ = kernel("gemm.bf16", Precision::kBf16);
    moe_k_ = kernel(moe_family(spec.weights.experts), spec.weights.experts);
    if (m.attention.type == AttentionType::kMla && spec.kv_precision == Precision::kFp8) {
      mla_ctx_k_ = kernel("mla_ctx.fp8_kv", Precision::kBf16);
      mla_gen_k_ = kernel("mla_gen.fp8_kv", Precision::kBf16);
    }
  }
  other_bpe_ = bytes_per_element(spec.weights.other);
  expert_bpe_ = bytes_per_element(spec.weights.experts);
  dense_ffn_bpe_ = bytes_per_element(ffn_precision);
  kv_bpe_ = kv_bytes_per_element(spec.kv_precision);
  dispatch_bpe_ = bytes_per_element(spec.dispatch_precision);

  // The weights each operator streams: this GPU's share, as the memory budget counts it.
  const WeightLayout w = weight_layout(spec);
  attn_proj_params_ = w.attention_projections;
  attn_bias_params_ = w.attention_bias;
  kv_up_params_ = w.attention_kv_up;
  dense_ffn_params_ = w.dense_ffn;
  shared_params_ = w.shared_experts;
  expert_params_ = w.routed_expert;
  router_params_ = w.router;
  lm_head_params_ = w.lm_head;
  mtp_proj_params_ = w.mtp_proj;

  heads_per_gpu_ = a.num_heads / atp;
  if (a.type == AttentionType::kMla) {
    const double qk_head = a.qk_nope_head_dim + a.qk_rope_head_dim;
    // The K/V up-projection costs the same per token either way: decode runs absorbed (each
    // query head mapped into the latent, nope x kv_lora, and its output back, kv_lora x v) per
    // query token; prefill runs expanded (the latent of every attended token up-projected to
    // K and V) per context token.
    kv_up_flops_per_token_ =
        2.0 * heads_per_gpu_ * a.kv_lora_rank * (a.qk_nope_head_dim + a.v_head_dim);
    kv_elems_per_token_layer_ = a.kv_lora_rank + a.qk_rope_head_dim;
    decode_qk_dim_ = a.kv_lora_rank + a.qk_rope_head_dim;
    decode_v_dim_ = a.kv_lora_rank;
    prefill_qk_dim_ = qk_head;
    prefill_v_dim_ = a.v_head_dim;
  } else {
    const double kv_heads_per_gpu = std::ceil(a.num_kv_heads / atp);  // replicated past kv heads
    kv_elems_per_token_layer_ = 2.0 * kv_heads_per_gpu * a.head_dim;
    decode_qk_dim_ = decode_v_dim_ = prefill_qk_dim_ = prefill_v_dim_ = a.head_dim;
  }
  full_layers_ = m.full_attention_layers();
  sliding_layers_ = m.num_layers - full_layers_;
  decode_lines_ = sliding_layers_ == 0 &&
                  !(spec.two_batch_overlap && m.is_moe() && p.dp_attention && p.ep > 1);

  if (m.is_moe()) {
    MoeLoadKey key;
    key.num_experts = m.moe.num_experts;
    key.top_k = m.moe.top_k;
    key.ranks = p.ep;
    key.redundant_experts = spec.redundant_experts;
    key.skew = k.moe_popularity_skew;
    moe_load_ = MoeLoadTable::get(key);
  }
  // The instance occupies GPUs [first, first + gpus) of its cluster's topology.
  const int first = spec.first_gpu;
  const Topology topology(g, std::max(spec.cluster_gpus, first + p.gpus()));
  collectives_ =
      collective_model_registry().get(spec.collective_model, "step model").make(spec_);
  tp_link_ = topology.group_link(first, p.attention_tp(), k);
  all_link_ = topology.group_link(first, p.gpus(), k);
  ep_link_ = topology.group_link(first, p.ep, k);
  if (spec.spine_slowdown > 0) {
    for (GroupLink* l : {&tp_link_, &all_link_, &ep_link_}) l->oversubscription = spec.spine_slowdown;
  }
}

void RooflineStepModel::add_op(StepBreakdown& out, StepPart part, double count, double flops,
                               double bytes, double flops_per_s) const {
  if (count <= 0 || (flops <= 0 && bytes <= 0)) return;
  const double compute_s = flops / flops_per_s;
  const double memory_s = bytes / hbm_bw_;
  auto& x = out[part];
  x.time_s += count * std::max(compute_s, memory_s);
  x.flops += count * flops;
  x.bytes += count * bytes;
  x.compute_s += count * compute_s;
  x.memory_s += count * memory_s;
}

void RooflineStepModel::add_kernel_op(StepBreakdown& out, StepPart part, double count,
                                      double flops, double bytes, double flops_per_s,
                                      const Kernel& k, double m, double weights, double quantised,
                                      double calls) const {
  if (!k.curve) {
    add_op(out, part, count, flops, bytes, flops_per_s);
    return;
  }
  if (count <= 0 || (flops <= 0 && bytes <= 0)) return;
  const KernelCurve& c = *k.curve;
  const double eff = c.compute_efficiency(m, weights);
  const double compute_s = eff > 0 ? flops / (k.peak * eff) : 0.0;
  const double memory_s = bytes / (raw_hbm_bw_ * c.eta_m);
  const double fixed =
      calls * c.t0_s * spec_.knobs.kernel_fixed_time_fraction + c.q_s_per_element * quantised;
  auto& x = out[part];
  x.time_s += count * (fixed + std::max(compute_s, memory_s));
  x.flops += count * flops;
  x.bytes += count * bytes;
  x.compute_s += count * compute_s;
  x.memory_s += count * memory_s;
}

void RooflineStepModel::add_comm(StepBreakdown& out, StepPart part, double count,
                                 const CollectiveTime& time, double bytes) const {
  if (count <= 0 || time.time_s <= 0) return;
  auto& x = out[part];
  x.time_s += count * time.time_s;
  x.bytes += count * bytes;
  if (time.time_s >= x.largest_call_s) {
    x.largest_call_s = time.time_s;
    x.kernel = time.kernel;
    x.link = time.bound;
  }
}

void RooflineStepModel::add_layer(const Tokens& t, bool moe, bool sliding, double count,
                                  StepBreakdown& out, StepPart as) const {
  const Parallelism& p = spec_.parallelism;
  if (!(spec_.two_batch_overlap && moe && p.dp_attention && p.ep > 1) || count <= 0) {
    add_layer_parts(t, moe, sliding, count, out, as);
    return;
  }
  // Two-batch overlap: the layer runs as two micro-batches of half the tokens each; one's
  // dispatch and combine run while the other computes, so per layer the time is
  // max(compute of both, communication of both). Each half reads the weights again and pays
  // its own launches; only the communication that compute cannot hide stays exposed.
  Tokens half = t;
  half.all /= 2;
  half.attn /= 2;
  half.decode_q /= 2;
  half.decode_ctx /= 2;
  half.decode_seqs /= 2;
  half.prefill /= 2;
  half.prefill_ctx /= 2;
  half.prefill_pairs /= 2;
  half.logits /= 2;
  StepBreakdown two;
  add_layer_parts(half, moe, sliding, 2 * count, two, as);
  double compute = 0, comm = 0;
  for (int i = 0; i < static_cast<int>(StepPart::kCount); ++i) {
    const auto part = static_cast<StepPart>(i);
    const bool is_comm = part == StepPart::kAllReduce || part == StepPart::kDispatch ||
                         part == StepPart::kCombine;
    if (part == StepPart::kLayerOverhead || part == StepPart::kMtpDraft) continue;
    (is_comm ? comm : compute) += two[part].time_s;
  }
  const double exposed = comm > 0 ? std::max(0.0, comm - compute) / comm : 0.0;
  for (int i = 0; i < static_cast<int>(StepPart::kCount); ++i) {
    const auto part = static_cast<StepPart>(i);
    auto& from = two[part];
    if (part == StepPart::kAllReduce || part == StepPart::kDispatch ||
        part == StepPart::kCombine) {
      from.hidden_s = from.time_s * (1 - exposed);
      from.time_s *= exposed;
    }
    auto& to = out[part];
    to.time_s += from.time_s;
    to.hidden_s += from.hidden_s;
    to.flops += from.flops;
    to.bytes += from.bytes;
    to.compute_s += from.compute_s;
    to.memory_s += from.memory_s;
    if (from.largest_call_s >= to.largest_call_s && *from.kernel) {
      to.largest_call_s = from.largest_call_s;
      to.kernel = from.kernel;
      to.link = from.link;
    }
  }
}

void RooflineStepModel::add_layer_parts(const Tokens& t, bool moe, bool sliding, double count,
                                        StepBreakdown& out, StepPart as) const {
  if (count <= 0) return;
  const ModelSpec& m = *spec_.model;
  const Parallelism& p = spec_.parallelism;
  const double h = m.hidden_size;
  const double act = spec_.numerics.activation_bytes_per_element;
  auto part = [&](StepPart natural) { return as == StepPart::kCount ? natural : as; };

  // --- Attention ---
  // Projections: MLA's fused q/kv down-projection, q up-projection and output (3 GEMMs); GQA's
  // fused QKV and output (2). Each quantises its input rows.
  const double proj_calls = m.attention.type == AttentionType::kMla ? 3.0 : 2.0;
  add_kernel_op(out, part(StepPart::kAttentionProjections), count, 2 * t.attn * attn_proj_params_,
                (attn_proj_params_ + attn_bias_params_) * other_bpe_ + 4 * t.attn * h * act,
                other_flops_, other_k_, t.attn, attn_proj_params_ / proj_calls,
                proj_calls * t.attn * h, proj_calls);
  if (kv_up_params_ > 0) {
    add_op(out, part(StepPart::kAttentionProjections), count,
           (t.decode_q + t.prefill_ctx) * kv_up_flops_per_token_,
           kv_up_params_ * other_bpe_, other_flops_);
  }
  const double window = m.attention.sliding_window;
  const double decode_ctx = sliding ? std::min(t.decode_ctx, t.decode_seqs * window) : t.decode_ctx;
  const double pairs = sliding ? std::min(t.prefill_pairs, t.prefill * window) : t.prefill_pairs;
  const double prefill_ctx = sliding ? std::min(t.prefill_ctx, t.prefill + t.prefill * window)
                                     : t.prefill_ctx;
  // MLA decode's rows per latent read are the query heads (times the MTP query tokens); a
  // prefill's, its prompt length (2 x causal pairs / tokens).
  add_kernel_op(out, part(StepPart::kAttentionDecode), count,
                2 * heads_per_gpu_ * decode_ctx * t.q_per_seq * (decode_qk_dim_ + decode_v_dim_),
                decode_ctx * kv_elems_per_token_layer_ * kv_bpe_, attention_flops_, mla_gen_k_,
                heads_per_gpu_ * t.q_per_seq, 0, 0, t.decode_seqs > 0 ? 1 : 0);
  add_kernel_op(out, part(StepPart::kAttentionPrefill), count,
                2 * heads_per_gpu_ * pairs * (prefill_qk_dim_ + prefill_v_dim_),
                prefill_ctx * kv_elems_per_token_layer_ * kv_bpe_, attention_flops_, mla_ctx_k_,
                t.prefill > 0 ? 2 * pairs / t.prefill : 0, 0, 0, t.prefill > 0 ? 1 : 0);
  if (p.attention_tp() > 1) {
    add_comm(out, part(StepPart::kAllReduce), count, collectives_->all_reduce(tp_link_, t.all * h * act),
             t.all * h * act);
  }

  // --- FFN ---
  if (!moe) {
    add_kernel_op(out, part(StepPart::kDenseFfn), count, 2 * t.all * dense_ffn_params_,
                  dense_ffn_params_ * dense_ffn_bpe_ + 3 * t.all * h * act, dense_ffn_flops_,
                  dense_ffn_k_, t.all, dense_ffn_params_ / 2,
                  t.all * (h + dense_ffn_params_ / (3 * h)), 2);
    if (p.dp_attention && p.gpus() > 1) {
      // Attention-DP ranks gather their tokens for the tensor-parallel dense FFN and scatter back.
      add_comm(out, part(StepPart::kAllReduce), count,
               collectives_->all_reduce(all_link_, t.all * h * act), t.all * h * act);
    }
  } else {
    add_kernel_op(out, part(StepPart::kMoeRouter), count, 2 * t.attn * router_params_,
                  router_params_ * spec_.numerics.router_weight_bytes_per_element, other_flops_,
                  router_k_, t.attn, router_params_, 0, 1);
    const double shared_tokens = p.dp_attention ? t.attn : t.all;
    add_kernel_op(out, part(StepPart::kSharedExperts), count, 2 * shared_tokens * shared_params_,
                  shared_params_ * expert_bpe_, expert_flops_, shared_k_, shared_tokens,
                  shared_params_ / 2, shared_tokens * (h + shared_params_ / (3 * h)), 2);
    const double assignments = moe_load_->max_rank_assignments(t.all);
    const double experts = moe_load_->max_rank_active_experts(t.all);
    // The fused MoE op (routing, permute, grouped GEMMs, finalize) of the busiest rank.
    add_kernel_op(out, part(StepPart::kRoutedExperts), count, 2 * assignments * expert_params_,
                  experts * expert_params_ * expert_bpe_ + 2 * assignments * h * act,
                  expert_flops_, moe_k_, experts > 0 ? assignments / experts : 0, expert_params_,
                  t.all * h / p.ep, 1);
    if (p.dp_attention && p.ep > 1) {
      // Each GPU sends its tokens to the ranks of their top-k experts and gets the results back.
      MoeExchange x;
      x.mode = t.mode;
      x.tokens = t.attn;
      x.top_k = m.moe.top_k;
      x.hidden = h;
      x.local_experts = (m.moe.num_experts + spec_.redundant_experts) / double(p.ep);
      x.bytes_per_element = dispatch_bpe_;
      x.precision = spec_.dispatch_precision;
      const double remote = x.bytes_out(p.ep);
      add_comm(out, part(StepPart::kDispatch), count, collectives_->moe_exchange(ep_link_, x),
               remote);
      x.combine = true;
      x.bytes_per_element = act;
      x.precision = Precision::kBf16;
      add_comm(out, part(StepPart::kCombine), count, collectives_->moe_exchange(ep_link_, x),
               x.bytes_out(p.ep));
    }
  }
  if (p.attention_tp() > 1) {
    // Tensor-parallel layers reduce twice: after the attention output and after the FFN.
    add_comm(out, part(StepPart::kAllReduce), count, collectives_->all_reduce(tp_link_, t.all * h * act),
             t.all * h * act);
  }
  const double fixed =
      spec_.knobs.per_layer_overhead_s + (moe ? spec_.knobs.moe_layer_overhead_s : 0.0);
  out[as == StepPart::kCount ? StepPart::kLayerOverhead : as].time_s += count * fixed;
}

double RooflineStepModel::host_time_after_s(const BatchFeatures& b) const {
  return spec_.prefill_only && b.prefill_seqs > 0 ? spec_.knobs.prefill_worker_step_overhead_s : 0.0;
}

void RooflineStepModel::evaluate(const BatchFeatures& b, StepBreakdown& out) const {
  const ModelSpec& m = *spec_.model;
  const Parallelism& p = spec_.parallelism;
  const double dp = p.attention_dp();
  // Under attention-DP the batch is split evenly over the ranks: engines balance it (TensorRT-LLM
  // holds context requests until every rank has one; SGLang dispatches round-robin). Charging the
  // busiest rank whole sequences instead (ceil(n / dp) of n) made the 8k/1k DEP rows of the
  // calibration data 35-48% slow, while the even split matches them.
  Tokens t;
  t.all = b.total_tokens();
  t.attn = t.all / dp;
  t.decode_seqs = b.decode_seqs / dp;
  t.q_per_seq = b.tokens_per_decode_seq;
  t.decode_q = b.decode_tokens() / dp;
  t.decode_ctx = b.decode_context_sum / dp;
  // A prompt's chunk runs on the one rank that holds its KV: with n chunks over dp ranks the
  // busiest rank takes ceil(n / dp) of them (balanced by count), dp ceil(n / dp) / n times an
  // even share of the tokens. Charged on prefill-only workers, whose batches are prompts alone
  // and often fewer than their ranks; aggregated instances keep the even split their knobs
  // were fitted with (charging them too moved the aggregated rows by -0.1 to +0.9 points).
  const double whole = spec_.prefill_only && dp > 1 && b.prefill_seqs > 0
                           ? std::ceil(b.prefill_seqs / dp) * dp / b.prefill_seqs
                           : 1.0;
  t.prefill = b.prefill_tokens / dp * whole;
  t.prefill_ctx = b.prefill_context_sum / dp * whole;
  t.prefill_pairs = b.prefill_attention_pairs / dp * whole;
  if (whole != 1.0) t.attn = t.decode_q + t.prefill;  // the busiest rank's tokens
  t.logits = (b.decode_tokens() + b.prefill_seqs) / dp;
  switch (spec_.moe_exchange_mode) {
    case MoeExchangeMode::kAuto:
      t.mode = b.prefill_tokens > 0 ? ExchangeMode::kHighThroughput : ExchangeMode::kLowLatency;
      break;
    case MoeExchangeMode::kLowLatency: t.mode = ExchangeMode::kLowLatency; break;
    case MoeExchangeMode::kHighThroughput: t.mode = ExchangeMode::kHighThroughput; break;
  }

  const bool moe = m.is_moe();
  const int dense = m.dense_layers;
  const int sparse = m.moe_layers();
  // Split layers into (dense|moe) x (full|sliding) counts; sliding layers alternate with full
  // ones, so they are spread over dense and MoE layers in proportion.
  const double sliding_share = m.num_layers > 0 ? sliding_layers_ / double(m.num_layers) : 0.0;
  add_layer(t, false, false, dense * (1 - sliding_share), out, StepPart::kCount);
  add_layer(t, false, true, dense * sliding_share, out, StepPart::kCount);
  if (moe) {
    add_layer(t, true, false, sparse * (1 - sliding_share), out, StepPart::kCount);
    add_layer(t, true, true, sparse * sliding_share, out, StepPart::kCount);
  }
  const double h = m.hidden_size;
  const double act = spec_.numerics.activation_bytes_per_element;
  add_kernel_op(out, StepPart::kLmHead, 1, 2 * t.logits * lm_head_params_,
                lm_head_params_ * other_bpe_, other_flops_, other_k_, t.logits, lm_head_params_,
                t.logits * h, 1);
  out[StepPart::kStepOverhead].time_s += spec_.knobs.per_step_overhead_s;

  // MTP: each draft pass runs the MTP module (one decoder layer plus its projection and the
  // shared head) over one new token per decode sequence.
  if (b.draft_passes > 0 && b.decode_seqs > 0) {
    Tokens d;
    d.all = b.decode_seqs;
    d.attn = d.decode_q = d.decode_seqs = b.decode_seqs / dp;
    d.decode_ctx = t.decode_ctx;
    d.logits = d.decode_q;
    d.mode = t.mode;
    add_layer(d, moe, false, b.draft_passes, out, StepPart::kMtpDraft);
    add_op(out, StepPart::kMtpDraft, b.draft_passes, 2 * d.attn * mtp_proj_params_,
           mtp_proj_params_ * other_bpe_, other_flops_);
    add_op(out, StepPart::kMtpDraft, b.draft_passes, 2 * d.logits * lm_head_params_,
           lm_head_params_ * other_bpe_ + d.logits * h * act, other_flops_);
  }
  double total = 0;
  for (const auto& x : out.parts) total += x.time_s;
  out.total_s = total;
}

const RooflineStepModel::DecodeLine& RooflineStepModel::decode_line(
    std::uint64_t key, const BatchFeatures& batch) const {
  auto [it, fresh] = decode_lines_cache_.try_emplace(key);
  DecodeLine& line = it->second;
  if (!fresh) return line;
  auto at = [&](double context_per_seq) {
    BatchFeatures b = batch;
    b.decode_context_sum = context_per_seq * batch.decode_seqs;
    StepBreakdown out;
    evaluate(b, out);
    return out.total_s;
  };
  // Contexts of 64 and 16,384 tokens per sequence, checked at 8,224 (their midpoint).
  constexpr double kLow = 64, kHigh = 16384;
  const double low = at(kLow), high = at(kHigh), mid = at(0.5 * (kLow + kHigh));
  line.per_token = (high - low) / ((kHigh - kLow) * batch.decode_seqs);
  line.at_origin = low - line.per_token * kLow * batch.decode_seqs;
  const double predicted = line.at_origin + line.per_token * 0.5 * (kLow + kHigh) * batch.decode_seqs;
  line.affine = std::abs(predicted - mid) <= 1e-12 * high;
  return line;
}

double RooflineStepModel::step_time_s(const BatchFeatures& batch) const {
  // Pure-decode batches of whole shapes take their line (see DecodeLine).
  if (decode_lines_ && batch.prefill_tokens == 0 && batch.prefill_seqs == 0 &&
      batch.decode_seqs >= 1 && batch.decode_seqs < (1 << 30) &&
      batch.tokens_per_decode_seq >= 1 && batch.tokens_per_decode_seq < 256 &&
      batch.draft_passes >= 0 && batch.draft_passes < 256) {
    const auto n = static_cast<std::uint64_t>(batch.decode_seqs);
    const auto q = static_cast<std::uint64_t>(batch.tokens_per_decode_seq);
    const auto d = static_cast<std::uint64_t>(batch.draft_passes);
    if (static_cast<double>(n) == batch.decode_seqs &&
        static_cast<double>(q) == batch.tokens_per_decode_seq &&
        static_cast<double>(d) == batch.draft_passes) {
      const DecodeLine& line = decode_line(n << 16 | q << 8 | d, batch);
      if (line.affine) return line.at_origin + line.per_token * batch.decode_context_sum;
    }
  }
  StepBreakdown out;
  evaluate(batch, out);
  return out.total_s;
}

StepBreakdown RooflineStepModel::breakdown(const BatchFeatures& batch) const {
  StepBreakdown out;
  evaluate(batch, out);
  return out;
}

}  // namespace servesim
