// The radix sort behind the exact rank metrics sorts like std::stable_sort.
#include <credo/metrics/detail/radix_sort.hpp>

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <tuple>
#include <utility>
#include <vector>

namespace d = credo::metrics::detail;

TEST_CASE_TEMPLATE("keys keep the numeric order and round-trip", Real, float, double) {
  const Real v[] = {-std::numeric_limits<Real>::infinity(), -1e30f, -1, -0.5f, Real(-0.0), 0, 1e-30f, 0.5f, 1, 1e30f,
                    std::numeric_limits<Real>::infinity()};
  for (std::size_t i = 0; i + 1 < std::size(v); ++i) {
    if (v[i] == v[i + 1]) {
      CHECK(d::to_key(v[i]) == d::to_key(v[i + 1]));  // −0 and +0
    } else {
      CHECK(d::to_key(v[i]) < d::to_key(v[i + 1]));
    }
    CHECK(d::from_key<Real>(d::to_key(v[i])) == v[i]);
  }
}

TEST_CASE_TEMPLATE("radix sort equals std::stable_sort, payload included", Real, float, double) {
  std::mt19937_64 gen(99);
  std::normal_distribution<double> nd(0, 1);
  for (std::size_t n : {0, 1, 5, 100, 511, 512, 3000, 70000}) {
    for (int kind = 0; kind < 3; ++kind) {
      using K = d::radix_key_t<Real>;
      std::vector<std::pair<K, Real>> rows(n);
      for (std::size_t i = 0; i < n; ++i) {
        double x = nd(gen) * 1000;
        if (kind == 1) x = std::round(x / 50);          // heavy ties
        if (kind == 2) x = 1e-3 * (1 + 1e-12 * nd(gen));  // keys differing in the low bits only
        rows[i] = {d::to_key(static_cast<Real>(x)), static_cast<Real>(i)};
      }
      std::vector<K> keys(n);
      std::vector<Real> payload(n);
      for (std::size_t i = 0; i < n; ++i) std::tie(keys[i], payload[i]) = rows[i];
      std::stable_sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
      d::radix_sort(keys, &payload);
      bool same = true;
      for (std::size_t i = 0; i < n; ++i) same = same && keys[i] == rows[i].first && payload[i] == rows[i].second;
      CHECK_MESSAGE(same, "n = " << n << ", kind = " << kind);
      std::vector<K> alone(n);
      for (std::size_t i = 0; i < n; ++i) alone[i] = d::to_key(d::from_key<Real>(rows[i].first) + Real(0));
      std::shuffle(alone.begin(), alone.end(), gen);
      d::radix_sort(alone, static_cast<std::vector<Real>*>(nullptr));
      CHECK(std::is_sorted(alone.begin(), alone.end()));
    }
  }
}
