// Representative steps and the memory budget for `servesim explain`.
#include "sim/run/explain.hpp"

#include <algorithm>

#include "hw/flow_network.hpp"
#include "hw/kv_transfer_plan.hpp"
#include "hw/step_model_registry.hpp"
#include "sim/scenario/scenario_fields.hpp"

namespace servesim {
namespace {

KvTransferExplanation explain_transfer(const ValidPool& prefill, const ValidPool& decode, int tokens) {
  KvTransferExplanation k;
  const InstanceSpec src = prefill.v.instance(0);
  const InstanceSpec dst = decode.v.instance(0);
  k.tokens = tokens;
  const std::vector<KvShard> shards = kv_shards(src, dst, 0, tokens);
  k.shards = static_cast<int>(shards.size());
  FlowNetwork net;
  KvLinkMap links(net);
  FlowId first = -1;
  for (const KvShard& sh : shards) {
    k.bytes += sh.bytes;
    auto route = links.route(src, prefill.cluster, sh.src_gpu, dst, decode.cluster, sh.dst_gpu);
    if (route.empty()) continue;
    const FlowId f = net.start(0, std::move(route), sh.bytes);
    if (first < 0) first = f;
  }
  if (first >= 0) {
    const int link = net.bottleneck(first);
    k.bottleneck = link >= 0 ? net.link_name(link) : "sender cap";
    k.bottleneck_bytes_per_s = net.rate_bytes_per_s(first);
  }
  while (auto next = net.next_completion()) {
    k.move_s = next->second;
    net.finish_due(next->second, 1e-12);
  }
  const bool local = KvLinkMap::same_domain(src, prefill.cluster, shards.front().src_gpu, dst,
                                            decode.cluster, shards.front().dst_gpu);
  k.setup_s = kv_transfer_setup_s(src, dst, tokens, prefill.v.scheduler.block_size, local);
  return k;
}

Explanation explain_pools(const ValidScenario& v) {
  Explanation e;
  e.scenario = v.scenario.name;
  const ValidPool* prefill = nullptr;
  const ValidPool* decode = nullptr;
  for (const ValidPool& p : v.pools) {
    ValidScenario worker = p.v;
    worker.spec.prefill_only = p.role == PoolRole::kPrefill;  // as the cluster builds it
    WorkloadSpec& w = worker.scenario.workload;
    if (w.closed_loop() && p.role != PoolRole::kPrefill) {
      w.concurrency = std::max(1, (w.concurrency + p.v.scenario.replicas - 1) / p.v.scenario.replicas);
    }
    e.pools.push_back(PoolExplanation{p.name, pool_role_name(p.role), p.v.scenario.replicas,
                                      explain(worker)});
    if (p.role == PoolRole::kPrefill && !prefill) prefill = &p;
    if (p.role == PoolRole::kDecode && !decode) decode = &p;
  }
  if (prefill && decode) {
    e.has_kv_transfer = true;
    e.kv_transfer = explain_transfer(*prefill, *decode,
                                     static_cast<int>(v.scenario.workload.input.expected()));
  }
  return e;
}

}  // namespace

Explanation explain(const ValidScenario& v) {
  if (!v.pools.empty()) return explain_pools(v);
  const Scenario& s = v.scenario;
  const auto step_model = step_model_registry().get(s.step_model, s.source_label).make(v.spec);
  const StepTimeModel& model = *step_model;
  const auto& w = s.workload;
  const double seqs = std::min<double>(
      w.closed_loop() ? w.concurrency : s.scheduler.max_running_seqs,
      s.scheduler.max_running_seqs);
  Explanation e;
  BatchFeatures& decode = e.decode.batch;
  decode.decode_seqs = seqs;
  decode.tokens_per_decode_seq = 1 + s.mtp_draft_tokens;
  decode.decode_context_sum = seqs * (w.input.expected() + w.output.expected() / 2);
  decode.draft_passes = s.mtp_draft_tokens;
  BatchFeatures& prefill = e.prefill.batch;
  const double chunk = std::min<double>(w.input.expected(), s.scheduler.max_batched_tokens);
  prefill.prefill_seqs = 1;
  prefill.prefill_tokens = chunk;
  prefill.prefill_context_sum = chunk;
  prefill.prefill_attention_pairs = chunk * (chunk + 1) / 2;
  e.decode.breakdown = model.breakdown(decode);
  e.prefill.breakdown = model.breakdown(prefill);

  const double gpus = s.parallelism.gpus();
  const double per_seq = v.acceptance.expected_tokens_per_step();
  e.decode.tok_s_per_user = per_seq / e.decode.breakdown.total_s;
  e.decode.output_tok_s_per_gpu = decode.decode_seqs * per_seq / e.decode.breakdown.total_s / gpus;
  e.prefill.host_after_s = model.host_time_after_s(prefill);
  e.prefill.input_tok_s_per_gpu =
      chunk / (e.prefill.breakdown.total_s + e.prefill.host_after_s) / gpus;

  e.scenario = s.name;
  e.model = v.spec.model->name;
  e.gpu = v.spec.gpu->name;
  e.gpus = s.parallelism.gpus();
  e.tp = s.parallelism.tp;
  e.ep = s.parallelism.ep;
  e.dp_attention = s.parallelism.dp_attention;
  e.expert_weights = v.spec.weights.experts;
  e.other_weights = v.spec.weights.other;
  e.kv_cache = v.spec.kv_precision;
  e.mtp_draft_tokens = s.mtp_draft_tokens;
  e.mtp_tokens_per_step = per_seq;
  e.memory = v.memory;
  for (const auto& name : knob_names()) e.knobs.emplace_back(name, knob_value(v.spec.knobs, name));

  ClusterExplanation& c = e.cluster;
  const GpuSpec& g = *v.gpu;
  c.scale_up_fabric = g.scale_up.name;
  c.scale_out_fabric = g.scale_out.name;
  c.transport = g.scale_out.transport;
  c.domain_size = g.scale_up.domain_size;
  c.leaf_group_size = g.leaf_group_size();
  c.cluster_gpus = v.placement.cluster_gpus;
  c.scale_up_bw_bytes_per_s = g.scale_up.bw_bytes_per_s;
  c.nic_bw_bytes_per_s = g.scale_out.nic_bw_bytes_per_s;
  c.oversubscription = g.scale_out.oversubscription;
  c.placement = placement_policy_name(s.cluster.placement);
  c.collective_model = s.collective_model;
  for (const auto& f : scenario_fields()) {
    if (f.key == "moe_exchange_mode") c.moe_exchange_mode = std::get<std::string>(f.get(s));
  }
  c.two_batch_overlap = s.two_batch_overlap;
  for (int i = 0; i < s.replicas; ++i) {
    PlacedInstance p;
    p.first_gpu = v.placement.first_gpu[static_cast<std::size_t>(i)];
    p.gpus = s.parallelism.gpus();
    const int last = p.first_gpu + p.gpus - 1;
    p.first_domain = p.first_gpu / c.domain_size;
    p.last_domain = last / c.domain_size;
    p.first_leaf_group = p.first_gpu / c.leaf_group_size;
    p.last_leaf_group = last / c.leaf_group_size;
    p.spine_slowdown = v.spine_slowdown[static_cast<std::size_t>(i)];
    c.instances.push_back(p);
  }
  return e;
}

}  // namespace servesim
