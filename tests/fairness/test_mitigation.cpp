#include "german_credit.hpp"
#include <credo/fairness/measures.hpp>
#include <credo/fairness/mitigation.hpp>
#include <credo/io/csv.hpp>
#include <credo/model/logistic_regression.hpp>

#include "small_example.hpp"

#include <test_support.hpp>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <fstream>
#include <limits>
#include <vector>

using namespace credo::fairness;
using doctest::Approx;

TEST_CASE("reweighing makes group and outcome independent (hand-derived)") {
  // Small example: A has 5 goods, 5 bads; B has 8 goods, 2 bads; N = 20.
  // P(A) = P(B) = ½, P(good) = 13/20, P(bad) = 7/20.
  // W(A, good) = ½·(13/20)/(5/20) = 1.3    W(A, bad) = ½·(7/20)/(5/20) = 0.7
  // W(B, good) = ½·(13/20)/(8/20) = 0.8125 W(B, bad) = ½·(7/20)/(2/20) = 1.75
  credo::test::small_example<double> ex;
  const auto w = reweighing(ex.groups, ex.bad);
  REQUIRE(w.size() == 20);
  CHECK(w[0] == Approx(1.3));
  CHECK(w[3] == Approx(0.7));
  CHECK(w[10] == Approx(0.8125));
  CHECK(w[17] == Approx(1.75));
  // Under the new weights the bad rate is 7/20 in both groups: A 5·0.7/10, B 2·1.75/10.
  const auto c = count_groups<double>(ex.groups, ex.scores, ex.bad, w, ex.cutoff);
  CHECK(c[0].bad / c[0].weight == Approx(0.35));
  CHECK(c[1].bad / c[1].weight == Approx(0.35));
  CHECK(c[0].weight + c[1].weight == Approx(20));  // the total weight is kept
}

TEST_CASE("reweighing of German credit equals the pandas computation") {
  auto t = credo::test::german_credit();
  std::ifstream in(credo::test::reference_path("fairness_reference.json"));
  const auto ref = nlohmann::json::parse(in);
  const auto groups = groups_from(t, {"age", {25}});
  const auto w = reweighing(t, groups);
  const auto& want = ref["reweighing/age"];
  REQUIRE(w.size() == want.size());
  for (std::size_t r = 0; r < w.size(); ++r) CHECK(w[r] == Approx(want[r].get<double>()).epsilon(1e-12));
  std::vector<double> rw(t.rows());
  for (std::size_t r = 0; r < rw.size(); ++r) rw[r] = 1.0 + static_cast<double>(r % 3);
  t.set_weights(rw);
  const auto w2 = reweighing(t, groups);
  const auto& want2 = ref["reweighing_weighted/age"];
  for (std::size_t r = 0; r < w2.size(); ++r) CHECK(w2[r] == Approx(want2[r].get<double>()).epsilon(1e-12));
}

TEST_CASE("reweighing with soft groups weights each group's factor by membership") {
  // Rows: (p_a = 1, good), (p_a = 1, bad), (p_a = 0, good), (p_a = ½, bad); all weight 1.
  // Cells: a·good 1, a·bad 1.5, b·good 1, b·bad 0.5; N = 4; P(a) = 2.5/4, P(b) = 1.5/4,
  // P(good) = P(bad) = ½. W(a, good) = (2.5/4)(½)/(1/4) = 1.25, W(a, bad) = (2.5/4)(½)/(1.5/4)
  // = 5/6, W(b, good) = (1.5/4)(½)/(1/4) = 0.75, W(b, bad) = (1.5/4)(½)/(0.5/4) = 1.5.
  const auto g = group_assignment::probabilities({"a", "b"}, {1, 0, 1, 0, 0, 1, 0.5, 0.5});
  const std::vector<std::uint8_t> bad = {0, 1, 0, 1};
  const auto w = reweighing(g, bad);
  CHECK(w[0] == Approx(1.25));
  CHECK(w[1] == Approx(5.0 / 6));
  CHECK(w[2] == Approx(0.75));
  CHECK(w[3] == Approx(0.5 * 5.0 / 6 + 0.5 * 1.5));
}

TEST_CASE("group cut-offs on a hand-sized example") {
  // A: scores 9 g, 8 g, 7 b, 6 g, 5 b, 4 b (3 goods);  B: 9 g, 8 g, 7 g, 6 g, 5 b, 4 b (4 goods).
  // The single cut-off 6.5 approves 9, 8, 7 in each: A 3 (2 goods, 1 bad), B 3 (3 goods):
  // budget 6 approvals, 5 goods, P(approve|good) = 5/7, P(approve|bad) = 1/5,
  // decision AUC ½(1 + 5/7 − 1/5) = 0.757143.
  const auto g = group_assignment::hard({"A", "B"}, {0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1});
  const std::vector<double> s = {9, 8, 7, 6, 5, 4, 9, 8, 7, 6, 5, 4};
  const std::vector<std::uint8_t> bad = {0, 0, 1, 0, 1, 1, 0, 0, 0, 0, 1, 1};
  cutoff_options opt;
  opt.tolerance = 1.0 / 6;
  // Approval parity within 1/6 (the approval counts differ by at most 1), at most 6 approved.
  // Most goods: 5, e.g. A 2 & B 3 (5 approved) or A 3 & B 3 (6 approved, one of them A's bad).
  // The search (lowest band first) reaches 5 at band [1/3, 1/2]: A starts at 2 approvals,
  // B at 2; B's next approval is a good (share 1), A's next is a bad, skipped: A 8, B 7.
  const auto r = group_cutoffs<parity::approval_rate, double>(g, s, bad, {}, 6.5, opt);
  CHECK(r.cutoffs == std::vector<double>{8, 7});
  CHECK(r.before.approval_rate == Approx(0.5));
  CHECK(r.before.approved_goods == Approx(5));
  CHECK(r.before.bad_rate_approved == Approx(1.0 / 6));
  CHECK(r.before.decision_auc == Approx(0.5 * (1 + 5.0 / 7 - 0.2)));
  CHECK(r.before.disparity == Approx(0));
  CHECK(r.after.approval_rate == Approx(5.0 / 12));
  CHECK(r.after.approved_goods == Approx(5));
  CHECK(r.after.bad_rate_approved == Approx(0));
  CHECK(r.after.decision_auc == Approx(0.5 * (1 + 5.0 / 7)));
  CHECK(r.after.disparity == Approx(1.0 / 6));
  CHECK(r.after.group_rates == std::vector<double>{2.0 / 6, 3.0 / 6});

  // Equal opportunity within 0.1: P(approve|good) can be A 0, 1/3, 2/3, 1 and B 0, 1/4,
  // 1/2, 3/4, 1. Pairs within 0.1: (0, 0), (1/3, 1/4), (2/3, 3/4), (1, 1); (1, 1) needs
  // 4 + 4 > 6 approvals, so the best is (2/3, 3/4) with 2 + 3 goods: A 8, B 7 again.
  opt.tolerance = 0.1;
  const auto e = group_cutoffs<parity::equal_opportunity, double>(g, s, bad, {}, 6.5, opt);
  CHECK(e.cutoffs == std::vector<double>{8, 7});
  CHECK(e.after.group_rates[0] == Approx(2.0 / 3));
  CHECK(e.after.group_rates[1] == Approx(0.75));
  // With tolerance 0 only (0, 0) fits the budget: nobody is approved (+inf cut-offs).
  opt.tolerance = 0;
  const auto z = group_cutoffs<parity::equal_opportunity, double>(g, s, bad, {}, 6.5, opt);
  CHECK(std::isinf(z.cutoffs[0]));
  CHECK(std::isinf(z.cutoffs[1]));
  CHECK(z.after.approval_rate == 0);
  CHECK(std::isnan(z.after.bad_rate_approved));
  // A larger budget opens (1, 1): A and B approve 4 each.
  opt.max_approval_rate = 8.0 / 12;
  const auto big = group_cutoffs<parity::equal_opportunity, double>(g, s, bad, {}, 6.5, opt);
  CHECK(big.cutoffs == std::vector<double>{6, 6});
  CHECK(big.after.approved_goods == Approx(7));
}

TEST_CASE("group cut-offs of German credit reach the brute-force optimum and trade off openly") {
  const auto t = credo::test::german_credit();
  std::ifstream in(credo::test::reference_path("fairness_reference.json"));
  const auto ref = nlohmann::json::parse(in);
  std::vector<double> scores(t.rows());
  const auto dur = t["duration"].values(), amt = t["credit_amount"].values();
  for (std::size_t r = 0; r < scores.size(); ++r) scores[r] = 100 - dur[r] - amt[r] / 500;
  const auto groups = groups_from(t, {"age", {25}});
  const auto r = group_cutoffs<parity::approval_rate>(t, groups, std::span<const double>(scores), 70.0);
  // Before: one cut-off 70 approves 674 of 1000 (the Python budget).
  CHECK(r.before.approval_rate == Approx(ref["cutoffs/age"]["budget"].get<double>() / 1000));
  CHECK(r.after.disparity <= 0.02 + 1e-12);
  CHECK(r.after.approval_rate <= r.before.approval_rate + 1e-12);
  // tests/reference/fairness_reference.py enumerates every pair of cut-offs.
  CHECK(r.after.approved_goods == Approx(ref["cutoffs/age"]["approved_goods"].get<double>()));
  // The cut-offs reproduce the reported figures when applied.
  double approved = 0;
  for (std::size_t i = 0; i < t.rows(); ++i)
    approved += scores[i] >= r.cutoffs[static_cast<std::size_t>(groups.group_of(i))];
  CHECK(approved / 1000 == Approx(r.after.approval_rate));
  // Deterministic.
  const auto again = group_cutoffs<parity::approval_rate>(t, groups, std::span<const double>(scores), 70.0);
  CHECK(again.cutoffs == r.cutoffs);
  // The decision AUC is ½(1 + P(approve|good) − P(approve|bad)).
  const auto c = count_groups<double>(groups, scores, t.target(), {}, 70.0);
  const double goods = c[0].good() + c[1].good(), bads = c[0].bad + c[1].bad;
  const double tpr = (c[0].approved_good() + c[1].approved_good()) / goods;
  const double fpr = (c[0].approved_bad + c[1].approved_bad) / bads;
  CHECK(r.before.decision_auc == Approx((1 + tpr - fpr) / 2));

  const auto sex_col = [&] {
    std::vector<std::string> sex;
    const auto& ps = t["personal_status"];
    for (auto code : ps.codes())
      sex.push_back(ps.dictionary()[static_cast<std::size_t>(code)].rfind("female", 0) == 0 ? "female" : "male");
    return credo::column::categorical_from_labels("sex", sex);
  }();
  auto t2 = t;
  t2.add(sex_col);
  const auto sg = groups_from(t2, {"sex"});
  const auto rs = group_cutoffs<parity::approval_rate>(t2, sg, std::span<const double>(scores), 70.0);
  CHECK(rs.after.disparity <= 0.02 + 1e-12);
  CHECK(rs.after.approved_goods == Approx(ref["cutoffs/sex"]["approved_goods"].get<double>()));
}

TEST_CASE("mitigation errors carry ids") {
  credo::test::small_example<double> ex;
  const std::vector<std::uint8_t> short_bad = {0, 1};
  CHECK_THROWS_WITH_AS(reweighing(ex.groups, short_bad),
                       "[credo.fairness.length_mismatch] target has 2 rows, the groups 20",
                       credo::invalid_input);
  const auto soft = group_assignment::probabilities({"a", "b"}, {1, 0, 0, 1});
  const std::vector<double> s = {1, 2};
  const std::vector<std::uint8_t> b = {0, 1};
  CHECK_THROWS_WITH_AS((group_cutoffs<parity::approval_rate, double>(soft, s, b, {}, 1.5)),
                       "[credo.fairness.soft_groups] group cut-offs need one group per row; membership "
                       "probabilities cannot pick a row's cut-off",
                       credo::invalid_input);
  cutoff_options opt;
  opt.tolerance = -1;
  CHECK_THROWS_WITH_AS((group_cutoffs<parity::approval_rate, double>(ex.groups, ex.scores, ex.bad, {}, 5.0, opt)),
                       "[credo.fairness.bad_tolerance] tolerance -1.000000 is not a number >= 0",
                       credo::invalid_input);
  opt = {};
  opt.max_approval_rate = 2;
  CHECK_THROWS_WITH_AS((group_cutoffs<parity::approval_rate, double>(ex.groups, ex.scores, ex.bad, {}, 5.0, opt)),
                       "[credo.fairness.bad_budget] max_approval_rate 2.000000 is not in [0, 1]",
                       credo::invalid_input);
  // A group whose rows all weigh 0 is empty.
  std::vector<double> w(20, 1.0);
  for (std::size_t r = 10; r < 20; ++r) w[r] = 0;
  CHECK_THROWS_WITH_AS((group_cutoffs<parity::approval_rate, double>(ex.groups, ex.scores, ex.bad, w, 5.0)),
                       "[credo.fairness.empty_group] group 'B' has no rows (or only zero weights); its "
                       "rates are undefined",
                       credo::invalid_input);
  const auto all_bad_b = [&] {
    auto bb = ex.bad;
    for (std::size_t r = 10; r < 20; ++r) bb[r] = 1;
    return bb;
  }();
  CHECK_THROWS_WITH_AS((group_cutoffs<parity::equal_opportunity, double>(ex.groups, ex.scores, all_bad_b, {}, 5.0)),
      "[credo.fairness.empty_group] group 'B' has no goods; its approval rate among goods is undefined",
      credo::invalid_input);
  std::vector<double> zeros(20, 0.0);
  CHECK_THROWS_WITH_AS(reweighing(ex.groups, ex.bad, zeros),
                       "[credo.fairness.no_rows] no rows (or only zero weights) to reweigh", credo::invalid_input);
}

TEST_CASE("a logistic fit on reweighed German credit no longer links age band and outcome") {
  // With only an intercept and the indicator of age <= 25, the maximum-likelihood fit
  // reproduces each group's (weighted) bad rate. Reweighing gives both groups the overall
  // bad rate 300/1000, so the indicator's coefficient is 0 and the intercept ln(0.3/0.7);
  // without it the coefficient is ln-odds(young) − ln-odds(old) = ln((80/110)/(220/590))
  // (190 rows <= 25 with 80 bads; 810 rows > 25 with 220 bads).
  const auto t = credo::test::german_credit();
  const auto groups = groups_from(t, {"age", {25}});
  const auto c = count_groups<double>(groups, std::vector<double>(t.rows(), 0.0), t.target(), {}, 0.0);
  REQUIRE(c[0].rows == 190);
  REQUIRE(c[0].rows_bad == 80);
  Eigen::MatrixXd x(static_cast<Eigen::Index>(t.rows()), 1);
  for (std::size_t r = 0; r < t.rows(); ++r) x(static_cast<Eigen::Index>(r), 0) = groups.group_of(r) == 0 ? 1.0 : 0.0;
  credo::model::logistic_regression<> plain;
  REQUIRE(plain.fit(x, t.target(), {"young"}) == credo::model::fit_status::success);
  CHECK(plain.coefficients()[0] == Approx(std::log((80.0 / 110) / (220.0 / 590))).epsilon(1e-8));
  const auto w = reweighing(t, groups);
  const Eigen::VectorXd wv = Eigen::Map<const Eigen::VectorXd>(w.data(), static_cast<Eigen::Index>(w.size()));
  credo::model::logistic_regression<> fair;
  REQUIRE(fair.fit(x, t.target(), {"young"}, wv) == credo::model::fit_status::success);
  CHECK(fair.coefficients()[0] == Approx(0).epsilon(1e-8));
  CHECK(fair.intercept() == Approx(std::log(0.3 / 0.7)).epsilon(1e-8));
}
