// Distributions of prompt and output lengths in tokens.
#pragma once

#include <string>
#include <vector>

#include "sim/core/random_stream.hpp"

namespace servesim {

/// A length distribution. `fixed`: always `mean`. `uniform`: integers uniform in
/// [round(min_ratio * mean), mean] (the InferenceX convention, min_ratio 0.8). `lognormal`:
/// mean `mean`, log-space sigma `sigma`, clamped to [1, max]. `empirical`: uniform choice
/// among `values`.
struct LengthDistribution {
  enum class Kind { kFixed, kUniform, kLognormal, kEmpirical };
  Kind kind = Kind::kFixed;
  int mean = 1024;
  double min_ratio = 0.8;
  double sigma = 0.5;
  int max = 1 << 20;
  std::vector<int> values;

  int sample(RandomStream& rng) const;
  /// The expected value (exact for fixed, uniform and empirical).
  double expected() const;
  int max_value() const;
};

}  // namespace servesim
