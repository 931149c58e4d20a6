// The cost of one credo::mpi::ordered_merge: rank 0 gathers every rank's serialized part,
// merges them in shard order and broadcasts the result. Run under mpirun:
//   mpirun -np 2 ./mpi_merge_timer [repeats]
// and it prints, per accumulator, the bytes of one part and the median and best time of a
// merge (every rank passes one part; the ranks meet at a barrier before each merge).
#include <credo/binning/bin_counts.hpp>
#include <credo/core/archive.hpp>
#include <credo/metrics/binned.hpp>
#include <credo/model/irls_statistics.hpp>
#include <credo/mpi.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

namespace {

/// The bin counts of every characteristic of a scorecard: 30 columns of 20 bins.
struct column_counts {
  std::vector<credo::binning::bin_counts> columns;
  column_counts& operator+=(const column_counts& o) {
    for (std::size_t j = 0; j < columns.size(); ++j) columns[j] += o.columns[j];
    return *this;
  }
  template <class Archive>
  void serialize(Archive& ar) {
    ar(columns);
  }
};

template <class T>
void time_merge(const char* name, const T& part, int repeats) {
  int rank = 0, ranks = 1;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &ranks);
  std::vector<double> us;
  for (int k = 0; k < repeats + 5; ++k) {
    std::vector<std::pair<std::size_t, T>> parts{{static_cast<std::size_t>(rank), part}};
    MPI_Barrier(MPI_COMM_WORLD);
    const auto t0 = std::chrono::steady_clock::now();
    const T merged = credo::mpi::ordered_merge(MPI_COMM_WORLD, std::move(parts));
    const auto t1 = std::chrono::steady_clock::now();
    if (k >= 5) us.push_back(std::chrono::duration<double, std::micro>(t1 - t0).count());
    (void)merged;
  }
  // The merge is over when the slowest rank has the result.
  std::vector<double> slowest(us.size());
  MPI_Reduce(us.data(), slowest.data(), static_cast<int>(us.size()), MPI_DOUBLE, MPI_MAX, 0, MPI_COMM_WORLD);
  if (rank != 0) return;
  std::sort(slowest.begin(), slowest.end());
  std::printf("%-34s %8zu bytes  median %8.1f us  best %8.1f us  (%d ranks, %d merges)\n", name,
              credo::to_bytes(part).size(), slowest[slowest.size() / 2], slowest.front(), ranks, repeats);
}

}  // namespace

int main(int argc, char** argv) {
  int provided = 0;
  MPI_Init_thread(&argc, &argv, MPI_THREAD_FUNNELED, &provided);
  const int repeats = argc > 1 ? std::atoi(argv[1]) : 200;
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> u(0, 1);

  column_counts bins;
  for (int j = 0; j < 30; ++j) {
    credo::binning::bin_counts c(20);
    for (int i = 0; i < 2000; ++i) c(static_cast<std::size_t>(u(rng) * 20), u(rng) < 0.3, 1.0);
    bins.columns.push_back(c);
  }
  time_merge("bin_counts, 30 columns x 20 bins", bins, repeats);

  credo::model::irls_statistics irls(31);  // 30 coefficients and the intercept
  Eigen::VectorXd x(30);
  for (int i = 0; i < 2000; ++i) {
    for (auto& v : x) v = u(rng);
    irls(x, u(rng) - 0.5, u(rng) < 0.3, 1.0);
  }
  time_merge("irls_statistics, 30 coefficients", irls, repeats);

  credo::metrics::binned_roc<double> hist(300, 900, 1000, credo::metrics::direction::higher_is_safer);  // a score histogram of 0.6 points
  for (int i = 0; i < 100000; ++i) hist(300 + 600 * u(rng), u(rng) < 0.3, 1.0);
  time_merge("binned_roc, 1000 score bins", hist, repeats);

  MPI_Finalize();
}
