#include "german_credit.hpp"
#include <credo/fairness/bootstrap.hpp>
#include <credo/fairness/group_auc.hpp>
#include <credo/fairness/inference.hpp>
#include <credo/fairness/measures.hpp>
#include <credo/io/csv.hpp>

#include "small_example.hpp"

#include <test_support.hpp>

#include <doctest/doctest.h>

#include <cmath>
#include <vector>

using namespace credo::fairness;
using doctest::Approx;

TEST_CASE("tests on a 2x2 table with a zero cell, and what needs the policy") {
  // [[0, 5], [5, 0]]: Fisher's p = 2·P(X = 0) = 2/C(10, 5) = 2/252 (scipy: 0.007937).
  const auto f = fisher_exact(0, 5, 5, 0);
  CHECK(f.p_value == Approx(2.0 / 252));
  CHECK(f.statistic == 0);  // 0·0/(5·5)
  // [[5, 0], [0, 5]]: odds ratio 25/0 calls the policy.
  CHECK(std::isnan(fisher_exact(5, 0, 0, 5).statistic));
  CHECK(fisher_exact(5, 0, 0, 5, zero_division::value{1e9}).statistic == 1e9);
  // Identical groups: p = 1 for every test.
  CHECK(fisher_exact(3, 7, 3, 7).p_value == Approx(1));
  CHECK(two_proportion_z(3, 10, 3, 10).p_value == Approx(1));
  CHECK(chi_squared(3, 7, 3, 7).p_value == Approx(1));
  // Everyone approved: zero pooled variance and a zero expected count.
  CHECK(std::isnan(two_proportion_z(10, 10, 5, 5).statistic));
  CHECK(std::isnan(chi_squared(10, 0, 5, 0).statistic));
  CHECK_THROWS_WITH_AS(two_proportion_z(10, 10, 5, 5, zero_division::raise{}),
                       "[credo.fairness.zero_division] two-proportion z: pooled variance: the denominator is zero",
                       credo::numeric_error);
  CHECK_THROWS_WITH_AS(chi_squared(10, 0, 5, 0, false, zero_division::raise{}),
                       "[credo.fairness.zero_division] chi-squared: an expected count: the denominator is zero",
                       credo::numeric_error);
  // The impact ratio interval needs both rates above 0.
  CHECK(std::isnan(impact_ratio_interval(0, 10, 5, 10).lower));
  CHECK(impact_ratio_interval(0, 10, 5, 10).estimate == 0);
  CHECK_THROWS_WITH_AS(fisher_exact(1.5, 2, 3, 4),
                       "[credo.fairness.non_integer_counts] Fisher's exact test needs whole counts; got "
                       "1.500000 (use raw counts for weighted data)",
                       credo::invalid_input);
  // Far tails, where the pmf walk from the mode must not lose the observed cell
  // (scipy.stats.fisher_exact): 2.928850e-113, 2.674153e-09, and an underflow to 0.
  CHECK(fisher_exact(60000, 40000, 55000, 45000).p_value == Approx(2.928849728522302e-113).epsilon(1e-6).scale(0));
  CHECK(fisher_exact(3, 1000, 40, 1000).p_value == Approx(2.6741528284897397e-09).epsilon(1e-7).scale(0));
  CHECK(fisher_exact(0, 2000, 2000, 0).p_value == 0);
  // Wilson over an empty set is undefined, not an error.
  CHECK(std::isnan(rate_interval(0, 0).lower));
}

TEST_CASE("fractional weights skip Fisher's test, which raw counts bring back") {
  credo::test::small_example<double> ex;
  std::vector<double> w(20, 0.5);
  const auto c = count_groups<double>(ex.groups, ex.scores, ex.bad, w, ex.cutoff);
  assess_options opt;
  opt.reference = "B";
  CHECK(c[0].weight == 5);  // 10 rows of weight ½: whole counts, Fisher runs on 2 of 5 vs 4 of 5
  CHECK(assess(c, opt).vs_reference[0].fisher_run);
  auto w3 = w;
  w3[0] = 0.25;
  const auto c3 = count_groups<double>(ex.groups, ex.scores, ex.bad, w3, ex.cutoff);
  const auto r = assess(c3, opt);
  CHECK_FALSE(r.vs_reference[0].fisher_run);
  CHECK(std::isnan(r.vs_reference[0].fisher.p_value));
  opt.raw_counts = true;  // 4 of 10 vs 8 of 10, as in the unweighted example
  const auto raw = assess(c3, opt);
  CHECK(raw.vs_reference[0].fisher_run);
  CHECK(raw.vs_reference[0].fisher.p_value == Approx(0.1698023338890212));
}

TEST_CASE_TEMPLATE("AUC within groups through credo::metrics", Real, float, double) {
  // A: goods 6, 6, 8, 2, 2; bads 8, 4, 4, 4, 4. Pairs (good, bad), 25 in all: good 6 beats
  // the four 4s (4 each) and loses to 8; good 8 ties bad 8 (½) and beats four 4s; goods 2
  // beat nothing. AUC = (4 + 4 + 4.5 + 0 + 0)/25 = 0.5.
  credo::test::small_example<Real> ex;
  const auto a = group_aucs<Real>(ex.groups, ex.scores, ex.bad, {});
  CHECK(a.value(0) == Approx(0.5));
  // B: goods seven 6s and a 1; bads 6 and 1: 7 goods of 6 tie bad 6 (½) beat bad 1 (1):
  // 7·1.5 = 10.5; good 1 ties bad 1 (½): 11/16.
  CHECK(a.value(1) == Approx(11.0 / 16));
  // Merge equals one pass.
  group_auc<Real> p1({"A", "B"}), p2({"A", "B"});
  for (std::size_t r = 0; r < 20; ++r)
    (r < 7 ? p1 : p2)(static_cast<std::size_t>(ex.groups.group_of(r)), ex.scores[r], ex.bad[r] != 0);
  p1 += p2;
  CHECK(p1.value(0) == Approx(0.5));
  CHECK(p1.value(1) == Approx(11.0 / 16));
  // A group with goods only: no AUC, the policy says what to report.
  group_auc<Real> g({"x", "y"});
  g(0, 1, false);
  CHECK(std::isnan(g.value(0)));
  CHECK_THROWS_WITH_AS(g.value(0, zero_division::raise{}),
                       "[credo.fairness.zero_division] group 'x': AUC needs goods and bads: the denominator is zero",
                       credo::numeric_error);
  group_auc<Real> other({"x", "z"});
  CHECK_THROWS_WITH_AS(g += other, "[credo.fairness.merge_mismatch] cannot merge group AUCs of different groups",
                       credo::invalid_input);
}

TEST_CASE("seeded bootstrap: deterministic, and close to the delta method on German credit") {
  const auto t = credo::test::german_credit();
  std::vector<double> scores(t.rows());
  const auto dur = t["duration"].values(), amt = t["credit_amount"].values();
  for (std::size_t r = 0; r < scores.size(); ++r) scores[r] = 100 - dur[r] - amt[r] / 500;
  const auto groups = groups_from(t, {"age", {25}});
  auto spd = [](const group_counts<double>& c) {
    return compare_groups(c, "age > 25").statistical_parity_difference.vs_reference[0];
  };
  bootstrap_options opt;
  opt.replicates = 400;
  opt.seed = 7;
  const auto b = bootstrap<double>(groups, scores, t.target(), {}, 70.0, spd, opt);
  const auto b2 = bootstrap<double>(groups, scores, t.target(), {}, 70.0, spd, opt);
  CHECK(b.ci == b2.ci);
  CHECK(b.standard_error == b2.standard_error);
  opt.seed = 8;
  const auto b3 = bootstrap<double>(groups, scores, t.target(), {}, 70.0, spd, opt);
  CHECK_FALSE(b3.ci.lower == b.ci.lower);
  CHECK(b.replicates == 400);
  CHECK(b.undefined == 0);
  // The estimate is the statistic on the data: 0.689 − 0.670 (tests/reference).
  const auto c = count_groups<double>(groups, scores, t.target(), {}, 70.0);
  CHECK(b.ci.estimate == Approx(spd(c)));
  CHECK(b.ci.lower < b.ci.estimate);
  CHECK(b.ci.upper > b.ci.estimate);
  // Delta method for a difference of independent proportions (groups keep their sizes in
  // this stratified bootstrap): se = sqrt(p1(1−p1)/n1 + p2(1−p2)/n2).
  const double p1 = c[0].approved / c[0].weight, p2 = c[1].approved / c[1].weight;
  const double se = std::sqrt(p1 * (1 - p1) / c[0].weight + p2 * (1 - p2) / c[1].weight);
  CHECK(b.standard_error == Approx(se).epsilon(0.15));
}

TEST_CASE("bootstrap replicates with an undefined statistic are counted and left out") {
  // Group y has a single row, a bad: in every replicate its approval rate among goods is 0/0.
  const auto g = group_assignment::hard({"x", "y"}, {0, 0, 0, 1});
  const std::vector<double> s = {1, 2, 3, 4};
  const std::vector<std::uint8_t> bad = {0, 1, 0, 1};
  auto eod = [](const group_counts<double>& c) {
    return compare_groups(c, "x").equal_opportunity_difference.vs_reference[1];
  };
  bootstrap_options opt;
  opt.replicates = 50;
  const auto b = bootstrap<double>(g, s, bad, {}, 2.5, eod, opt);
  CHECK(b.undefined == 50);
  CHECK(b.replicates == 0);
  CHECK(std::isnan(b.ci.lower));
  opt.replicates = 1;
  CHECK_THROWS_WITH_AS(bootstrap<double>(g, s, bad, {}, 2.5, eod, opt),
                       "[credo.fairness.bad_replicates] bootstrap needs at least 2 replicates, got 1",
                       credo::invalid_input);
}
