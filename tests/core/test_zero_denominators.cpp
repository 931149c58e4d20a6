// The zero-denominator family (docs/concepts.md): each policy models its concept and does what
// the table there says.
#include <credo/binning/binning_table.hpp>
#include <credo/fairness/zero_division.hpp>
#include <credo/metrics/stability.hpp>

#include <doctest/doctest.h>

#include <cmath>
#include <vector>

namespace zd = credo::fairness::zero_division;
namespace eb = credo::metrics::empty_band;
namespace sm = credo::binning::smoothing;

static_assert(credo::fairness::zero_division_policy<zd::raise>);
static_assert(credo::fairness::zero_division_policy<zd::nan>);
static_assert(credo::fairness::zero_division_policy<zd::value>);
static_assert(eb::policy<eb::fail>);
static_assert(eb::policy<eb::add_epsilon>);
static_assert(credo::binning::smoothing_policy<sm::add_constant>);
static_assert(credo::binning::smoothing_policy<sm::zero_woe>);

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

TEST_CASE("WoE smoothing: Haldane–Anscombe constant or WoE 0") {
  // g = 3 goods, b = 0 bads of G = 10, B = 5: ln(((3 + 0.5)/10) / ((0 + 0.5)/5)) = ln 3.5
  CHECK(sm::add_constant{}.woe(3, 0, 10, 5) == doctest::Approx(std::log(3.5)).epsilon(1e-15));
  CHECK(sm::add_constant{1}.woe(0, 2, 10, 5) == doctest::Approx(std::log((1.0 / 10) / (3.0 / 5))).epsilon(1e-15));
  CHECK(sm::zero_woe{}.woe(3, 0, 10, 5) == 0.0);
}
