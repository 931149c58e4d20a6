// The library's one thread runner: fixed, contiguous blocks of work, the same split for the
// same thread count, and exceptions handled one way everywhere.
//
// Work is a range of n items (rows, persons, columns, tasks) cut into `threads` contiguous
// parts, part t = [n·t/T, n·(t+1)/T). Part 0 runs on the calling thread. Each part runs its
// items in order and stops at its first exception; once every part has ended, the exception
// of the lowest part that threw is rethrown, which is the exception of the lowest item that
// threw (the parts are in item order). So the caller sees the same error whatever the thread
// count, and the results of an item never depend on which thread computed it.
//
// Merging partial results (accumulators) in part order is the caller's: the runner hands each
// part its index so that it fills its own copy, as Boost.Histogram's threaded fill does.
#pragma once

#include <algorithm>
#include <cstddef>
#include <exception>
#include <thread>
#include <utility>
#include <vector>

namespace credo::detail {

/// The threads to use for n items: `requested` (0: hardware_concurrency(), at least 1), never
/// more than n (and 1 for n = 0).
inline unsigned thread_count(unsigned requested, std::size_t n) noexcept {
  const unsigned t = requested != 0 ? requested : std::max(1u, std::thread::hardware_concurrency());
  return static_cast<unsigned>(std::max<std::size_t>(1, std::min<std::size_t>(t, n)));
}

/// The first item of part t of T over n items: ⌊n·t/T⌋, computed as q·t + ⌊r·t/T⌋ with
/// n = q·T + r, which is exact and cannot overflow.
inline std::size_t part_begin(std::size_t n, unsigned t, unsigned parts) noexcept {
  return n / parts * t + n % parts * t / parts;
}

/// Runs part(t, begin, end) for t = 0, ..., threads − 1 over contiguous ranges of [0, n), on
/// `threads` threads (the caller's among them; use thread_count to choose). Rethrows the
/// exception of the lowest part that threw, after all parts have ended.
template <class Part>
void run_parts(std::size_t n, unsigned threads, Part&& part) {
  threads = std::max(1u, threads);
  if (threads == 1) {
    part(0u, std::size_t{0}, n);
    return;
  }
  std::vector<std::exception_ptr> errors(threads);
  auto one = [&](unsigned t) {
    try {
      part(t, part_begin(n, t, threads), part_begin(n, t + 1, threads));
    } catch (...) {
      errors[t] = std::current_exception();
    }
  };
  {
    std::vector<std::thread> pool;
    pool.reserve(threads - 1);
    try {
      for (unsigned t = 1; t < threads; ++t) pool.emplace_back(one, t);
    } catch (...) {
      // A thread that cannot be started: the parts not started run here, in order.
      for (unsigned t = static_cast<unsigned>(pool.size()) + 1; t < threads; ++t) one(t);
    }
    one(0);
    for (auto& th : pool) th.join();
  }
  for (auto& e : errors)
    if (e) std::rethrow_exception(e);
}

/// Runs item(i) for every i in [0, n), items split into contiguous parts over `threads`
/// threads (run_parts; a part stops at its first exception).
template <class Item>
void run_items(std::size_t n, unsigned threads, Item&& item) {
  run_parts(n, threads, [&](unsigned, std::size_t begin, std::size_t end) {
    for (std::size_t i = begin; i < end; ++i) item(i);
  });
}

/// The fold of accumulator parts (shard or block index, part) in the order given,
/// ((p0 += p1) += p2) += ..., or T{} when there is none: what one process does with its
/// shards' parts, and the order credo/mpi.hpp's ordered_merge keeps across ranks.
template <class T>
T fold_in_order(std::vector<std::pair<std::size_t, T>> parts) {
  T all{};
  bool first = true;
  for (auto& part : parts) {
    if (first) all = std::move(part.second), first = false;
    else all += part.second;
  }
  return all;
}

}  // namespace credo::detail
