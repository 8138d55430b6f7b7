// MPI for sweeps: initialisation, failure agreement between ranks and gathering outcomes on
// rank 0. The only file that includes mpi.h.
#include "sim/cli/mpi_sweep.hpp"

#include <fmt/format.h>
#include <mpi.h>

#include <algorithm>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>

#include "sim/core/error.hpp"
#include "sim/output/table_bytes.hpp"
#include "sim/sweep/outcome_tables.hpp"
#include "sim/sweep/sweep_merge.hpp"
#include "sim/sweep/sweep_shard.hpp"

namespace servesim::cli {
namespace {

constexpr int kTagBytes = 1, kTagFailure = 2;
constexpr std::size_t kChunkBytes = std::size_t{1} << 30;  // MPI counts are ints

/// MPI_Init_thread on construction, MPI_Finalize on destruction (also while unwinding).
class MpiRuntime {
 public:
  MpiRuntime() {
    int provided = 0;
    // Only the main thread calls MPI; the sweep's worker threads never do.
    MPI_Init_thread(nullptr, nullptr, MPI_THREAD_FUNNELED, &provided);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
    MPI_Comm_size(MPI_COMM_WORLD, &size_);
  }
  ~MpiRuntime() { MPI_Finalize(); }
  MpiRuntime(const MpiRuntime&) = delete;
  MpiRuntime& operator=(const MpiRuntime&) = delete;
  int rank() const { return rank_; }
  int size() const { return size_; }

 private:
  int rank_ = 0, size_ = 1;
};

/// A step's failure on this rank: exit code 2 (input) or 3 (internal), and the message.
struct Failure {
  int code = 0;
  std::string message;
};

/// Ends a rank other than 0 after a failure that rank 0 reports.
struct StopQuietly {
  int code;
};

template <typename F>
Failure attempt(F step) {
  try {
    step();
  } catch (const InputError& e) {
    return {2, e.what()};
  } catch (const std::exception& e) {
    return {3, e.what()};
  }
  return {};
}

void send_bytes(const std::string& bytes, int to, int tag) {
  const std::uint64_t n = bytes.size();
  MPI_Send(&n, 1, MPI_UINT64_T, to, tag, MPI_COMM_WORLD);
  for (std::size_t at = 0; at < bytes.size(); at += kChunkBytes) {
    const int len = static_cast<int>(std::min(kChunkBytes, bytes.size() - at));
    MPI_Send(bytes.data() + at, len, MPI_BYTE, to, tag, MPI_COMM_WORLD);
  }
}

std::string receive_bytes(int from, int tag) {
  std::uint64_t n = 0;
  MPI_Recv(&n, 1, MPI_UINT64_T, from, tag, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
  std::string bytes(n, '\0');
  for (std::size_t at = 0; at < bytes.size(); at += kChunkBytes) {
    const int len = static_cast<int>(std::min(kChunkBytes, bytes.size() - at));
    MPI_Recv(bytes.data() + at, len, MPI_BYTE, from, tag, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
  }
  return bytes;
}

/// Every rank learns whether any failed; then rank 0 throws the failure of the lowest failing
/// rank and the others stop quietly.
void agree(const Failure& mine, const MpiRuntime& mpi) {
  const int candidate = mine.code ? mpi.rank() : mpi.size();
  int first = mpi.size();
  MPI_Allreduce(&candidate, &first, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD);
  if (first == mpi.size()) return;
  Failure f = mine;
  if (first != 0) {
    if (mpi.rank() == first)
      send_bytes(fmt::format("{}{}", mine.code, mine.message), 0, kTagFailure);
    if (mpi.rank() == 0) {
      const std::string m = receive_bytes(first, kTagFailure);
      f = {m.empty() ? 3 : m.front() - '0', fmt::format("rank {}: {}", first, m.substr(1))};
    }
  }
  int code = f.code;
  MPI_Bcast(&code, 1, MPI_INT, 0, MPI_COMM_WORLD);
  if (mpi.rank() != 0) throw StopQuietly{code};
  if (f.code == 2) throw InputError(f.message);
  throw std::runtime_error(f.message);
}

}  // namespace

int sweep_on_mpi_ranks(const RankedSweep& steps) {
  MpiRuntime mpi;
  try {
    std::optional<SweepResult> r;
    agree(attempt([&] { r = steps.prepare(mpi.rank(), mpi.size()); }), mpi);
    const ShardSpec share{static_cast<std::size_t>(mpi.rank()),
                          static_cast<std::size_t>(mpi.size())};
    const std::vector<std::size_t> positions = shard_positions(r->points.size(), share);
    std::vector<PointOutcome> outcomes;
    agree(attempt([&] { outcomes = steps.run(*r, positions, mpi.rank()); }), mpi);

    const OutcomeTables mine = outcome_tables(r->points, positions, outcomes);
    if (mpi.rank() != 0) {
      send_bytes(tables_to_bytes({mine.outcomes, mine.pools}), 0, kTagBytes);
      return 0;
    }
    std::vector<OutcomePart> parts;
    parts.push_back({"rank 0", outcomes_from_tables(mine, "rank 0")});
    for (int k = 1; k < mpi.size(); ++k) {
      const std::string name = fmt::format("rank {}", k);
      std::vector<Table> t = tables_from_bytes(receive_bytes(k, kTagBytes), name);
      SERVESIM_CHECK(t.size() == 2, "a rank sends its outcome and pool tables");
      parts.push_back({name, outcomes_from_tables({std::move(t[0]), std::move(t[1])}, name)});
    }
    place_outcomes(*r, std::move(parts));
    analyse_sweep(*r);
    return steps.finish(*r);
  } catch (const StopQuietly& s) {
    return s.code;
  }
}

std::string mpi_library_version() {
  char text[MPI_MAX_LIBRARY_VERSION_STRING] = {0};
  int len = 0;
  MPI_Get_library_version(text, &len);
  std::string s(text, static_cast<std::size_t>(std::max(0, len)));
  const auto end = s.find_first_of("\r\n");
  return end == std::string::npos ? s : s.substr(0, end);
}

}  // namespace servesim::cli
