// Progress display for sweeps.
#include "sim/output/progress.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <cmath>

namespace servesim {

Progress::Progress(std::size_t total, Mode mode, std::FILE* out, double line_interval_s)
    : total_(total),
      mode_(mode),
      out_(out),
      line_interval_s_(line_interval_s),
      start_(Clock::now()),
      last_print_(start_) {}

Progress::Mode Progress::mode_for(std::FILE* out, bool quiet) {
  if (quiet) return Mode::kQuiet;
  return ::isatty(::fileno(out)) ? Mode::kBar : Mode::kLines;
}

std::string format_duration(double seconds) {
  if (!std::isfinite(seconds) || seconds < 0) return "?";
  const auto s = static_cast<long>(std::lround(seconds));
  if (s >= 3600) return fmt::format("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60);
  return fmt::format("{}:{:02}", s / 60, s % 60);
}

std::size_t Progress::done() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return done_;
}

void Progress::set_total(std::size_t total) {
  std::lock_guard<std::mutex> lock(mutex_);
  total_ = total;
}

void Progress::point_done(bool skipped) {
  std::lock_guard<std::mutex> lock(mutex_);
  ++done_;
  if (skipped) ++skipped_;
  if (mode_ == Mode::kQuiet) return;
  const double since = std::chrono::duration<double>(Clock::now() - last_print_).count();
  const double interval = mode_ == Mode::kBar ? 0.1 : line_interval_s_;
  if (since >= interval) print_locked(false);
}

void Progress::finish() {
  std::lock_guard<std::mutex> lock(mutex_);
  if (mode_ == Mode::kQuiet || finished_) return;
  finished_ = true;
  print_locked(true);
}

void Progress::print_locked(bool final) {
  last_print_ = Clock::now();
  const double elapsed = std::chrono::duration<double>(last_print_ - start_).count();
  const double rate = elapsed > 0 ? done_ / elapsed : 0;
  const double eta = rate > 0 ? (total_ - done_) / rate : NAN;
  const std::string skipped = skipped_ ? fmt::format(", {} skipped", skipped_) : "";
  if (mode_ == Mode::kBar) {
    constexpr int kWidth = 30;
    const int filled = total_ ? static_cast<int>(kWidth * done_ / total_) : kWidth;
    const std::string bar = std::string(filled, '#') + std::string(kWidth - filled, '.');
    fmt::print(out_, "\rsweep [{}] {}/{} points{}  {:.1f} points/s  {} {}\x1b[K{}", bar, done_,
               total_, skipped, rate, final ? "took" : "ETA",
               format_duration(final ? elapsed : eta), final ? "\n" : "");
  } else {
    fmt::print(out_, "sweep: {}/{} points{}, {:.1f} points/s, {} {}\n", done_, total_, skipped,
               rate, final ? "took" : "ETA", format_duration(final ? elapsed : eta));
  }
  std::fflush(out_);
}

}  // namespace servesim
