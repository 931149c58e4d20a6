// Brier score, log loss, calibration table with Wilson intervals, Hosmer-Lemeshow.
#include <credo/metrics.hpp>

#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <random>
#include <vector>

namespace m = credo::metrics;

TEST_CASE_TEMPLATE("Brier score and log loss of four rows", Real, float, double) {
  // p = 0.2 (good), 0.8 (bad), 0.5 (bad, weight 2), 0.1 (good)
  // Brier = (0.04 + 0.04 + 2·0.25 + 0.01)/5 = 0.59/5 = 0.118
  // LogLoss = −(ln 0.8 + ln 0.8 + 2·ln 0.5 + ln 0.9)/5
  m::brier_score<Real> b;
  m::log_loss<Real> l;
  const Real p[] = {Real(0.2), Real(0.8), Real(0.5), Real(0.1)};
  const bool y[] = {false, true, true, false};
  const Real w[] = {1, 1, 2, 1};
  for (int i = 0; i < 4; ++i) {
    b(p[i], y[i], w[i]);
    l(p[i], y[i], w[i]);
  }
  const double tol = sizeof(Real) == 4 ? 1e-7 : 1e-15;
  CHECK(b.value() == doctest::Approx(0.118).epsilon(tol));
  CHECK(l.value() == doctest::Approx(-(2 * std::log(0.8) + 2 * std::log(0.5) + std::log(0.9)) / 5).epsilon(tol));
  // Clipping: p = 0 for a bad costs −ln(1e-15) instead of infinity.
  m::log_loss<Real> c;
  c(Real(0), true);
  CHECK(c.value() == doctest::Approx(-std::log(1e-15)));
}

TEST_CASE("sums merge within rounding on random splits") {
  std::mt19937_64 gen(3);
  std::uniform_real_distribution<double> u(0, 1), w(0.1, 2);
  m::brier_score<double> b_all;
  m::log_loss<double> l_all;
  std::vector<m::brier_score<double>> bp(4);
  std::vector<m::log_loss<double>> lp(4);
  for (int i = 0; i < 1000; ++i) {
    const double p = u(gen), wi = w(gen);
    const bool y = u(gen) < p;
    const auto k = gen() % 4;
    b_all(p, y, wi);
    l_all(p, y, wi);
    bp[k](p, y, wi);
    lp[k](p, y, wi);
  }
  for (int k = 1; k < 4; ++k) {
    bp[0] += bp[k];
    lp[0] += lp[k];
  }
  CHECK(std::abs(bp[0].value() - b_all.value()) <= 1e-12);
  CHECK(std::abs(lp[0].value() - l_all.value()) <= 1e-12);
}

TEST_CASE("calibration table by cut-offs with Wilson intervals") {
  m::calibration<double> c;
  // Band [0, 0.3): p 0.1, 0.2 (goods), 0.2 (bad) → predicted 0.5/3, observed 1/3.
  // Band [0.3, 1]: p 0.6 bad, 0.7 good.
  for (auto [p, y] : std::vector<std::pair<double, bool>>{{0.1, false}, {0.2, false}, {0.2, true}, {0.6, true}, {0.7, false}})
    c(p, y);
  m::band_options o;
  o.cutoffs = {0.3};
  const auto t = c.table(o);
  REQUIRE(t.size() == 2);
  CHECK(t[0].rows == 3);
  CHECK(t[0].predicted == doctest::Approx(0.5 / 3));
  CHECK(t[0].observed == doctest::Approx(1.0 / 3));
  CHECK(t[0].p_min == 0.1);
  CHECK(t[0].p_max == 0.2);
  // Wilson, r = 1/3, n = 3, z = 1.959964: centre (r + z²/6)/(1 + z²/3), half z·√(r(1−r)/3 + z²/36)/(1 + z²/3).
  const double z = 1.959963984540054, r = 1.0 / 3, n = 3;
  const double centre = (r + z * z / (2 * n)) / (1 + z * z / n);
  const double half = z * std::sqrt(r * (1 - r) / n + z * z / (4 * n * n)) / (1 + z * z / n);
  CHECK(t[0].observed_lower == doctest::Approx(centre - half).epsilon(1e-14));
  CHECK(t[0].observed_upper == doctest::Approx(centre + half).epsilon(1e-14));
  CHECK(t[1].observed == doctest::Approx(0.5));
  // Wilson of 0 out of 10 starts at 0 and is not degenerate.
  const auto w0 = m::wilson_interval(0, 10);
  CHECK(w0.lower == 0);
  CHECK(w0.upper == doctest::Approx(z * z / 10 / (1 + z * z / 10)).epsilon(1e-12));
}

TEST_CASE("Hosmer-Lemeshow of a hand example with 3 groups") {
  // Groups of 2 rows each (quantile rule, 6 distinct p):
  //   p .1 .2 | .4 .5 | .7 .8 ; bads: row p=.2 | p=.5 | p=.7 and p=.8
  //   O = 1, 1, 2; E = 0.3, 0.9, 1.5; n = 2
  //   HL = 0.7²/(0.3·0.85) + 0.1²/(0.9·0.55) + 0.5²/(1.5·0.25) = 1.92157 + 0.02020 + 0.66667
  m::calibration<double> c;
  const double p[] = {.1, .2, .4, .5, .7, .8};
  const bool y[] = {false, true, false, true, true, true};
  for (int i = 0; i < 6; ++i) c(p[i], y[i]);
  const auto hl = c.hosmer_lemeshow(3);
  const double expect = 0.49 / (0.3 * 0.85) + 0.01 / (0.9 * 0.55) + 0.25 / (1.5 * 0.25);
  CHECK(hl.statistic == doctest::Approx(expect).epsilon(1e-14));
  CHECK(hl.groups == 3);
  CHECK(hl.df == 1);
  // χ²(1) survival at x = erfc(√(x/2))
  CHECK(hl.p_value == doctest::Approx(std::erfc(std::sqrt(expect / 2))).epsilon(1e-12));
}

TEST_CASE("bad input to calibration is refused with an id") {
  m::brier_score<double> b;
  CHECK_THROWS_WITH_AS(b(1.5, true), "[credo.metrics.bad_probability] brier_score: predicted probability 1.5 is not in [0, 1]",
                       credo::invalid_input);
  CHECK_THROWS_WITH_AS(b(std::numeric_limits<double>::quiet_NaN(), true),
                       "[credo.metrics.nan_score] brier_score: the score is NaN", credo::invalid_input);
  CHECK_THROWS_WITH_AS(b.value(), "[credo.metrics.empty] brier_score: no row with positive weight", credo::numeric_error);
  CHECK_THROWS_WITH_AS(m::log_loss<double>(0.7), "[credo.metrics.bad_epsilon] log_loss: epsilon 0.7 is not in [0, 0.5)",
                       credo::invalid_input);
  m::calibration<double> c;
  CHECK_THROWS_WITH_AS(c.hosmer_lemeshow(2), "[credo.metrics.bad_bands] hosmer_lemeshow: 2 groups; the test needs at least 3",
                       credo::invalid_input);
  CHECK_THROWS_WITH_AS(c.table(), "[credo.metrics.empty] calibration table: no row with positive weight", credo::numeric_error);
  c(0.5, true);
  c(0.5, false);
  CHECK_THROWS_WITH_AS(c.hosmer_lemeshow(3), "[credo.metrics.too_few_groups] hosmer_lemeshow: only 1 usable groups of 3",
                       credo::numeric_error);
  const std::vector<double> p{0.1, 0.2};
  const std::vector<std::uint8_t> y{0};
  CHECK_THROWS_WITH_AS(c.fill(p, y), "[credo.metrics.length_mismatch] calibration: 2 scores, 1 targets and 0 weights",
                       credo::invalid_input);
}

TEST_CASE_TEMPLATE("calibration parts merge to one pass", Real, float, double) {
  std::mt19937_64 gen(8);
  std::uniform_real_distribution<double> u(0, 1);
  m::calibration<Real> all, a, b;
  for (int i = 0; i < 2000; ++i) {
    const Real p = static_cast<Real>(std::round(u(gen) * 200) / 200);
    const bool y = u(gen) < p;
    all(p, y);
    (i % 3 ? a : b)(p, y);
  }
  b += a;
  CHECK(b == all);
  const auto h1 = all.hosmer_lemeshow(), h2 = b.hosmer_lemeshow();
  CHECK(std::abs(h1.statistic - h2.statistic) <= 1e-12);
  CHECK(h1.groups == h2.groups);
}

TEST_CASE("more bad calibration input") {
  m::log_loss<double> a(1e-15), b(1e-6);
  CHECK_THROWS_WITH_AS(a += b, "[credo.metrics.bad_epsilon] log_loss: cannot merge parts clipped at different epsilons",
                       credo::invalid_input);
  CHECK_THROWS_WITH_AS(m::wilson_interval(0.5, 0), "[credo.metrics.empty] wilson_interval: n is not positive", credo::invalid_input);
  m::calibration<double> c;
  CHECK_THROWS_WITH_AS(c(0.5, true, -2), "[credo.metrics.bad_weight] calibration: weight -2 is not a finite number >= 0",
                       credo::invalid_input);
  const std::vector<double> p{0.1, 1.2};
  const std::vector<std::uint8_t> y{0, 1};
  CHECK_THROWS_WITH_AS(c.fill(p, y), "[credo.metrics.bad_probability] calibration: predicted probability 1.2 is not in [0, 1]",
                       credo::invalid_input);
  CHECK(c.rows().empty());
}
