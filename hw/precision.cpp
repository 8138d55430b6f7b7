// Precision names and storage costs.
#include "hw/precision.hpp"

namespace servesim {

double bytes_per_element(Precision p) {
  switch (p) {
    case Precision::kBf16: return 2.0;
    case Precision::kFp8: return 1.0 + 4.0 / (128.0 * 128.0);
    case Precision::kNvfp4: return 0.5 + 1.0 / 16.0;
    case Precision::kMxfp4: return 0.5 + 1.0 / 32.0;
  }
  return 2.0;
}

double kv_bytes_per_element(Precision p) {
  return p == Precision::kFp8 ? 1.0 : bytes_per_element(p);
}

const char* compute_class(Precision p) {
  switch (p) {
    case Precision::kBf16: return "bf16";
    case Precision::kFp8: return "fp8";
    case Precision::kNvfp4:
    case Precision::kMxfp4: return "fp4";
  }
  return "bf16";
}

const char* precision_name(Precision p) {
  switch (p) {
    case Precision::kBf16: return "bf16";
    case Precision::kFp8: return "fp8";
    case Precision::kNvfp4: return "nvfp4";
    case Precision::kMxfp4: return "mxfp4";
  }
  return "bf16";
}

std::optional<Precision> parse_precision(const std::string& name) {
  if (name == "bf16") return Precision::kBf16;
  if (name == "fp8") return Precision::kFp8;
  if (name == "nvfp4") return Precision::kNvfp4;
  if (name == "mxfp4") return Precision::kMxfp4;
  return std::nullopt;
}

}  // namespace servesim
