// Errors: InputError for user mistakes (one line, exit code 2) and SERVESIM_CHECK for bugs.
#pragma once

#include <stdexcept>
#include <string>

namespace servesim {

/// A mistake in user input (scenario, catalog, rows). The message is one line naming the file,
/// field and reason; `main` prints it and exits with code 2.
class InputError : public std::runtime_error {
 public:
  explicit InputError(const std::string& message) : std::runtime_error(message) {}
};

/// An internal invariant was violated (a bug in servesim, not in the input).
class CheckFailure : public std::logic_error {
 public:
  explicit CheckFailure(const std::string& message) : std::logic_error(message) {}
};

[[noreturn]] void check_failed(const char* condition, const char* file, int line,
                               const std::string& detail);

}  // namespace servesim

/// Always-on invariant check: names the condition, file and line when it fails.
#define SERVESIM_CHECK(cond, ...)                                                  \
  do {                                                                             \
    if (!(cond)) ::servesim::check_failed(#cond, __FILE__, __LINE__, "" __VA_ARGS__); \
  } while (false)
