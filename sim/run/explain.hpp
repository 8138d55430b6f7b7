// `servesim explain`: the time of each part of a representative decode and prefill step, and
// the memory budget, for a validated scenario's operating point. The result is plain data;
// explanation_json.hpp and explanation_text.hpp write it.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "hw/batch_features.hpp"
#include "hw/memory_budget.hpp"
#include "hw/step_time_model.hpp"
#include "sim/scenario/scenario_validation.hpp"

namespace servesim {

/// One representative step: its batch, its breakdown and what it yields.
struct ExplainedStep {
  BatchFeatures batch;
  StepBreakdown breakdown;
  double tok_s_per_user = 0;        ///< decode: tokens per step per sequence / step time
  double output_tok_s_per_gpu = 0;  ///< decode
  double input_tok_s_per_gpu = 0;   ///< prefill (its host time after the step included)
  double host_after_s = 0;          ///< prefill workers: host work before the next step
};

/// One replica's place on the cluster.
struct PlacedInstance {
  int first_gpu = 0;
  int gpus = 0;
  int first_domain = 0, last_domain = 0;
  int first_leaf_group = 0, last_leaf_group = 0;
  double spine_slowdown = 1;
};

/// The network the instances run on.
struct ClusterExplanation {
  std::string scale_up_fabric, scale_out_fabric, transport;
  int domain_size = 0, leaf_group_size = 0, cluster_gpus = 0;
  double scale_up_bw_bytes_per_s = 0, nic_bw_bytes_per_s = 0, oversubscription = 1;
  std::string placement;   ///< policy name
  std::string collective_model;
  std::string moe_exchange_mode;  ///< auto, low_latency or high_throughput
  bool two_batch_overlap = false;
  std::vector<PlacedInstance> instances;
};

/// One request's KV transfer from the first prefill worker to the first decode worker, alone
/// on the network.
struct KvTransferExplanation {
  int tokens = 0;        ///< the mean prompt
  int shards = 0;        ///< (source GPU, destination GPU) pieces
  double bytes = 0;      ///< all shards
  std::string bottleneck;  ///< the link that bounds the first shard
  double bottleneck_bytes_per_s = 0;  ///< its rate
  double setup_s = 0, move_s = 0;     ///< before the bytes move; moving them
};

struct PoolExplanation;

struct Explanation {
  std::string scenario;
  std::string model, gpu;
  int gpus = 0, tp = 1, ep = 1;
  bool dp_attention = false;
  Precision expert_weights = Precision::kBf16, other_weights = Precision::kBf16;
  Precision kv_cache = Precision::kBf16;
  int mtp_draft_tokens = 0;
  double mtp_tokens_per_step = 1;
  MemoryBudget memory;  ///< per GPU
  ExplainedStep decode, prefill;
  ClusterExplanation cluster;
  std::vector<std::pair<std::string, double>> knobs;  ///< in knob_names() order
  /// A scenario with pools: one explanation per pool (the fields above are then unused), and
  /// for prefill and decode pools the KV transfer between them.
  std::vector<PoolExplanation> pools;
  bool has_kv_transfer = false;
  KvTransferExplanation kv_transfer;
};

struct PoolExplanation {
  std::string name, role;
  int workers = 0;
  Explanation worker;  ///< one worker; its decode step at the pool's share of the clients
};

/// Decode step: min(concurrency, max_running_seqs) sequences at the mean context mid-answer
/// (input + output / 2). Prefill step: one prompt of the mean input length (capped by the
/// token budget) with no prefix. A scenario with pools explains every pool's workers (a decode
/// worker at its share of the clients) and the KV transfer between prefill and decode.
Explanation explain(const ValidScenario& v);

}  // namespace servesim
