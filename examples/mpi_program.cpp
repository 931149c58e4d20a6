// An MPI program: each rank counts its shards of German credit (row ranges of
// data/german_credit.csv, 7 shards in contiguous blocks over the ranks), and the merged bin
// counts of duration and AUC of credit_amount are those of one process, bit for bit.
//   mpirun -np 3 ./mpi_program data/german_credit.csv
#include <credo/binning/bin_counts.hpp>
#include <credo/io/csv.hpp>
#include <credo/metrics/auc.hpp>
#include <credo/mpi.hpp>

#include <cstdio>
#include <cstring>
#include <exception>
#include <string>
#include <vector>

namespace {

constexpr std::size_t shards = 7;
const std::vector<double> duration_cuts{12, 24, 36};  // months: bins (-inf,12], (12,24], ...

struct shard_counts {
  credo::binning::bin_counts bins{duration_cuts.size() + 1};
  credo::metrics::auc<double> auc{credo::metrics::direction::higher_is_riskier};
};

shard_counts count_shard(const credo::table& t, std::size_t shard) {
  const std::size_t lo = t.rows() * shard / shards, hi = t.rows() * (shard + 1) / shards;
  const auto duration = t["duration"].values(), amount = t["credit_amount"].values();
  const auto bad = t.target();
  shard_counts c;
  for (std::size_t r = lo; r < hi; ++r) {
    std::size_t bin = 0;
    while (bin < duration_cuts.size() && duration[r] > duration_cuts[bin]) ++bin;
    c.bins(bin, bad[r] != 0, 1.0);
    c.auc(amount[r], bad[r] != 0, 1.0);
  }
  return c;
}

bool same_bytes(const std::vector<std::byte>& a, const std::vector<std::byte>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size()) == 0;
}

int run(const std::string& path) {
  int rank = 0, ranks = 1;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &ranks);
  credo::io::csv_options opt;
  opt.target = "class";
  opt.bad_value = "bad";
  const auto t = credo::io::read_csv(path, opt);

  // This rank's shards: [rank·7/ranks, (rank+1)·7/ranks).
  std::vector<std::pair<std::size_t, credo::binning::bin_counts>> bins;
  std::vector<std::pair<std::size_t, credo::metrics::auc<double>>> aucs;
  const auto r = static_cast<std::size_t>(rank), n = static_cast<std::size_t>(ranks);
  for (std::size_t s = shards * r / n; s < shards * (r + 1) / n; ++s) {
    auto c = count_shard(t, s);
    bins.emplace_back(s, std::move(c.bins));
    aucs.emplace_back(s, std::move(c.auc));
  }
  const auto all_bins = credo::mpi::ordered_merge(MPI_COMM_WORLD, std::move(bins));
  const auto all_auc = credo::mpi::ordered_merge(MPI_COMM_WORLD, std::move(aucs));
  if (rank != 0) return 0;

  // One process's merge of the same shards in shard order.
  auto one = count_shard(t, 0);
  for (std::size_t s = 1; s < shards; ++s) {
    auto c = count_shard(t, s);
    one.bins += c.bins;
    one.auc += c.auc;
  }
  std::printf("%d ranks, %zu shards of %zu rows\n", ranks, shards, t.rows());
  for (std::size_t b = 0; b < all_bins.size(); ++b)
    std::printf("  duration bin %zu: %3.0f goods, %3.0f bads\n", b, all_bins.goods(b), all_bins.bads(b));
  std::printf("  AUC of credit_amount (higher is riskier): %.6f\n", all_auc.value());
  const bool same = same_bytes(credo::to_bytes(all_bins), credo::to_bytes(one.bins)) &&
                    same_bytes(credo::to_bytes(all_auc), credo::to_bytes(one.auc));
  std::printf("  bit-identical to one process: %s\n", same ? "yes" : "NO");
  return same ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  int provided = 0;
  MPI_Init_thread(&argc, &argv, MPI_THREAD_FUNNELED, &provided);
  int rc = 1;
  try {
    rc = run(argc > 1 ? argv[1] : "data/german_credit.csv");
  } catch (const std::exception& e) {
    std::fprintf(stderr, "mpi_program: %s\n", e.what());
    MPI_Abort(MPI_COMM_WORLD, 1);
  }
  MPI_Finalize();
  return rc;
}
