// The zero-denominator family (docs/concepts.md): each policy models its concept and does what
// the table there says.
#include <credo/binning/binning_table.hpp>
#include <credo/binning/bins.hpp>
#include <credo/fairness/zero_division.hpp>
#include <credo/metrics/stability.hpp>

#include <doctest/doctest.h>

#include <cmath>
#include <vector>

namespace zd = credo::fairness::zero_division;
namespace eb = credo::metrics::empty_band;
namespace cb = credo::binning;

static_assert(credo::fairness::zero_division_policy<zd::raise>);
static_assert(credo::fairness::zero_division_policy<zd::nan>);
static_assert(credo::fairness::zero_division_policy<zd::value>);
static_assert(eb::policy<eb::fail>);
static_assert(eb::policy<eb::add_epsilon>);

TEST_CASE("fairness zero division: raise, NaN or a stated value") {
  CHECK_THROWS_WITH_AS(zd::raise{}.on_zero<double>("approval rate of group 'b'"),
                       "[credo.fairness.zero_division] approval rate of group 'b': the denominator is zero",
                       credo::numeric_error);
  CHECK(std::isnan(zd::nan{}.on_zero<float>("x")));
  CHECK(zd::value{1}.on_zero<double>("x") == 1.0);
  CHECK(credo::fairness::detail::divide(1.0, 0.0, zd::value{2}, "x") == 2.0);
  CHECK(credo::fairness::detail::divide(1.0, 4.0, zd::raise{}, "x") == 0.25);
}

TEST_CASE("PSI empty band: refuse, or replace the zero share by epsilon and say so") {
  const std::vector<double> expected{0.5, 0.5, 0.0}, actual{0.4, 0.4, 0.2};
  CHECK_THROWS_AS(credo::metrics::psi(expected, actual), credo::numeric_error);
  const auto r = credo::metrics::psi(expected, actual, eb::add_epsilon{1e-4});
  CHECK(r.epsilon == 1e-4);
  CHECK(r.smoothed_bands == std::vector<std::size_t>{2});
  // PSI = Σ (A_i − E_i)·ln(A_i/E_i) with E_2 = ε (the other shares are not renormalised)
  const double expected_value = 2 * (0.4 - 0.5) * std::log(0.4 / 0.5) + (0.2 - 1e-4) * std::log(0.2 / 1e-4);
  CHECK(r.value == doctest::Approx(expected_value).epsilon(1e-14));
  CHECK(r.expected_share[2] == 1e-4);
  CHECK(eb::add_epsilon{}.replace("psi", 0, "expected") == 1e-4);
}

TEST_CASE("WoE zero cells: one rule for WoE and IV") {
  // Bin 0: 3 goods, 0 bads; bin 1: 7 goods, 5 bads (G = 10, B = 5); the missing bin is empty.
  cb::bin_counts c(3);
  c.add(0, 3, 0, 3);
  c.add(1, 7, 5, 12);
  const auto b = cb::bins::numeric({2.0});
  // half: ln(((3 + 0.5)/10) / ((0 + 0.5)/5)) = ln 3.5, IV term (0.35 − 0.1)·ln 3.5
  const cb::binning_table half("x", b, c, cb::zero_cell_rule::half);
  CHECK(half[0].woe == doctest::Approx(std::log(3.5)).epsilon(1e-15));
  CHECK(half[0].iv == doctest::Approx(0.25 * std::log(3.5)).epsilon(1e-15));
  // r_scorecard: 0 → 0.99, B' = 5.99: ln((3/10) / (0.99/5.99))
  const cb::binning_table r("x", b, c, cb::zero_cell_rule::r_scorecard);
  CHECK(r[0].woe == doctest::Approx(std::log(0.3 / (0.99 / 5.99))).epsilon(1e-15));
  CHECK(r[1].woe == doctest::Approx(std::log(0.7 / (5 / 5.99))).epsilon(1e-15));
  // zero_woe: WoE 0, IV 0
  const cb::binning_table z("x", b, c, cb::zero_cell_rule::zero_woe);
  CHECK(z[0].woe == 0.0);
  CHECK(z[0].iv == 0.0);
  CHECK(z[0].smoothed);
  // merge: bin 0 joins bin 1, one regular bin of 10 goods and 5 bads: WoE 0
  const cb::binning_table m("x", b, c, cb::zero_cell_rule::merge);
  CHECK(m.bins().regular() == 1);
  CHECK(m[0].woe == 0.0);
  CHECK_FALSE(m[0].smoothed);
}
