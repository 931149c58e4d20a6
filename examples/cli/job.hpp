// One command's job over its input shards: which shards this process reads, and how the
// accumulators of the shards merge into the job's figures.
//
// Bit-identical figures on any number of ranks come from one rule: every accumulator is
// filled per shard (chunks of a shard in file order), and shard accumulators are merged in
// shard order, (((s0 += s1) += s2) += ...), whoever computed them. One process merges them
// as it goes; under MPI the ranks send theirs to rank 0, which merges in the same order and
// sends the result back (credo/mpi.hpp), so a rank count never changes a sum's rounding.
#pragma once

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace credo::cli {

class job {
public:
  /// The job of one process (no MPI): it reads every shard.
  job() = default;

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
    T all{};
    bool first = true;
    for (auto& [shard, part] : parts) {
      (void)shard;
      if (first) all = std::move(part), first = false;
      else all += part;
    }
    return all;
  }

private:
  int rank_ = 0;
  int ranks_ = 1;
};

}  // namespace credo::cli
