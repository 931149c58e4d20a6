// One command's job over its input shards: which shards this process reads, and how the
// accumulators of the shards merge into the job's figures.
//
// Bit-identical figures on any number of ranks come from one rule: every accumulator is
// filled per shard (chunks of a shard in file order), and shard accumulators are merged in
// shard order, (((s0 += s1) += s2) += ...), whoever computed them. One process merges them
// as it goes; under MPI the ranks send theirs to rank 0, which merges in the same order and
// sends the result back (credo/mpi.hpp), so a rank count never changes a sum's rounding.
//
// Built with CREDO_CLI_WITH_MPI, the command line joins MPI when mpirun launched it
// (mpi_session in main), and current_job() is the job of MPI_COMM_WORLD; run without mpirun it
// is one process and behaves exactly as a build without MPI.
#pragma once

#include <credo/detail/parallel.hpp>

#include <cstddef>
#include <cstdlib>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#ifdef CREDO_CLI_WITH_MPI
#include <credo/mpi.hpp>
#endif

namespace credo::cli {

class job {
public:
  /// The job of one process (no MPI): it reads every shard.
  job() = default;

#ifdef CREDO_CLI_WITH_MPI
  /// The job of this rank of `comm`.
  explicit job(MPI_Comm comm) : comm_(comm), mpi_(true) {
    MPI_Comm_rank(comm, &rank_);
    MPI_Comm_size(comm, &ranks_);
  }
#endif

  int rank() const noexcept { return rank_; }
  int ranks() const noexcept { return ranks_; }
  /// Whether this process writes the outputs (rank 0).
  bool writes() const noexcept { return rank_ == 0; }

  /// The indices of the shards (of `count`) this process reads: a contiguous block per rank,
  /// rank r taking [r·count/ranks, (r+1)·count/ranks).
  std::vector<std::size_t> my_shards(std::size_t count) const {
    std::vector<std::size_t> mine;
    const std::size_t lo = count * static_cast<std::size_t>(rank_) / static_cast<std::size_t>(ranks_);
    const std::size_t hi = count * static_cast<std::size_t>(rank_ + 1) / static_cast<std::size_t>(ranks_);
    for (std::size_t s = lo; s < hi; ++s) mine.push_back(s);
    return mine;
  }

  /// The merge, in shard order, of every rank's (shard index, accumulator) parts; each rank
  /// gets the result. `parts` are this process's, in increasing shard order; an empty
  /// `parts` everywhere gives T{}.
  template <class T>
  T merge(std::vector<std::pair<std::size_t, T>> parts) const {
#ifdef CREDO_CLI_WITH_MPI
    if (mpi_) return mpi::ordered_merge(comm_, std::move(parts));
#endif
    return credo::detail::fold_in_order(std::move(parts));
  }

  /// Gives every rank rank 0's value (what rank 0 decided: cut points, coefficients); a
  /// serializable type (credo/core/archive.hpp) or std::vector<double>.
  template <class T>
  void broadcast(T& value) const {
#ifdef CREDO_CLI_WITH_MPI
    if (mpi_) mpi::broadcast(comm_, value, 0);
#endif
    (void)value;
  }

  /// Waits until every rank got here: rank 0 commits the outputs only after every rank
  /// finished its part (a rank that fails aborts the job, so rank 0 never passes this).
  void barrier() const {
#ifdef CREDO_CLI_WITH_MPI
    if (mpi_) mpi::detail::check(MPI_Barrier(comm_), "MPI_Barrier");
#endif
  }

  /// Sends a piece of bytes to rank `to`, point to point: pieces from one rank arrive in the
  /// order sent (MPI's non-overtaking rule). An empty piece is a piece too (a part's end, by
  /// the caller's convention). A piece must fit one message (under 2 GiB).
  void send_piece(std::string_view piece, int to = 0) const {
#ifdef CREDO_CLI_WITH_MPI
    if (mpi_)
      mpi::detail::check(MPI_Send(piece.data(), static_cast<int>(piece.size()), MPI_BYTE, to, piece_tag, comm_),
                         "MPI_Send");
#endif
    (void)piece;
    (void)to;
  }
  /// The next piece rank `from` sent with send_piece.
  std::string receive_piece(int from) const {
    std::string piece;
#ifdef CREDO_CLI_WITH_MPI
    if (mpi_) {
      MPI_Status st;
      mpi::detail::check(MPI_Probe(from, piece_tag, comm_, &st), "MPI_Probe");
      int n = 0;
      mpi::detail::check(MPI_Get_count(&st, MPI_BYTE, &n), "MPI_Get_count");
      piece.resize(static_cast<std::size_t>(n));
      mpi::detail::check(MPI_Recv(piece.data(), n, MPI_BYTE, from, piece_tag, comm_, MPI_STATUS_IGNORE), "MPI_Recv");
    }
#endif
    (void)from;
    return piece;
  }

  /// Whether the job runs under MPI (launched by mpirun).
  bool distributed() const noexcept { return mpi_; }

private:
  static constexpr int piece_tag = 0x5c0e;  // send_piece's messages, apart from credo/mpi.hpp's
  int rank_ = 0;
  int ranks_ = 1;
#ifdef CREDO_CLI_WITH_MPI
  MPI_Comm comm_ = MPI_COMM_NULL;
#endif
  bool mpi_ = false;
};

/// Whether an MPI launcher started this process (Open MPI's, or a PMI one as MPICH's): only
/// then does the command line join MPI, so that a plain run starts no MPI runtime.
inline bool launched_by_mpirun() {
  for (const char* v : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_RANK"})
    if (std::getenv(v)) return true;
  return false;
}

namespace detail {
inline job& job_slot() {
  static job j;
  return j;
}
}  // namespace detail

/// The job of this process: MPI_COMM_WORLD's rank under mpirun, else one process.
inline const job& current_job() { return detail::job_slot(); }

/// MPI for the life of main: initialised (MPI_THREAD_FUNNELED: only the main thread calls MPI;
/// the commands' worker threads do not) when mpirun launched the process, finalised on a
/// normal return. fail() ends a failed rank: one line naming the rank, then MPI_Abort, which
/// ends every rank (they are sent SIGTERM, which removes their temporary files), so the job
/// exits 1 and rank 0 commits nothing.
class mpi_session {
public:
  mpi_session(int& argc, char**& argv) {
#ifdef CREDO_CLI_WITH_MPI
    if (!launched_by_mpirun()) return;
    int provided = 0;
    MPI_Init_thread(&argc, &argv, MPI_THREAD_FUNNELED, &provided);
    detail::job_slot() = job(MPI_COMM_WORLD);
    active_ = true;
#else
    (void)argc;
    (void)argv;
#endif
  }
  ~mpi_session() {
#ifdef CREDO_CLI_WITH_MPI
    if (active_) MPI_Finalize();
#endif
  }
  mpi_session(const mpi_session&) = delete;
  mpi_session& operator=(const mpi_session&) = delete;

  bool active() const noexcept { return active_; }

  /// The text of a failed rank's one line, around the inner "[id] message".
  static std::string rank_failed(const std::string& inner) {
    const auto& j = current_job();
    return "rank " + std::to_string(j.rank()) + " of " + std::to_string(j.ranks()) + ": " + inner;
  }

  /// Ends the whole job after this rank printed its line (does not return under MPI).
  void abort_job() const {
#ifdef CREDO_CLI_WITH_MPI
    if (active_) MPI_Abort(MPI_COMM_WORLD, 1);
#endif
  }

private:
  bool active_ = false;
};

}  // namespace credo::cli
