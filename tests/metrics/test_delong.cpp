// DeLong's test of two correlated AUCs: a hand example, merging, and its errors.
#include <credo/metrics.hpp>

#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <vector>

namespace m = credo::metrics;
using m::direction;

TEST_CASE("the same score twice: difference 0, p-value 1; a score and its mirror") {
  const std::vector<double> s{0.9, 0.6, 0.4, 0.6, 0.3, 0.2, 0.1};
  const std::vector<std::uint8_t> y{1, 1, 1, 0, 0, 0, 0};
  m::paired_auc<double> same(direction::higher_is_riskier, direction::higher_is_riskier);
  same.fill(s, s, y);
  const auto r = same.test();
  CHECK(r.auc1 == doctest::Approx(0.875));
  CHECK(r.difference == 0);
  CHECK(r.variance1 == doctest::Approx(1.0 / 48));  // as in test_discrimination.cpp
  CHECK(r.covariance == doctest::Approx(1.0 / 48));
  CHECK(r.p_value == 1.0);
  // The same numbers read as higher = safer give AUC 0.125, perfectly anti-correlated
  // placements: Var(diff) = 4·Var = 1/12, z = 0.75/√(1/12).
  m::paired_auc<double> mirror(direction::higher_is_riskier, direction::higher_is_safer);
  mirror.fill(s, s, y);
  const auto q = mirror.test();
  CHECK(q.auc2 == doctest::Approx(0.125));
  CHECK(q.covariance == doctest::Approx(-1.0 / 48));
  CHECK(q.z == doctest::Approx(0.75 / std::sqrt(1.0 / 12)).epsilon(1e-12));
  CHECK(q.p_value == doctest::Approx(std::erfc(q.z / std::sqrt(2.0))).epsilon(1e-12));
}

TEST_CASE("paired_auc parts merge to the one-pass test") {
  std::mt19937_64 gen(17);
  std::normal_distribution<double> nd;
  m::paired_auc<double> all(direction::higher_is_safer, direction::higher_is_safer), a = all, b = all;
  for (int i = 0; i < 500; ++i) {
    const bool bad = gen() % 4 == 0;
    const double x = nd(gen) + (bad ? -1 : 0), z = x + nd(gen);
    const double w = 1 + static_cast<double>(gen() % 3);
    all(x, z, bad, w);
    (gen() % 2 ? a : b)(x, z, bad, w);
  }
  a += b;
  const auto r1 = all.test(), r2 = a.test();
  CHECK(a.rows() == all.rows());
  CHECK(std::abs(r1.z - r2.z) <= 1e-12);
  CHECK(std::abs(r1.p_value - r2.p_value) <= 1e-12);
  CHECK(std::abs(r1.covariance - r2.covariance) <= 1e-12);
}

TEST_CASE("bad input to paired_auc is refused with an id") {
  const std::vector<double> s1{0.1, 0.2, 0.3}, s2{0.1, 0.2};
  const std::vector<std::uint8_t> y{0, 1, 1}, y3{0, 3, 1};
  m::paired_auc<double> t(direction::higher_is_safer, direction::higher_is_safer);
  CHECK_THROWS_WITH_AS(t.fill(s1, s2, y), "[credo.metrics.length_mismatch] paired_auc: 2 scores, 3 targets and 0 weights",
                       credo::invalid_input);
  CHECK_THROWS_WITH_AS(t.fill(s1, s1, y3), "[credo.metrics.bad_target] paired_auc, row 1: target 3 is not 0 or 1",
                       credo::invalid_input);
  CHECK_THROWS_WITH_AS(t(std::numeric_limits<double>::quiet_NaN(), 0.5, true),
                       "[credo.metrics.nan_score] paired_auc: the score is NaN", credo::invalid_input);
  CHECK_THROWS_WITH_AS(t.test(), "[credo.metrics.no_bads] paired_auc: no bad with positive weight", credo::numeric_error);
  CHECK(t.rows() == 0);
  t.fill(s1, s1, y);
  CHECK_THROWS_WITH_AS(t.test(),
                       "[credo.metrics.too_few_rows] paired_auc: DeLong's test needs a weight above 1 in each class (bads "
                       "2, goods 1)",
                       credo::numeric_error);
  m::paired_auc<double> other(direction::higher_is_riskier, direction::higher_is_safer);
  CHECK_THROWS_WITH_AS(t += other,
                       "[credo.metrics.direction_mismatch] paired_auc: cannot merge parts that read the scores in different "
                       "directions",
                       credo::invalid_input);
}
