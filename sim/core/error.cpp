// Formatting of internal check failures.
#include "sim/core/error.hpp"

#include <fmt/format.h>

namespace servesim {

void check_failed(const char* condition, const char* file, int line, const std::string& detail) {
  throw CheckFailure(fmt::format("internal check failed: {} at {}:{}{}{}", condition, file, line,
                                 detail.empty() ? "" : ": ", detail));
}

}  // namespace servesim
