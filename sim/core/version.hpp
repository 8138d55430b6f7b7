// The servesim version written into every output file.
#pragma once

namespace servesim {
inline constexpr const char* kServesimVersion = "0.1.0";
}  // namespace servesim
