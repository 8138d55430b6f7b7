// Sweep progress on stderr: a bar with rate and ETA on a terminal, a plain line every few
// seconds otherwise, nothing when quiet. Never touches the results.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdio>
#include <mutex>
#include <string>

namespace servesim {

class Progress {
 public:
  enum class Mode { kQuiet, kBar, kLines };
  /// `mode` kBar draws a bar redrawn in place; kLines prints one line every `line_interval_s`.
  Progress(std::size_t total, Mode mode, std::FILE* out = stderr, double line_interval_s = 5.0);
  /// kBar when `out` is a terminal, kLines otherwise (kQuiet when `quiet`).
  static Mode mode_for(std::FILE* out, bool quiet);

  /// Changes the number of points expected (known once the sweep is expanded).
  void set_total(std::size_t total);
  /// Called by any thread when a point finishes (ran or skipped).
  void point_done(bool skipped);
  /// Prints the final state (and ends the bar's line).
  void finish();

  std::size_t done() const;

 private:
  void print_locked(bool final);

  using Clock = std::chrono::steady_clock;
  std::size_t total_;
  Mode mode_;
  std::FILE* out_;
  double line_interval_s_;
  mutable std::mutex mutex_;
  std::size_t done_ = 0;
  std::size_t skipped_ = 0;
  Clock::time_point start_;
  Clock::time_point last_print_;
  bool finished_ = false;
};

/// "1:05" style duration for ETA and elapsed time.
std::string format_duration(double seconds);

}  // namespace servesim
