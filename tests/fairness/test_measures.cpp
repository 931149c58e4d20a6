#include <credo/fairness/measures.hpp>

#include "small_example.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <vector>

using namespace credo::fairness;
using doctest::Approx;

TEST_CASE_TEMPLATE("rates of each group in the small example", Real, float, double) {
  credo::test::small_example<Real> ex;
  const auto c = count_groups<Real>(ex.groups, ex.scores, ex.bad, {}, ex.cutoff);
  const auto a = group_rates(c, 0);
  CHECK(a.approval_rate == Approx(0.4));
  CHECK(a.bad_rate == Approx(0.5));
  CHECK(a.approval_rate_goods == Approx(0.6));
  CHECK(a.approval_rate_bads == Approx(0.2));
  CHECK(a.precision == Approx(0.75));
  CHECK(a.bad_rate_approved == Approx(0.25));
  CHECK(a.mean_score == Approx(4.8));
  CHECK(a.sd_score == Approx(std::sqrt(41.6 / 9)));
  const auto b = group_rates(c, 1);
  CHECK(b.approval_rate == Approx(0.8));
  CHECK(b.approval_rate_goods == Approx(0.875));
  CHECK(b.approval_rate_bads == Approx(0.5));
  CHECK(b.precision == Approx(0.875));
}

TEST_CASE_TEMPLATE("measures between the groups of the small example, both conventions", Real, float, double) {
  credo::test::small_example<Real> ex;
  const auto c = count_groups<Real>(ex.groups, ex.scores, ex.bad, {}, ex.cutoff);
  const auto d = compare_groups(c, "B");
  CHECK(d.reference == 1);
  // Against B: A/B and A − B; B against itself is 1 or 0.
  CHECK(d.adverse_impact_ratio.vs_reference[0] == Approx(0.5));           // 0.4/0.8
  CHECK(d.adverse_impact_ratio.vs_reference[1] == Approx(1));
  CHECK(d.statistical_parity_difference.vs_reference[0] == Approx(-0.4));  // 0.4 − 0.8
  CHECK(d.equal_opportunity_difference.vs_reference[0] == Approx(-0.275));  // 0.6 − 0.875
  CHECK(d.average_odds_difference.vs_reference[0] == Approx(-0.2875));      // ½((0.2−0.5) + (−0.275))
  CHECK(d.equalized_odds_difference.vs_reference[0] == Approx(0.3));        // max(0.275, 0.3)
  CHECK(d.predictive_parity_difference.vs_reference[0] == Approx(-0.125));  // 0.75 − 0.875
  CHECK(d.marginal_effect.vs_reference[0] == Approx(-40));                  // 100·(0.4 − 0.8)
  // (4.8 − 5)/sqrt((41.6 + 40)/(10 + 10 − 2))
  CHECK(d.standardized_mean_difference.vs_reference[0] == Approx(-0.2 / std::sqrt(81.6 / 18)));
  CHECK(d.standardized_mean_difference.vs_reference[1] == Approx(0));
  // Across: min/max and max − min; with two groups the same sizes as against B.
  CHECK(d.adverse_impact_ratio.across == Approx(0.5));
  CHECK(d.statistical_parity_difference.across == Approx(0.4));
  CHECK(d.equal_opportunity_difference.across == Approx(0.275));
  CHECK(d.average_odds_difference.across == Approx(0.2875));
  CHECK(d.equalized_odds_difference.across == Approx(0.3));
  CHECK(d.predictive_parity_difference.across == Approx(0.125));
  CHECK(d.marginal_effect.across == Approx(40));
  CHECK(d.standardized_mean_difference.across == Approx(0.2 / std::sqrt(81.6 / 18)));
  // The reference convention turns with the reference: against A, B/A = 2.
  const auto d2 = compare_groups(c, "A");
  CHECK(d2.adverse_impact_ratio.vs_reference[1] == Approx(2));
  CHECK(d2.adverse_impact_ratio.across == Approx(0.5));
}

TEST_CASE("the default reference is the largest group") {
  credo::test::small_example<double> ex;
  auto idx = std::vector<std::int32_t>(ex.groups.index().begin(), ex.groups.index().end());
  idx[0] = 1;  // B now has 11 rows
  const auto g = group_assignment::hard({"A", "B"}, idx);
  const auto c = count_groups<double>(g, ex.scores, ex.bad, {}, ex.cutoff);
  CHECK(compare_groups(c).reference == 1);
  idx[0] = 0;
  idx[10] = 0;  // now A has 11 rows
  const auto c2 = count_groups<double>(group_assignment::hard({"A", "B"}, idx), ex.scores, ex.bad, {}, ex.cutoff);
  CHECK(compare_groups(c2).reference == 0);
}

TEST_CASE_TEMPLATE("assess: intervals, four-fifths, tests and calibration on the small example", Real, float, double) {
  credo::test::small_example<Real> ex;
  const auto c = count_groups<Real>(ex.groups, ex.scores, ex.bad, {}, ex.cutoff, {3});
  assess_options opt;
  opt.reference = "B";
  const auto r = assess(c, opt);
  REQUIRE(r.groups.size() == 2);
  CHECK(r.groups[0].small);  // 10 rows < 30
  // statsmodels proportion_confint(4, 10, method='wilson') = (0.168180, 0.687326)
  CHECK(r.groups[0].approval_rate_ci.lower == Approx(0.1681803297062361).epsilon(1e-5));
  CHECK(r.groups[0].approval_rate_ci.upper == Approx(0.6873262302663417).epsilon(1e-5));
  CHECK(r.groups[1].approval_rate_ci.lower == Approx(0.49016247153664183).epsilon(1e-5));
  // AIR 0.5 with exp(ln 0.5 ± 1.959964·sqrt(0.6/4 + 0.2/8)) = (0.220235, 1.135150)
  CHECK(r.vs_reference[0].adverse_impact_ratio_ci.lower == Approx(0.22023526003081312).epsilon(1e-5));
  CHECK(r.vs_reference[0].adverse_impact_ratio_ci.upper == Approx(1.1351497483419437).epsilon(1e-5));
  CHECK(r.vs_reference[0].below_four_fifths);
  CHECK_FALSE(r.vs_reference[1].below_four_fifths);
  CHECK(r.below_four_fifths_across);
  // Table [[4, 6], [8, 2]]: pooled p = 0.6, z = −0.4/sqrt(0.24·0.2) = −1.825742, X² = z² = 10/3.
  CHECK(r.vs_reference[0].z_test.statistic == Approx(-1.8257418583505538).epsilon(1e-5));
  CHECK(r.vs_reference[0].chi_squared.statistic == Approx(10.0 / 3).epsilon(1e-5));
  CHECK(r.vs_reference[0].chi_squared.p_value == Approx(0.06788915486182878).epsilon(1e-5));
  // Fisher: Hypergeometric(N 20, K 12, n 10), P(4) = 0.075018; as-or-less-likely tables
  // k = 2, 3, 4, 8, 9, 10 sum to 0.169802 (scipy.stats.fisher_exact); odds ratio 4·2/(6·8).
  CHECK(r.vs_reference[0].fisher_run);
  CHECK(r.vs_reference[0].fisher.p_value == Approx(0.1698023338890212).epsilon(1e-5));
  CHECK(r.vs_reference[0].fisher.statistic == Approx(1.0 / 6));
  // Calibration bands [−inf, 3) and [3, inf): A has 2 rows (goods) and 8 rows (5 bads).
  REQUIRE(r.groups[0].calibration.size() == 2);
  CHECK(r.groups[0].calibration[0].bad_rate == Approx(0));
  CHECK(r.groups[0].calibration[1].bad_rate == Approx(5.0 / 8));
  CHECK(r.groups[0].calibration[1].rows == 8);
  opt.yates = true;  // |O − E| = 2 → 1.5: X² = 2·2.25/6 + 2·2.25/4 = 1.875
  CHECK(assess(c, opt).vs_reference[0].chi_squared.statistic == Approx(1.875).epsilon(1e-5));
}

TEST_CASE("zero division is a policy: NaN, a stated value, or an error") {
  // Group "x" has no bads, so its approval rate among bads is 0/0; "y" approves nobody, so
  // the adverse impact ratio against "y" divides by 0.
  const auto g = group_assignment::hard({"x", "y"}, {0, 0, 1, 1});
  const std::vector<double> scores = {9, 1, 1, 1};
  const std::vector<std::uint8_t> bad = {0, 0, 0, 1};
  const auto c = count_groups<double>(g, scores, bad, {}, 5.0);
  CHECK(std::isnan(group_rates(c, 0).approval_rate_bads));
  CHECK(group_rates(c, 0, zero_division::value{0.5}).approval_rate_bads == 0.5);
  CHECK(std::isnan(compare_groups(c, "y").adverse_impact_ratio.vs_reference[0]));
  CHECK(compare_groups(c, "y", zero_division::value{1}).adverse_impact_ratio.vs_reference[0] == 1);
  CHECK(compare_groups(c, "x").adverse_impact_ratio.vs_reference[1] == 0);  // 0/0.5: defined
  CHECK_THROWS_WITH_AS(group_rates(c, 0, zero_division::raise{}),
                       "[credo.fairness.zero_division] group 'x': approval rate among bads: the "
                       "denominator is zero",
                       credo::numeric_error);
  static_assert(zero_division_policy<zero_division::raise>);
  static_assert(!zero_division_policy<int>);
}

TEST_CASE("bad comparisons are named errors") {
  credo::test::small_example<double> ex;
  const auto c = count_groups<double>(ex.groups, ex.scores, ex.bad, {}, ex.cutoff);
  CHECK_THROWS_WITH_AS(compare_groups(c, "C"),
                       "[credo.fairness.unknown_reference] reference group 'C' is not among the groups ('A', 'B')",
                       credo::invalid_input);
  group_counts<double> e({"A", "B"}, 5.0);
  e(0, 6.0, false);
  CHECK_THROWS_WITH_AS(assess(e),
                       "[credo.fairness.empty_group] group 'B' has no rows (or only zero weights); "
                       "its rates are undefined",
                       credo::invalid_input);
  assess_options opt;
  opt.confidence = 1.5;
  CHECK_THROWS_WITH_AS(assess(c, opt), "[credo.fairness.bad_confidence] confidence 1.500000 is not in (0, 1)",
                       credo::invalid_input);
}
