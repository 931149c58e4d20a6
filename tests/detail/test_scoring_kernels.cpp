// Each fast kernel of include/credo/detail/kernels/ against its plain reference (same
// signature): the same results, bit for bit, on random input and on the edges — values at and
// one ulp around each cut point, NaN, ±inf, ±0, every count of cut points, values and terms.
#include <credo/detail/kernels/cut_lanes.hpp>
#include <credo/detail/kernels/fused_cuts.hpp>
#include <credo/detail/kernels/plain_card.hpp>
#include <credo/detail/kernels/reason_filter.hpp>
#include <credo/model/reason_codes.hpp>

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>
#include <random>
#include <span>
#include <vector>

namespace k = credo::detail::kernels;

namespace {

/// Ascending distinct cut points, `n` of them, some with ties removed: multiples of a quarter
/// around 0 (so that −0, 0 and their neighbours are among the values tried).
template <class T>
std::vector<T> random_cuts(std::mt19937_64& rng, std::size_t n) {
  std::vector<T> c;
  for (std::size_t i = 0; i < n; ++i) c.push_back(static_cast<T>(double(i) - double(n) / 2 + 0.25 * double(rng() % 4)));
  std::sort(c.begin(), c.end());
  c.erase(std::unique(c.begin(), c.end()), c.end());
  return c;
}

/// A value on an edge of cut points c: a cut, one ulp either side, NaN, ±inf, ±0, or random.
template <class T>
T edge_value(std::mt19937_64& rng, const std::vector<T>& c) {
  constexpr T inf = std::numeric_limits<T>::infinity();
  const T at = c.empty() ? T(0) : c[rng() % c.size()];
  switch (rng() % 9) {
    case 0: return std::numeric_limits<T>::quiet_NaN();
    case 1: return inf;
    case 2: return -inf;
    case 3: return T(0);
    case 4: return -T(0);
    case 5: return std::nextafter(at, -inf);
    case 6: return std::nextafter(at, inf);
    case 7: return at;
    default: return static_cast<T>(std::uniform_real_distribution<double>(-20, 20)(rng));
  }
}

template <class T>
bool same_bits(const std::vector<T>& a, const std::vector<T>& b) {
  return a.size() == b.size() && (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(T)) == 0);
}

}  // namespace

TEST_CASE_TEMPLATE("cut_lanes: places and places_reference give the count of cut points at or below x", T, float,
                   double) {
  std::mt19937_64 rng(9);
  using lanes_type = k::cut_lanes<T>;
  using place = typename lanes_type::place;
  constexpr std::size_t w = lanes_type::width;
  for (int trial = 0; trial < 2000; ++trial) {
    lanes_type lanes;
    std::vector<std::vector<T>> cuts;
    std::vector<std::uint32_t> missing, first;
    const std::size_t terms = 1 + rng() % w;
    for (std::size_t l = 0; l < terms; ++l) {
      // every count from 0 to 40 (past the 16 levels of one straight run, twice)
      cuts.push_back(random_cuts<T>(rng, static_cast<std::size_t>(trial + 7 * l) % 41));
      missing.push_back(static_cast<std::uint32_t>(cuts.back().size() + 1));
      first.push_back(static_cast<std::uint32_t>(100 * l + static_cast<std::size_t>(trial)));
    }
    std::vector<std::span<const T>> views(cuts.begin(), cuts.end());
    const std::uint32_t pad = 7000 + static_cast<std::uint32_t>(trial);
    lanes.add_group(views, missing, first, pad);
    T x[w];
    for (std::size_t l = 0; l < w; ++l) x[l] = edge_value<T>(rng, l < terms ? cuts[l] : cuts[0]);
    alignas(16) place fast[w], ref[w];
    const auto value = [&](std::size_t l) { return x[l]; };
    lanes.places(lanes.groups[0], value, fast);
    lanes.places_reference(lanes.groups[0], value, ref);
    for (std::size_t l = 0; l < w; ++l) {
      CAPTURE(trial);
      CAPTURE(l);
      const auto want = l >= terms        ? 0
                        : std::isnan(x[l]) ? missing[l]
                                           : static_cast<std::uint32_t>(std::upper_bound(cuts[l].begin(), cuts[l].end(),
                                                                                         x[l]) - cuts[l].begin());
      const auto first_l = l < terms ? first[l] : pad;  // a lane past the terms: no cut, missing bin 0
      CHECK(ref[l] == static_cast<place>(first_l + want));
      CHECK(fast[l] == ref[l]);
    }
  }
}

TEST_CASE("lane_maxima and lane_maxima_reference keep the same values and maxima") {
  std::mt19937_64 rng(3);
  constexpr double inf = std::numeric_limits<double>::infinity();
  std::vector<double> d;
  for (int i = 0; i < 200; ++i) {
    const auto pick = rng() % 6;
    d.push_back(pick == 0 ? -inf : pick == 1 ? 0.0 : pick == 2 ? -0.0 : pick == 3 ? inf
                                                                                  : std::uniform_real_distribution<double>(-50, 50)(rng));
  }
  for (int trial = 0; trial < 500; ++trial) {
    k::lane_maxima fast;
    k::lane_maxima_reference ref;
    const int groups = static_cast<int>(rng() % 20);  // 0 groups: every maximum −∞
    for (int g = 0; g < groups; ++g) {
      std::int64_t at[4];
      for (auto& a : at) a = static_cast<std::int64_t>(rng() % d.size());
      double bf[4], br[4];
      fast.keep(d.data(), at, bf);
      ref.keep(d.data(), at, br);
      CHECK(std::memcmp(bf, br, sizeof bf) == 0);
    }
    double mf[4], mr[4];
    fast.get(mf);
    ref.get(mr);
    for (int l = 0; l < 4; ++l) CHECK(mf[l] == mr[l]);  // ±0 may differ in sign only where equal
  }
}

TEST_CASE("at_least_mask and at_least_mask_reference set the same bits, for every count") {
  std::mt19937_64 rng(5);
  constexpr double inf = std::numeric_limits<double>::infinity();
  for (int trial = 0; trial < 3000; ++trial) {
    const std::size_t n = static_cast<std::size_t>(trial) % 65;  // 0 to 64 values
    const double bars[] = {std::numeric_limits<double>::denorm_min(), 0.0, -0.0, 1.5, -inf, inf};
    const double least = bars[rng() % 6];
    std::vector<double> b(n);
    for (auto& v : b) {
      const auto pick = rng() % 8;
      v = pick == 0   ? std::numeric_limits<double>::quiet_NaN()
          : pick == 1 ? inf
          : pick == 2 ? -inf
          : pick == 3 ? (rng() % 2 ? 0.0 : -0.0)
          : pick == 4 ? least
          : pick == 5 ? std::nextafter(least, -inf)
          : pick == 6 ? std::nextafter(least, inf)
                      : std::uniform_real_distribution<double>(-3, 3)(rng);
    }
    CAPTURE(n);
    const std::uint64_t ref = k::at_least_mask_reference(b.data(), n, least);
    CHECK(k::at_least_mask(b.data(), n, least) == ref);
    for (std::size_t i = 0; i < n; ++i) CHECK(((ref >> i) & 1) == static_cast<std::uint64_t>(!(b[i] < least)));
    if (n < 64) CHECK((ref >> n) == 0);
  }
}

TEST_CASE_TEMPLATE("fused_add and fused_add_reference add the same bits", T, float, double) {
  std::mt19937_64 rng(11);
  using Real = T;
  for (int trial = 0; trial < 600; ++trial) {
    const std::size_t count = 1 + static_cast<std::size_t>(trial) % k::max_fused_terms;
    const std::size_t rows = std::vector<std::size_t>{0, 1, 3, 8, 17, 64, 333}[rng() % 7];
    std::vector<std::vector<T>> cuts(count), x(count);
    std::vector<std::vector<Real>> points(count);
    k::fused_term<T, Real> g[k::max_fused_terms];
    for (std::size_t q = 0; q < count; ++q) {
      // every cut count 0 to 15, each term its own
      cuts[q] = random_cuts<T>(rng, (static_cast<std::size_t>(trial) / 3 + 5 * q) % (k::max_fused_cuts + 1));
      for (std::size_t b = 0; b < cuts[q].size() + 2; ++b)
        points[q].push_back(static_cast<Real>(std::uniform_real_distribution<double>(-40, 40)(rng)));
      for (std::size_t i = 0; i < rows; ++i) x[q].push_back(edge_value<T>(rng, cuts[q]));
      g[q] = {x[q].data(), cuts[q].data(), points[q].data(), cuts[q].size()};
    }
    std::vector<Real> start(rows);
    for (auto& a : start) a = static_cast<Real>(std::uniform_real_distribution<double>(0, 500)(rng));
    std::vector<Real> fast = start, ref = start;
    k::fused_add(g, count, rows, fast.data());
    k::fused_add_reference(g, count, rows, ref.data());
    CAPTURE(trial);
    CHECK(same_bits(fast, ref));
    // the reference is the sum of each term's points by a binary search, in term order
    for (std::size_t i = 0; i < rows; ++i) {
      Real a = start[i];
      for (std::size_t q = 0; q < count; ++q) {
        const T xi = x[q][i];
        const std::size_t b = std::isnan(xi) ? cuts[q].size() + 1
                                             : static_cast<std::size_t>(std::upper_bound(cuts[q].begin(), cuts[q].end(), xi) -
                                                                        cuts[q].begin());
        a += points[q][b];
      }
      CHECK(std::memcmp(&a, &ref[i], sizeof a) == 0);
    }
  }
}

TEST_CASE_TEMPLATE("plain_card: score and score_reference give the same bits and reasons", T, float, double) {
  std::mt19937_64 rng(13);
  using Real = double;
  for (int trial = 0; trial < 300; ++trial) {
    const std::size_t m = 1 + rng() % 140;  // past one chunk of 64 terms, twice
    std::vector<std::vector<double>> cuts_d(m);
    std::vector<std::vector<float>> cuts_f(m);
    std::vector<Real> points;
    std::vector<k::plain_term> terms(m);
    for (std::size_t j = 0; j < m; ++j) {
      cuts_d[j] = random_cuts<double>(rng, rng() % 21);
      for (double c : cuts_d[j]) {  // the smallest float at or above each cut
        float f = static_cast<float>(c);
        if (static_cast<double>(f) < c) f = std::nextafter(f, std::numeric_limits<float>::infinity());
        cuts_f[j].push_back(f);
      }
      const std::size_t first = points.size();
      // points on a few values: ties within and across characteristics
      for (std::size_t b = 0; b < cuts_d[j].size() + 2; ++b) points.push_back(static_cast<Real>(rng() % 7) * 2.5);
      terms[j] = {cuts_d[j], cuts_f[j], cuts_d[j].size() + 2, first, static_cast<double>(rng() % 5) * 3.0};
    }
    const k::plain_card<Real> card(terms, points);
    REQUIRE(card.padded_size() % 4 == 0);
    std::vector<T> x(card.padded_size());
    for (std::size_t j = 0; j < m; ++j) {
      std::vector<T> c;
      if constexpr (std::is_same_v<T, float>) c.assign(cuts_f[j].begin(), cuts_f[j].end());
      else c = cuts_d[j];
      x[j] = edge_value<T>(rng, c);
    }
    for (std::size_t j = m; j < x.size(); ++j) x[j] = edge_value<T>(rng, {});  // read when padded, never used
    const auto value = [&](std::size_t j) { return x[j]; };
    const std::size_t max_reasons = rng() % 7;
    std::vector<credo::model::reason_code> rf(max_reasons), rp(max_reasons), rr(max_reasons);
    credo::model::reason_ranker fast(rf, max_reasons), padded(rp, max_reasons), ref(rr, max_reasons);
    const Real base = 17.25;
    const Real sf = card.template score<T, false>(value, base, fast);
    const Real sp = card.template score<T, true>(value, base, padded);
    const Real sr = card.template score_reference<T, false>(value, base, ref);
    CAPTURE(trial);
    CHECK(std::memcmp(&sf, &sr, sizeof sf) == 0);
    CHECK(std::memcmp(&sp, &sr, sizeof sp) == 0);
    REQUIRE(fast.size() == ref.size());
    REQUIRE(padded.size() == ref.size());
    for (std::size_t i = 0; i < ref.size(); ++i) {
      CHECK(rf[i] == rr[i]);
      CHECK(rp[i] == rr[i]);
    }
  }
}
