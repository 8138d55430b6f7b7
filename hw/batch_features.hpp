// The aggregate features of one iteration's batch, from which the step time is computed.
#pragma once

namespace servesim {

/// Sums over the requests in one iteration of one instance. The step-time model needs only
/// these, so forming a batch never has to hand it per-request data.
struct BatchFeatures {
  /// Sequences taking a decode (generation) step.
  double decode_seqs = 0;
  /// Query tokens per decode sequence: 1, or 1 + draft tokens when verifying MTP drafts.
  double tokens_per_decode_seq = 1;
  /// Sum over decode sequences of the tokens already in their KV cache.
  double decode_context_sum = 0;
  /// Sequences receiving a prefill chunk.
  double prefill_seqs = 0;
  /// Sum of prefill chunk lengths (new tokens).
  double prefill_tokens = 0;
  /// Sum over prefill sequences of prefix + chunk: the tokens each chunk attends to.
  double prefill_context_sum = 0;
  /// Sum over prefill sequences of query-key pairs under the causal mask:
  /// chunk * prefix + chunk * (chunk + 1) / 2.
  double prefill_attention_pairs = 0;
  /// MTP draft passes per step (k); each costs one MTP-module forward over the decode batch.
  double draft_passes = 0;

  double decode_tokens() const { return decode_seqs * tokens_per_decode_seq; }
  double total_tokens() const { return decode_tokens() + prefill_tokens; }
};

}  // namespace servesim
