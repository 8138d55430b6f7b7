// Named random streams: each consumer owns a stream derived from the run seed and its name.
#pragma once

#include <cstdint>
#include <string_view>

namespace servesim {

/// Stable 64-bit FNV-1a hash of a name (identical on every platform and standard library).
std::uint64_t stable_hash(std::string_view name);

/// xoshiro256** generator seeded through splitmix64 from (seed, stable_hash(name)).
/// All transforms are our own, so the same seed gives the same numbers everywhere.
class RandomStream {
 public:
  RandomStream(std::uint64_t seed, std::string_view name);

  std::uint64_t next_u64();
  /// Uniform in [0, 1).
  double uniform();
  /// Uniform integer in [lo, hi] (inclusive).
  std::int64_t uniform_int(std::int64_t lo, std::int64_t hi);
  /// Exponential with the given mean.
  double exponential(double mean);
  /// Standard normal (Box-Muller, one value per call).
  double normal();

 private:
  std::uint64_t s_[4];
};

}  // namespace servesim
