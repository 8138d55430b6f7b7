// Thread-pool execution of sweep points.
#include "sim/sweep/sweep_runner.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <optional>
#include <thread>

#include "sim/core/error.hpp"
#include "sim/core/text.hpp"
#include "sim/run/run_scenario.hpp"
#include "sim/scenario/scenario_validation.hpp"
#include "sim/scenario/profile_resolution.hpp"

namespace servesim {
namespace {

/// The message without the "<file>: point N: " prefix every point's errors carry.
std::string strip_label(const std::string& message, const std::string& label) {
  return strip_prefix(message, label + ": ");
}

PointOutcome run_point(const SweepPoint& p, const Catalog& catalog) {
  PointOutcome o;
  if (!p.skip_reason.empty()) {
    o.skip_reason = p.skip_reason;
    return o;
  }
  std::optional<ValidScenario> valid;
  try {
    valid.emplace(validate(p.scenario, catalog));
  } catch (const InputError& e) {
    o.skip_reason = strip_label(e.what(), p.scenario.source_label);
    return o;
  }
  o.result = run_scenario(*valid);
  const GpuSpec* gpu = catalog.find_gpu(p.scenario.gpu);
  SERVESIM_CHECK(gpu != nullptr, "a point ran on a GPU the catalog lacks");
  o.economics = point_economics(*gpu, o.result);
  o.ran = true;
  return o;
}

}  // namespace

int default_sweep_threads() {
  return static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
}

std::vector<PointOutcome> run_points_at(const std::vector<SweepPoint>& points,
                                        const std::vector<std::size_t>& positions,
                                        const Catalog& catalog, int threads, Progress* progress) {
  std::vector<PointOutcome> outcomes(positions.size());
  std::atomic<std::size_t> next{0};
  std::atomic<bool> failed{false};
  std::exception_ptr error;
  std::mutex error_mutex;

  auto work = [&] {
    while (!failed.load()) {
      const std::size_t i = next.fetch_add(1);
      if (i >= positions.size()) return;
      try {
        SERVESIM_CHECK(positions[i] < points.size());
        outcomes[i] = run_point(points[positions[i]], catalog);
      } catch (...) {
        std::lock_guard<std::mutex> lock(error_mutex);
        if (!error) error = std::current_exception();
        failed = true;
        return;
      }
      if (progress) progress->point_done(!outcomes[i].ran);
    }
  };

  if (threads <= 0) threads = default_sweep_threads();
  const auto workers = static_cast<std::size_t>(std::min<std::size_t>(
      static_cast<std::size_t>(threads), std::max<std::size_t>(1, positions.size())));
  if (workers == 1) {
    work();
  } else {
    std::vector<std::thread> pool;
    pool.reserve(workers);
    for (std::size_t t = 0; t < workers; ++t) pool.emplace_back(work);
    for (auto& t : pool) t.join();
  }
  if (error) std::rethrow_exception(error);
  return outcomes;
}

std::vector<PointOutcome> run_points(const std::vector<SweepPoint>& points, const Catalog& catalog,
                                     int threads, Progress* progress) {
  std::vector<std::size_t> all(points.size());
  for (std::size_t i = 0; i < all.size(); ++i) all[i] = i;
  return run_points_at(points, all, catalog, threads, progress);
}

SweepResult prepare_sweep(const SweepSpec& spec, const Catalog& catalog,
                          const FrameworkProfiles& profiles) {
  SweepResult r;
  r.spec = spec;
  SweepExpansion expansion = expand_sweep(spec);
  r.points = std::move(expansion.points);
  r.excluded = std::move(expansion.excluded);
  for (SweepPoint& p : r.points) {
    try {
      apply_framework_profile(profiles, catalog, p.scenario);
    } catch (const InputError& e) {
      p.skip_reason = strip_label(e.what(), p.scenario.source_label);
    }
  }
  return r;
}

void require_points(const SweepResult& prepared) {
  if (prepared.points.empty()) {
    throw InputError(fmt::format("{}: exclude: the rules leave out every one of the {} grid "
                                 "points; nothing ran",
                                 prepared.spec.label, prepared.spec.point_count()));
  }
}

void require_a_point_ran(const SweepResult& r) {
  if (r.ran() == 0) {
    throw InputError(fmt::format("{}: every one of the {} points was skipped; the first because {}",
                                 r.spec.label, r.points.size(),
                                 r.skip_reasons.empty() ? "of an unknown reason"
                                                        : r.skip_reasons.front().reason));
  }
}

SweepResult run_sweep(const SweepSpec& spec, const Catalog& catalog,
                      const FrameworkProfiles& profiles, int threads, Progress* progress) {
  SweepResult r = prepare_sweep(spec, catalog, profiles);
  if (progress) progress->set_total(r.points.size());
  r.outcomes = run_points(r.points, catalog, threads, progress);
  if (progress) progress->finish();
  analyse_sweep(r);
  return r;
}

}  // namespace servesim
