// Histogram AUC/KS for large data: the stated bound holds, merges are exact.
#include <credo/metrics.hpp>

#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

namespace m = credo::metrics;
using m::direction;

TEST_CASE("binned AUC of a hand example and its bound") {
  // Bins of width 1 over [0, 3): bads at 0.2 and 2.5, goods at 0.7 and 1.5 (higher = riskier).
  // Exact: bad 2.5 beats both goods (2), bad 0.2 beats none → AUC = 2/4 = 0.5.
  // Histogram: bin 0 holds bad 0.2 and good 0.7 (a tie, ½): (2 + 0.5)/4 = 0.625;
  // bound ½·Σ b_k·g_k/(B·G) = ½·1/4 = 0.125 = |0.5 − 0.625|.
  m::binned_roc<double> h(0, 3, 3, direction::higher_is_riskier);
  h(0.2, true);
  h(2.5, true);
  h(0.7, false);
  h(1.5, false);
  const auto a = h.auc();
  CHECK(a.value == doctest::Approx(0.625));
  CHECK(a.error_bound == doctest::Approx(0.125));
  // KS: edges 1, 2, 3: F_b = .5 .5 1, F_g = .5 1 1 → histogram KS 0.5 at edge 2;
  // exact KS 0.5 too; bound max_k max(b_k/B, g_k/G) = 0.5.
  const auto k = h.ks();
  CHECK(k.value == doctest::Approx(0.5));
  CHECK(k.at_score == doctest::Approx(2.0));
  CHECK(k.error_bound == doctest::Approx(0.5));
}

TEST_CASE_TEMPLATE("|exact − histogram| stays within the stated bound, and parts merge exactly", Real, float, double) {
  std::mt19937_64 gen(5);
  std::normal_distribution<double> nd(0, 1);
  for (const auto dir : {direction::higher_is_riskier, direction::higher_is_safer}) {
    for (std::size_t bins : {8, 64, 1024}) {
      m::binned_roc<Real> h(-3, 3, bins, dir), part1(-3, 3, bins, dir), part2(-3, 3, bins, dir);
      m::auc<Real> exact(dir);
      m::ks<Real> kx;
      for (int i = 0; i < 4000; ++i) {
        const bool bad = gen() % 5 == 0;
        const Real s = static_cast<Real>(nd(gen) + (bad ? 0.8 : 0.0));  // some fall outside [−3, 3)
        const Real w = static_cast<Real>(1 + gen() % 3);
        h(s, bad, w);
        exact(s, bad, w);
        kx(s, bad, w);
        (i % 3 ? part1 : part2)(s, bad, w);
      }
      part1 += part2;
      CHECK(part1 == h);
      const auto a = h.auc();
      CHECK(std::abs(exact.value() - a.value) <= a.error_bound + 1e-12);
      const auto k = h.ks();
      CHECK(k.value <= kx.value() + 1e-12);
      CHECK(kx.value() - k.value <= k.error_bound + 1e-12);
      if (bins == 1024) CHECK(a.error_bound < 1e-2);
    }
  }
}

TEST_CASE("bad input to the histogram is refused with an id") {
  CHECK_THROWS_WITH_AS(m::binned_roc<double>(1, 1, 10, direction::higher_is_safer), "[credo.metrics.bad_range] binned_roc: range [1, 1) is empty or not finite",
                       credo::invalid_input);
  CHECK_THROWS_WITH_AS(m::binned_roc<double>(0, 1, 0, direction::higher_is_safer), "[credo.metrics.bad_bands] binned_roc: the number of bins is 0",
                       credo::invalid_input);
  m::binned_roc<double> h(0, 1, 10, direction::higher_is_safer), g(0, 2, 10, direction::higher_is_safer);
  CHECK_THROWS_WITH_AS(h += g,
                       "[credo.metrics.histogram_mismatch] binned_roc: cannot merge histograms of different ranges, bins or "
                       "directions",
                       credo::invalid_input);
  CHECK_THROWS_WITH_AS(h.auc(), "[credo.metrics.no_bads] binned_roc: no bad with positive weight", credo::numeric_error);
  CHECK_THROWS_WITH_AS(h(std::nan(""), true), "[credo.metrics.nan_score] binned_roc: the score is NaN", credo::invalid_input);
  const std::vector<double> s{0.5};
  const std::vector<std::uint8_t> y{1, 0};
  CHECK_THROWS_WITH_AS(h.fill(s, y), "[credo.metrics.length_mismatch] binned_roc: 1 scores, 2 targets and 0 weights",
                       credo::invalid_input);
}
