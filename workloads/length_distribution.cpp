// Sampling of request lengths.
#include "workloads/length_distribution.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace servesim {

int LengthDistribution::sample(RandomStream& rng) const {
  switch (kind) {
    case Kind::kFixed: return mean;
    case Kind::kUniform: {
      const int lo = std::max(1, static_cast<int>(std::lround(min_ratio * mean)));
      return static_cast<int>(rng.uniform_int(lo, mean));
    }
    case Kind::kLognormal: {
      const double mu = std::log(static_cast<double>(mean)) - sigma * sigma / 2;
      const double x = std::exp(mu + sigma * rng.normal());
      return std::clamp(static_cast<int>(std::lround(x)), 1, max);
    }
    case Kind::kEmpirical:
      return values[static_cast<std::size_t>(rng.uniform_int(0, static_cast<int>(values.size()) - 1))];
  }
  return mean;
}

double LengthDistribution::expected() const {
  switch (kind) {
    case Kind::kFixed: return mean;
    case Kind::kUniform: {
      const int lo = std::max(1, static_cast<int>(std::lround(min_ratio * mean)));
      return (lo + mean) / 2.0;
    }
    case Kind::kLognormal: return mean;
    case Kind::kEmpirical:
      return std::accumulate(values.begin(), values.end(), 0.0) / static_cast<double>(values.size());
  }
  return mean;
}

int LengthDistribution::max_value() const {
  switch (kind) {
    case Kind::kLognormal: return max;
    case Kind::kEmpirical: return *std::max_element(values.begin(), values.end());
    default: return mean;
  }
}

}  // namespace servesim
