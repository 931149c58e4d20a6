// The payment-history fast paths (detail/kernels/history.hpp) against their plain references,
// directly, on random and edge input. test_extractors.cpp checks the same paths through
// view_at against a month-by-month walk.
#include <credo/detail/kernels/history.hpp>

#include <doctest/doctest.h>

#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace {

namespace k = credo::detail::kernels;

/// A random history of n months: mostly current months (the usual file), with late, unknown
/// and invalid characters (bytes of 0x80 and above among them) mixed in at `mix`.
std::string random_history(std::mt19937_64& rng, std::size_t n, double mix) {
  static const std::string statuses = "0123456BDE";
  std::bernoulli_distribution other(mix), wild(0.2);
  std::uniform_int_distribution<std::size_t> pick(0, statuses.size() - 1);
  std::uniform_int_distribution<int> byte(0, 255);
  std::string h(n, '0');
  for (auto& c : h) {
    if (!other(rng)) {
      c = std::bernoulli_distribution(0.5)(rng) ? '0' : 'E';
      continue;
    }
    c = wild(rng) ? static_cast<char>(byte(rng)) : statuses[pick(rng)];
  }
  return h;
}

void check_history(const std::string& h) {
  CAPTURE(h);
  const bool expected = k::history_current_reference(h.data(), h.size());
  CHECK(k::history_current(h.data(), h.size()) == expected);
  CHECK(k::history_current_swar(h.data(), h.size()) == expected);
#if defined(__SSE2__)
  CHECK(k::history_current_sse2(h.data(), h.size()) == expected);
#endif
}

}  // namespace

TEST_CASE("status_level: the table is the comparisons, for every byte") {
  for (int c = 0; c < 256; ++c)
    CHECK(k::status_level(static_cast<char>(c)) == k::status_level_reference(static_cast<char>(c)));
  CHECK(k::status_level_reference('E') == 0);
  CHECK(k::status_level_reference('6') == 6);
  CHECK(k::status_level_reference('B') == -1);
  CHECK(k::status_level_reference('7') == -2);
}

TEST_CASE("bit_count: SWAR and the instruction agree with std::popcount") {
  std::mt19937_64 rng(16);
  std::vector<std::uint64_t> xs{0, 1, ~std::uint64_t{0}, 0x8000000000000000ull, 0x5555555555555555ull};
  for (int i = 0; i < 10000; ++i) xs.push_back(rng() & rng());
  for (auto x : xs) {
    CHECK(k::bit_count_swar(x) == k::bit_count_reference(x));
    CHECK(k::bit_count(x) == k::bit_count_reference(x));
  }
}

TEST_CASE("history_current: blocks and words agree with the month-by-month reference") {
  // Edge input: every length across the word and block boundaries, all current, and one
  // non-current month at each position (first, inside an overlap, last).
  for (std::size_t n = 0; n <= 70; ++n) {
    check_history(std::string(n, '0'));
    check_history(std::string(n, 'E'));
    for (std::size_t at = 0; at < n; ++at)
      for (char bad : {'1', 'B', 'D', '6', 'X', '\0', static_cast<char>(0x80), static_cast<char>(0xB0)}) {
        std::string h(n, '0');
        h[at] = bad;
        check_history(h);
      }
  }
  std::mt19937_64 rng(7);
  std::uniform_int_distribution<std::size_t> length(0, 120);
  for (int i = 0; i < 20000; ++i) check_history(random_history(rng, length(rng), i % 2 ? 0.02 : 0.3));
}

TEST_CASE("history_levels: the SSE2 masks agree with the month-by-month reference") {
  std::mt19937_64 rng(11);
  std::uniform_int_distribution<std::uint32_t> valid_bits(0, 0xFFFF);
  for (int i = 0; i < 20000; ++i) {
    const std::string h = random_history(rng, 16, 0.5);
    const std::uint32_t valid = i % 3 == 0 ? 0xFFFFu : valid_bits(rng);
    CAPTURE(h);
    CAPTURE(valid);
    const auto expected = k::history_levels_reference(h.data(), valid);
    CHECK(k::history_levels_of(h.data(), valid) == expected);
#if defined(__SSE2__)
    CHECK(k::history_levels_sse2(h.data(), valid) == expected);
#endif
  }
  // Every byte value in every position.
  for (int c = 0; c < 256; ++c)
    for (std::size_t at = 0; at < 16; ++at) {
      std::string h(16, 'E');
      h[at] = static_cast<char>(c);
      REQUIRE(k::history_levels_of(h.data(), 0xFFFFu) == k::history_levels_reference(h.data(), 0xFFFFu));
    }
}

TEST_CASE("history_blocks: the ORed block masks of a history are its months' levels") {
  std::mt19937_64 rng(5);
  std::uniform_int_distribution<std::size_t> length(0, 100);
  for (int i = 0; i < 5000; ++i) {
    const std::string h = random_history(rng, length(rng), 0.3);
    CAPTURE(h);
    // Month by month: known and late bits of the whole history (n <= 100 < 128 months).
    std::vector<int> known(h.size()), late(h.size());
    std::vector<int> seen_known(h.size()), seen_late(h.size());
    for (std::size_t m = 0; m < h.size(); ++m) {
      known[m] = k::status_level_reference(h[m]) >= 0;
      late[m] = k::status_level_reference(h[m]) >= 1;
    }
    k::history_blocks(h.data(), h.size()).for_each([&](std::size_t first, const k::history_levels& b) {
      for (std::size_t bit = 0; bit < 16; ++bit) {
        if (first + bit >= h.size()) {
          CHECK(((b.known | b.unknown) >> bit & 1u) == 0u);  // padding months are left out
          continue;
        }
        seen_known[first + bit] |= static_cast<int>(b.known >> bit & 1u);
        seen_late[first + bit] |= static_cast<int>(b.late[0] >> bit & 1u);
        CHECK(static_cast<int>(b.unknown >> bit & 1u) == 1 - known[first + bit]);
      }
    });
    CHECK(seen_known == known);
    CHECK(seen_late == late);
  }
}
