// The one thread runner (detail/parallel.hpp): fixed contiguous parts, every item once, and the
// lowest failing item's exception whatever the thread count.
#include <credo/detail/parallel.hpp>

#include <doctest/doctest.h>

#include <atomic>
#include <cstddef>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

using credo::detail::part_begin;
using credo::detail::run_items;
using credo::detail::run_parts;
using credo::detail::thread_count;

TEST_CASE("parts are floor(n*t/T), contiguous and cover [0, n)") {
  for (std::size_t n : {0u, 1u, 2u, 7u, 100u, 1001u})
    for (unsigned parts = 1; parts <= 9; ++parts) {
      CHECK(part_begin(n, 0, parts) == 0);
      CHECK(part_begin(n, parts, parts) == n);
      for (unsigned t = 0; t <= parts; ++t) CHECK(part_begin(n, t, parts) == n * t / parts);
    }
  // exact where n·t would overflow
  const std::size_t big = std::numeric_limits<std::size_t>::max() - 3;
  CHECK(part_begin(big, 3, 3) == big);
  CHECK(part_begin(big, 1, 2) == big / 2);
}

TEST_CASE("thread_count: the request, at most n, at least 1") {
  CHECK(thread_count(4, 100) == 4);
  CHECK(thread_count(4, 3) == 3);
  CHECK(thread_count(4, 0) == 1);
  CHECK(thread_count(0, 100) >= 1);
}

TEST_CASE("run_parts and run_items run every item once, in its fixed part") {
  for (unsigned threads : {1u, 2u, 3u, 8u}) {
    CAPTURE(threads);
    const std::size_t n = 1000;
    std::vector<int> runs(n, 0);
    std::vector<unsigned> part_of(n, 99);
    run_parts(n, threads, [&](unsigned t, std::size_t begin, std::size_t end) {
      CHECK(begin == part_begin(n, t, threads));
      CHECK(end == part_begin(n, t + 1, threads));
      for (std::size_t i = begin; i < end; ++i) {
        ++runs[i];
        part_of[i] = t;
      }
    });
    CHECK(runs == std::vector<int>(n, 1));
    for (std::size_t i = 1; i < n; ++i) CHECK(part_of[i] >= part_of[i - 1]);
    std::atomic<std::size_t> sum{0};
    run_items(n, threads, [&](std::size_t i) { sum += i; });
    CHECK(sum == n * (n - 1) / 2);
  }
}

TEST_CASE("the lowest failing item's exception is rethrown, after every part has ended") {
  for (unsigned threads : {1u, 2u, 3u, 5u}) {
    CAPTURE(threads);
    std::atomic<int> ended{0};
    auto item = [&](std::size_t i) {
      if (i == 40 || i == 41 || i == 90) throw std::runtime_error("item " + std::to_string(i));
    };
    CHECK_THROWS_WITH_AS(run_items(100, threads, item), "item 40", std::runtime_error);
    CHECK_THROWS_WITH_AS(run_parts(100, threads,
                                   [&](unsigned, std::size_t b, std::size_t e) {
                                     for (std::size_t i = b; i < e; ++i) item(i);
                                     ++ended;
                                   }),
                         "item 40", std::runtime_error);
    // the parts that hold no failing item ran to their end
    int failing_parts = 0;
    for (unsigned t = 0; t < threads; ++t) {
      const std::size_t b = part_begin(100, t, threads), e = part_begin(100, t + 1, threads);
      bool fails = false;
      for (std::size_t i : {40u, 41u, 90u}) fails = fails || (i >= b && i < e);
      failing_parts += fails;
    }
    CHECK(ended == static_cast<int>(threads) - failing_parts);
  }
}

TEST_CASE("fold_in_order adds the parts left to right, and gives T{} for none") {
  // Floating-point addition is not associative: ((1e16 + 1) + 1) != 1e16 + (1 + 1), so the
  // result shows the order.
  struct sum {
    double v = 0;
    sum& operator+=(const sum& o) {
      v += o.v;
      return *this;
    }
  };
  std::vector<std::pair<std::size_t, sum>> parts{{0, {1e16}}, {1, {1}}, {2, {1}}};
  CHECK(credo::detail::fold_in_order(parts).v == (1e16 + 1) + 1);
  CHECK(credo::detail::fold_in_order(parts).v != 1e16 + 2);
  CHECK(credo::detail::fold_in_order(std::vector<std::pair<std::size_t, sum>>{}).v == 0);
}
