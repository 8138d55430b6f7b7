// Calibration knobs: the few named, physically meaningful efficiency factors and overheads
// that turn peak specifications into achieved times. Values live in scenarios/catalog/knobs.json.
#pragma once

#include <limits>
#include <string>

namespace servesim {

/// The value of a knob nobody set. Knobs has no defaults in code: a complete set comes from the
/// catalog (knobs.json "defaults" must name every knob) or from a test that states its own.
inline constexpr double kUnsetKnob = std::numeric_limits<double>::quiet_NaN();

struct Knobs {
  /// Achieved fraction of dense tensor-core peak for GEMMs (0, 1].
  double gemm_flops_efficiency = kUnsetKnob;
  /// Achieved fraction of peak for attention kernels (flash/MLA attention) (0, 1].
  double attention_flops_efficiency = kUnsetKnob;
  /// Achieved fraction of HBM peak bandwidth for streaming kernels (0, 1].
  double hbm_bw_efficiency = kUnsetKnob;
  /// Achieved fraction of the scale-up link bandwidth in collectives (0, 1].
  double scale_up_efficiency = kUnsetKnob;
  /// Fixed latency of one collective call inside a scale-up domain, seconds.
  double collective_latency_s = kUnsetKnob;
  /// Kernel launch and synchronisation cost per transformer layer per step, seconds.
  double per_layer_overhead_s = kUnsetKnob;
  /// Additional fixed cost of a mixture-of-experts layer (routing, top-k, token permutation,
  /// grouped-GEMM launches: about twice the kernels of a dense layer), seconds.
  double moe_layer_overhead_s = kUnsetKnob;
  /// Fixed cost per iteration: scheduling, sampling, host work not hidden by the GPU, seconds.
  double per_step_overhead_s = kUnsetKnob;
  /// Zipf exponent of expert popularity (0 = uniform routing).
  double moe_popularity_skew = kUnsetKnob;
  /// Achieved fraction of the published mean accepted MTP draft tokens (0, 1]: acceptance on
  /// the served traffic (e.g. random-token benchmark prompts) relative to the published figure.
  double mtp_acceptance_fraction = kUnsetKnob;
  /// Front-end time per request before it reaches the scheduler (HTTP, tokenisation, the
  /// benchmark client), seconds: part of TTFT and latency, not of the GPU's step time.
  double request_overhead_s = kUnsetKnob;
  /// Disaggregated serving: fixed cost of one KV transfer before its bytes move (connection
  /// and metadata exchange, the decode side's block allocation handshake), seconds.
  double kv_transfer_setup_s = kUnsetKnob;
  /// Cost of posting one transfer descriptor (one contiguous KV block of one layer) on the
  /// sending rank, seconds.
  double kv_transfer_descriptor_s = kUnsetKnob;
  /// Disaggregated serving: host work of a prefill worker after each step with prompt tokens,
  /// seconds: posting the finished prompts' KV transfers and polling them and the bootstraps (a
  /// CPU all-reduce over the tensor-parallel group), the attention-DP metadata exchange, and
  /// launching the next prefill without CUDA graphs. It holds back the worker's next step, not
  /// the step's outputs, so it bounds a loaded worker without lengthening an idle one's TTFT.
  double prefill_worker_step_overhead_s = kUnsetKnob;
  /// kernel_roofline: the share of each measured kernel's fixed time (kernel_curves.json t0,
  /// timed alone) that a serving step still pays; CUDA graphs and programmatic dependent
  /// launch overlap a kernel's ramp-up with the previous kernel's tail. 1 = none hidden.
  double kernel_fixed_time_fraction = kUnsetKnob;
};

}  // namespace servesim
