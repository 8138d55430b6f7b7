// Simulated time: integer nanoseconds, so event order is exact and runs are reproducible.
#pragma once

#include <cmath>
#include <cstdint>

namespace servesim {

/// Simulated time in nanoseconds since the start of a run.
using SimTime = std::int64_t;

inline constexpr SimTime kNsPerS = 1'000'000'000;

/// Converts seconds (as computed by cost models) to simulated time, rounding to nearest.
inline SimTime seconds_to_sim(double seconds) { return std::llround(seconds * 1e9); }

/// Converts simulated time to seconds.
inline double sim_to_seconds(SimTime t) { return static_cast<double>(t) * 1e-9; }

}  // namespace servesim
