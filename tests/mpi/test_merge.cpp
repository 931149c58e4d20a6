// ordered_merge over 3 ranks equals, bit for bit, one process's merge of the same per-shard
// accumulators in shard order: 7 shards, given to the ranks in contiguous blocks as the
// command line's job does (rank r takes [r·7/3, (r+1)·7/3)).
#include "filled_accumulators.hpp"

#include <credo/core/archive.hpp>
#include <credo/mpi.hpp>

#include <doctest/doctest.h>

#include <cstring>
#include <vector>

namespace {

using namespace credo_test;
constexpr std::size_t shards = 7;

int world_rank() {
  int r = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &r);
  return r;
}
int world_size() {
  int n = 0;
  MPI_Comm_size(MPI_COMM_WORLD, &n);
  return n;
}

bool same_bytes(const std::vector<std::byte>& a, const std::vector<std::byte>& b) {
  return a.size() == b.size() && (a.empty() || std::memcmp(a.data(), b.data(), a.size()) == 0);
}

/// This rank's parts: its contiguous block of the shards.
template <class Fill>
auto my_parts(Fill fill, int rank, int ranks) {
  std::vector<std::pair<std::size_t, decltype(fill(0))>> parts;
  const std::size_t lo = shards * static_cast<std::size_t>(rank) / static_cast<std::size_t>(ranks);
  const std::size_t hi = shards * static_cast<std::size_t>(rank + 1) / static_cast<std::size_t>(ranks);
  for (std::size_t s = lo; s < hi; ++s) parts.emplace_back(s, fill(s));
  return parts;
}

/// One process's merge in shard order: ((s0 += s1) += s2) += ...
template <class Fill>
auto shard_order(Fill fill) {
  auto all = fill(0);
  for (std::size_t s = 1; s < shards; ++s) all += fill(s);
  return all;
}

/// The merge the ranks' blocks would give if each rank first merged its own shards (a tree
/// fixed by the rank count): the order ordered_merge does not use.
template <class Fill>
auto block_tree(Fill fill, int ranks) {
  decltype(fill(0)) all{};
  for (int r = 0; r < ranks; ++r) {
    auto parts = my_parts(fill, r, ranks);
    auto block = parts.front().second;
    for (std::size_t i = 1; i < parts.size(); ++i) block += parts[i].second;
    if (r == 0) all = block;
    else all += block;
  }
  return all;
}

template <class Fill>
void check_bit_identical(Fill fill) {
  const auto reference = credo::to_bytes(shard_order(fill));
  const auto merged = credo::mpi::ordered_merge(MPI_COMM_WORLD, my_parts(fill, world_rank(), world_size()));
  CHECK(same_bytes(credo::to_bytes(merged), reference));
  CHECK(merged == shard_order(fill));
  // On one rank (each rank alone in its communicator) with every shard.
  MPI_Comm alone;
  MPI_Comm_split(MPI_COMM_WORLD, world_rank(), 0, &alone);
  const auto single = credo::mpi::ordered_merge(alone, my_parts(fill, 0, 1));
  MPI_Comm_free(&alone);
  CHECK(same_bytes(credo::to_bytes(single), reference));
}

}  // namespace

TEST_CASE("ordered_merge over the ranks gives one process's shard-order merge bit for bit") {
  REQUIRE(world_size() == 3);
  check_bit_identical([](std::size_t s) { return filled_bin_counts(s, 20); });
  check_bit_identical([](std::size_t s) { return filled_irls(s, 6); });
  check_bit_identical([](std::size_t s) { return filled_scores<credo::metrics::auc<double>>(s); });
  check_bit_identical([](std::size_t s) {
    return filled_scores<credo::metrics::auc<double, credo::metrics::score_histogram<double>>>(s);
  });
  check_bit_identical([](std::size_t s) { return filled_scores(s, credo::metrics::binned_roc<double>(0, 1, 64, credo::metrics::direction::higher_is_safer)); });
  check_bit_identical([](std::size_t s) { return filled_group_counts(s); });
  check_bit_identical([](std::size_t s) { return filled_group_auc(s); });
  check_bit_identical([](std::size_t s) { return filled_coverage_counts(s); });
  check_bit_identical([](std::size_t s) { return filled_source_patterns(s); });
  check_bit_identical([](std::size_t s) { return filled_condition_patterns(s); });
}

TEST_CASE("the merge order matters: a tree fixed by the ranks' blocks gives other bits") {
  // Sums of non-integer weights: merging the blocks first rounds differently, which is what
  // the fixed shard order avoids (and why the test above can fail).
  const auto irls = [](std::size_t s) { return filled_irls(s, 6); };
  CHECK_FALSE(same_bytes(credo::to_bytes(block_tree(irls, 3)), credo::to_bytes(shard_order(irls))));
  const auto merged = credo::mpi::ordered_merge(MPI_COMM_WORLD, my_parts(irls, world_rank(), world_size()));
  CHECK_FALSE(same_bytes(credo::to_bytes(merged), credo::to_bytes(block_tree(irls, 3))));
}

TEST_CASE("parts in any spread: uneven ranks, a rank without parts, parts out of order") {
  const auto fill = [](std::size_t s) { return filled_bin_counts(s, 20); };
  std::vector<std::pair<std::size_t, credo::binning::bin_counts>> parts;
  if (world_rank() == 0) parts = {{5, fill(5)}, {0, fill(0)}};
  if (world_rank() == 2) parts = {{6, fill(6)}, {1, fill(1)}, {3, fill(3)}, {2, fill(2)}, {4, fill(4)}};
  const auto merged = credo::mpi::ordered_merge(MPI_COMM_WORLD, std::move(parts));
  CHECK(same_bytes(credo::to_bytes(merged), credo::to_bytes(shard_order(fill))));
  const auto none = credo::mpi::ordered_merge(MPI_COMM_WORLD, std::vector<std::pair<std::size_t, credo::binning::bin_counts>>{});
  CHECK(none == credo::binning::bin_counts{});
}

TEST_CASE("large parts travel in pieces") {
  auto& limit = credo::mpi::detail::max_message();
  const auto saved = limit;
  limit = 100;  // bytes: every part and the result go in many messages
  const auto fill = [](std::size_t s) { return filled_group_counts(s); };
  const auto merged = credo::mpi::ordered_merge(MPI_COMM_WORLD, my_parts(fill, world_rank(), world_size()));
  std::vector<double> beta;
  if (world_rank() == 0) beta.assign(50, 0.1);
  credo::mpi::broadcast(MPI_COMM_WORLD, beta);
  limit = saved;
  CHECK(same_bytes(credo::to_bytes(merged), credo::to_bytes(shard_order(fill))));
  CHECK(beta == std::vector<double>(50, 0.1));
}

TEST_CASE("reduce merges in rank order; broadcast gives rank 0's value") {
  const auto local = filled_bin_counts(static_cast<std::size_t>(world_rank()));
  auto expect = filled_bin_counts(0);
  for (std::size_t r = 1; r < 3; ++r) expect += filled_bin_counts(r);
  CHECK(same_bytes(credo::to_bytes(credo::mpi::reduce(MPI_COMM_WORLD, local)), credo::to_bytes(expect)));

  std::vector<double> beta{world_rank() == 0 ? 0.1 : 7.0, -2.5e-300, 3.0};
  credo::mpi::broadcast(MPI_COMM_WORLD, beta);
  CHECK(beta == std::vector<double>{0.1, -2.5e-300, 3.0});
  auto roc = world_rank() == 0 ? filled_scores(3, credo::metrics::binned_roc<double>(0, 1, 10, credo::metrics::direction::higher_is_safer))
                               : credo::metrics::binned_roc<double>(-1, 1, 3, credo::metrics::direction::higher_is_safer);
  credo::mpi::broadcast(MPI_COMM_WORLD, roc);
  CHECK(roc == filled_scores(3, credo::metrics::binned_roc<double>(0, 1, 10, credo::metrics::direction::higher_is_safer)));
}

TEST_CASE("two ranks claiming one shard fail on every rank with credo.mpi.duplicate_shard") {
  std::vector<std::pair<std::size_t, credo::binning::bin_counts>> parts;
  parts.emplace_back(world_rank() == 2 ? 0 : static_cast<std::size_t>(world_rank()), filled_bin_counts(0));
  CHECK_THROWS_WITH_AS(credo::mpi::ordered_merge(MPI_COMM_WORLD, parts),
                       "[credo.mpi.duplicate_shard] shard 0 is passed by rank 0 and by rank 2; each shard belongs to one rank",
                       credo::invalid_input);
}

TEST_CASE("parts that do not merge fail on every rank with credo.mpi.merge_failed") {
  std::vector<std::pair<std::size_t, credo::binning::bin_counts>> parts;
  parts.emplace_back(static_cast<std::size_t>(world_rank()), filled_bin_counts(0, world_rank() == 1 ? 5 : 20));
  CHECK_THROWS_WITH_AS(credo::mpi::ordered_merge(MPI_COMM_WORLD, parts),
                       doctest::Contains("[credo.mpi.merge_failed] rank 0 could not merge the parts: "
                                         "[credo.binning.size_mismatch]"),
                       credo::invalid_input);
}
