// A request as the serving system sees it: when it arrived and how long its prompt and answer are.
#pragma once

#include <cstdint>

#include "sim/core/time.hpp"

namespace servesim {

struct Request {
  std::uint64_t id = 0;
  SimTime arrival = 0;
  int input_tokens = 0;
  /// Tokens to generate (the benchmark forces full length: EOS is ignored).
  int output_tokens = 0;
  /// False for warm-up requests, which are simulated but excluded from metrics.
  bool measured = true;
};

}  // namespace servesim
