// Numeric formats of weights, KV cache and GEMMs, with their storage cost per element.
#pragma once

#include <optional>
#include <string>

namespace servesim {

/// A storage / compute format. Block-scaled formats carry their scale overhead in
/// bytes_per_element: fp8 with 128x128 fp32 block scales, nvfp4 with one fp8 scale per 16
/// values, mxfp4 with one 8-bit scale per 32 values.
enum class Precision { kBf16, kFp8, kNvfp4, kMxfp4 };

/// Bytes per stored element, scales included: bf16 2, fp8 1 + 4/16384, nvfp4 0.5 + 1/16,
/// mxfp4 0.5 + 1/32.
double bytes_per_element(Precision p);
/// Bytes per element of a KV cache in this format (per-tensor scales: fp8 is exactly 1).
double kv_bytes_per_element(Precision p);
/// The tensor-core peak a GEMM in this format runs at: "bf16", "fp8" or "fp4".
const char* compute_class(Precision p);
/// "bf16", "fp8", "nvfp4", "mxfp4".
const char* precision_name(Precision p);
/// Parses a precision name; nullopt if unknown.
std::optional<Precision> parse_precision(const std::string& name);

}  // namespace servesim
