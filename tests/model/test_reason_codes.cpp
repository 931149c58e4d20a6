// reason_ranker (model/reason_codes.hpp): offer_all, which filters the values that can still
// be reasons (detail/kernels/reason_filter.hpp), keeps exactly the reasons of one offer() per
// value in card order: random values, ties, zero, ±inf, NaN and denormals, any k and any
// buffer size, in one or two calls, with the group maxima taken here or given by the caller.
#include <credo/model/reason_codes.hpp>

#include <doctest/doctest.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>
#include <random>
#include <span>
#include <vector>

using credo::model::reason_code;
using credo::model::reason_ranker;

namespace {
constexpr double infinity = std::numeric_limits<double>::infinity();
constexpr double quiet_nan = std::numeric_limits<double>::quiet_NaN();

bool same_bits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

/// n points-below values for the ranker tests: uniform ones and values from `pool` (ties,
/// zero, ±inf, denormals), with bins 0..4.
template <std::size_t N>
void random_offers(std::mt19937_64& rng, std::size_t n, const double (&pool)[N], std::vector<double>& below,
                   std::vector<std::uint32_t>& bins) {
  below.resize(n);
  bins.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    below[i] = rng() % 3 == 0 ? std::uniform_real_distribution<double>(-2, 5)(rng) : pool[rng() % N];
    bins[i] = static_cast<std::uint32_t>(rng() % 5);
  }
}

/// The same reasons, bit for bit, in the same places of two buffers.
void check_same_reasons(const std::vector<reason_code>& got, const std::vector<reason_code>& want) {
  REQUIRE(got.size() == want.size());
  for (std::size_t i = 0; i < got.size(); ++i) {
    CHECK(got[i].characteristic == want[i].characteristic);
    CHECK(got[i].bin == want[i].bin);
    CHECK(same_bits(got[i].points_below, want[i].points_below));
  }
}
}  // namespace

TEST_CASE("offer_all keeps the reasons of one offer() per value, in order") {
  std::mt19937_64 rng(4);
  const double pool[] = {-1.0, 0.0, 0.5, 1.0, 2.0, 2.0, 3.0, quiet_nan, infinity, -infinity, 4.9e-324};
  for (int trial = 0; trial < 3000; ++trial) {
    const std::size_t n = rng() % 150, k = rng() % 7, buffer = rng() % 9;
    std::vector<double> below;
    std::vector<std::uint32_t> bins;
    random_offers(rng, n, pool, below, bins);
    std::vector<reason_code> one(buffer), all(buffer);
    reason_ranker each(one, k), bulk(all, k);
    for (std::size_t i = 0; i < n; ++i) each.offer(static_cast<std::uint32_t>(i), bins[i], below[i]);
    // in two calls, as score_plain's chunks do
    const std::size_t split = n == 0 ? 0 : rng() % (n + 1);
    bulk.offer_all(0, std::span<const double>(below).first(split), std::span<const std::uint32_t>(bins).first(split));
    bulk.offer_all(static_cast<std::uint32_t>(split), std::span<const double>(below).subspan(split),
                   std::span<const std::uint32_t>(bins).subspan(split));
    CAPTURE(trial);
    REQUIRE(bulk.size() == each.size());
    check_same_reasons(all, one);
  }
}

TEST_CASE("offer_all with the caller's value of each group keeps the reasons of one offer() per value") {
  // Any value of each interleaved group (not only its maximum), −∞ for an empty group, and
  // values padded with −∞ to whole groups, as score_plain passes them.
  std::mt19937_64 rng(5);
  const double pool[] = {-1.0, 0.0, 0.5, 1.0, 2.0, 2.0, 3.0, infinity, -infinity, 4.9e-324};
  for (int trial = 0; trial < 3000; ++trial) {
    const std::size_t n = rng() % 70, k = rng() % 7, buffer = rng() % 9;
    std::vector<double> below;
    std::vector<std::uint32_t> bins;
    random_offers(rng, n, pool, below, bins);
    std::vector<reason_code> one(buffer), all(buffer);
    reason_ranker each(one, k), bulk(all, k);
    for (std::size_t i = 0; i < n; ++i) each.offer(static_cast<std::uint32_t>(i), bins[i], below[i]);
    std::vector<double> padded = below;
    if (rng() % 2) padded.resize((n + 3) / 4 * 4, -infinity);
    double group[4];
    for (std::size_t g = 0; g < 4; ++g) {
      std::vector<double> of;
      for (std::size_t i = g; i < padded.size(); i += 4) of.push_back(padded[i]);
      group[g] = of.empty() ? -infinity : rng() % 2 ? *std::max_element(of.begin(), of.end()) : of[rng() % of.size()];
    }
    bulk.offer_all(0, padded, [&](std::size_t i) { return bins[i]; }, group);
    CAPTURE(trial);
    REQUIRE(bulk.size() == each.size());
    check_same_reasons(all, one);
  }
}
