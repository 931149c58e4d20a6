// Champion and challenger: DeLong's paired test from the histogram of score pairs
// (credo/metrics/paired_histogram.hpp) against numpy's fast DeLong (Sun & Xu 2014;
// tests/reference/challenger_delong.py) and against paired_auc, which keeps every row; the
// swap sets at two cut-offs; two fitted scorecards compared through the accumulator
// (credo/report/challenger.hpp).
#include "german_credit.hpp"
#include "test_support.hpp"

#include <credo/core/archive.hpp>
#include <credo/metrics/auc.hpp>
#include <credo/metrics/paired_histogram.hpp>
#include <credo/model/workflow.hpp>
#include <credo/report/challenger.hpp>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <fstream>
#include <string>
#include <vector>

namespace challenger_test {

using credo::metrics::direction;
using credo::metrics::paired_score_histogram;

const nlohmann::json& reference() {
  static const nlohmann::json j = [] {
    std::ifstream in(credo::test::reference_path("challenger_delong.json"));
    return nlohmann::json::parse(in);
  }();
  return j;
}

double rel(double a, double b) { return std::abs(a - b) / std::max(std::abs(b), 1e-300); }

// The reference's two integer scores of German credit (see challenger_delong.py).
struct scores {
  std::vector<double> champion, challenger, weight;
  std::vector<std::uint8_t> bad;
};
scores german_scores() {
  const auto t = credo::test::german_credit();
  scores s;
  for (std::size_t i = 0; i < t.rows(); ++i) {
    const double dur = t["duration"].values()[i], amount = t["credit_amount"].values()[i];
    const double inst = t["installment_commitment"].values()[i], age = t["age"].values()[i];
    s.champion.push_back(600 - 2 * dur - 3 * std::nearbyint(amount / 1000));
    s.challenger.push_back(600 - 5 * inst - 4 * std::nearbyint(dur / 6) + 10 * (age > 30 ? 1 : 0));
    s.bad.push_back(t.target()[i]);
    s.weight.push_back(1.0 + static_cast<double>(i % 3));
  }
  return s;
}

paired_score_histogram<double> histogram(const scores& s, bool weighted) {
  paired_score_histogram<double> h(direction::higher_is_safer, direction::higher_is_safer);
  for (std::size_t i = 0; i < s.bad.size(); ++i) h(s.champion[i], s.challenger[i], s.bad[i] != 0, weighted ? s.weight[i] : 1.0);
  return h;
}

void check_part(const credo::report::swap_part& got, const nlohmann::json& want, bool weighted) {
  CHECK((weighted ? got.weight : static_cast<double>(got.rows)) == want["rows"].get<double>());
  CHECK(got.bad_weight == want["bads"].get<double>());
  CHECK(rel(got.bad_rate(), want["bad_rate"]) < 1e-12);
}

TEST_CASE("paired DeLong from the pair histogram matches numpy's fast DeLong on German credit") {
  const auto s = german_scores();
  const auto& cut = reference()["cutoffs"];
  for (const bool weighted : {false, true}) {
    CAPTURE(weighted);
    const auto& ref = reference()[weighted ? "weighted" : "unweighted"];
    const auto h = histogram(s, weighted);
    CHECK(h.rows() == 1000);
    CHECK(h.distinct() < 1000);  // ties: pairs repeat
    const auto c = credo::report::compare_challenger(h, cut["champion"], cut["challenger"]);
    CHECK(rel(c.challenger_auc, ref["challenger_auc"]) < 1e-12);
    CHECK(rel(c.champion_auc, ref["champion_auc"]) < 1e-12);
    CHECK(rel(c.delong.variance1, ref["challenger_variance"]) < 1e-9);
    CHECK(rel(c.delong.variance2, ref["champion_variance"]) < 1e-9);
    CHECK(rel(c.delong.covariance, ref["covariance"]) < 1e-9);
    CHECK(rel(c.delong.z, ref["z"]) < 1e-9);
    CHECK(rel(c.delong.p_value, ref["p_value"]) < 1e-8);
    CHECK(rel(c.delong.difference_interval.lower, ref["difference_interval"][0]) < 1e-8);
    CHECK(rel(c.delong.difference_interval.upper, ref["difference_interval"][1]) < 1e-8);
    CHECK(rel(c.challenger_auc_interval.lower, ref["challenger_auc_interval"][0]) < 1e-9);
    CHECK(rel(c.challenger_auc_interval.upper, ref["challenger_auc_interval"][1]) < 1e-9);
    check_part(c.swap_out, ref["swap_out"], weighted);
    check_part(c.swap_in, ref["swap_in"], weighted);
    check_part(c.both_approved, ref["both_approved"], weighted);
    check_part(c.both_declined, ref["both_declined"], weighted);
  }
}

TEST_CASE("the pair histogram gives paired_auc's test, which keeps every row") {
  const auto s = german_scores();
  credo::metrics::paired_auc<double> rows(direction::higher_is_safer, direction::higher_is_safer);
  rows.fill(s.champion, s.challenger, s.bad, s.weight);
  const auto want = rows.test();
  const auto got = histogram(s, true).test();
  CHECK(rel(got.auc1, want.auc1) < 1e-14);
  CHECK(rel(got.auc2, want.auc2) < 1e-14);
  CHECK(rel(got.variance1, want.variance1) < 1e-12);
  CHECK(rel(got.covariance, want.covariance) < 1e-12);
  CHECK(rel(got.z, want.z) < 1e-12);
  CHECK(rel(got.p_value, want.p_value) < 1e-10);
  // Other directions and a one-sided alternative take the same route.
  credo::metrics::paired_auc<double> risk(direction::higher_is_riskier, direction::higher_is_safer);
  paired_score_histogram<double> hr(direction::higher_is_riskier, direction::higher_is_safer);
  for (std::size_t i = 0; i < s.bad.size(); ++i) {
    risk(-s.champion[i], s.challenger[i], s.bad[i] != 0);
    hr(-s.champion[i], s.challenger[i], s.bad[i] != 0);
  }
  const auto a = risk.test(credo::metrics::alternative::less), b = hr.test(credo::metrics::alternative::less);
  CHECK(rel(b.auc1, a.auc1) < 1e-14);
  CHECK(rel(b.p_value, a.p_value) < 1e-10);
  CHECK(b.auc1 == doctest::Approx(reference()["unweighted"]["champion_auc"].get<double>()).epsilon(1e-12));
}

TEST_CASE("the pair histogram merges, compares and round-trips through the archive") {
  const auto s = german_scores();
  const auto whole = histogram(s, false);
  paired_score_histogram<double> a(direction::higher_is_safer, direction::higher_is_safer), b = a;
  for (std::size_t i = 0; i < s.bad.size(); ++i) (i < 400 ? a : b)(s.champion[i], s.challenger[i], s.bad[i] != 0);
  a += b;
  CHECK(a == whole);  // unit weights: sums exact in any order
  CHECK(credo::from_bytes<paired_score_histogram<double>>(credo::to_bytes(whole)) == whole);
  paired_score_histogram<double> other(direction::higher_is_riskier, direction::higher_is_safer);
  CHECK_THROWS_WITH_AS(a += other,
                       "[credo.metrics.direction_mismatch] paired_score_histogram: cannot merge parts that read the "
                       "scores in different directions",
                       credo::invalid_input);
  CHECK_THROWS_WITH_AS(a(std::nan(""), 1, true), "[credo.metrics.nan_score] paired_score_histogram: the score is NaN",
                       credo::invalid_input);
  paired_score_histogram<double> one(direction::higher_is_safer, direction::higher_is_safer);
  one(1, 1, true);
  one(2, 2, false);
  CHECK_THROWS_WITH_AS(one.test(),
                       "[credo.metrics.too_few_rows] paired_score_histogram: DeLong's test needs a weight above 1 in "
                       "each class (bads 1, goods 1)",
                       credo::numeric_error);
  paired_score_histogram<double> goods(direction::higher_is_safer, direction::higher_is_safer);
  goods(1, 1, false);
  CHECK_THROWS_WITH_AS(goods.test(), "[credo.metrics.no_bads] paired_score_histogram: no bad with positive weight",
                       credo::numeric_error);
}

TEST_CASE("hand-derived: four applicants, two cards, their swap sets") {
  // scores (champion, challenger, bad): (10, 30, bad) (20, 10, good) (30, 20, good) (40, 40, bad)
  paired_score_histogram<double> h(direction::higher_is_safer, direction::higher_is_safer);
  h(10, 30, true);
  h(20, 10, false);
  h(30, 20, false);
  h(40, 40, true, 2);
  // Champion: bads at 10 (w 1) and 40 (w 2); goods at 20, 30. A bad beats the goods above it:
  // AUC = (1 * 2 + 2 * 0) / (3 * 2) = 1/3. Challenger: bads at 30, 40; goods at 10, 20: AUC 0.
  const auto c = credo::report::compare_challenger(h, 25, 15);
  CHECK(c.champion_auc == doctest::Approx(1.0 / 3));
  CHECK(c.challenger_auc == 0);
  CHECK(c.delong.difference == doctest::Approx(-1.0 / 3));
  // At 25 the champion approves 30, 40; at 15 the challenger approves 30, 20, 40.
  CHECK(c.both_approved.rows == 2);  // (30, 20) good, (40, 40) bad of weight 2
  CHECK(c.both_approved.bad_rate() == doctest::Approx(2.0 / 3));
  CHECK(c.swap_in.rows == 1);  // (10, 30): the challenger approves a bad the champion declined
  CHECK(c.swap_in.bad_rate() == 1);
  CHECK(c.swap_out.rows == 0);
  CHECK(std::isnan(c.swap_out.bad_rate()));
  CHECK(c.both_declined.rows == 1);  // (20, 10), a good
  CHECK(c.both_declined.bad_rate() == 0);
  CHECK(c.bad_rate == doctest::Approx(3.0 / 5));
}

TEST_CASE("two scorecards fitted on German credit, compared through the accumulator") {
  const auto t = credo::test::german_credit();
  credo::model::scorecard_plan p1, p2;
  p2.min_iv = 0.1;  // a leaner challenger
  const auto champion = credo::model::fit_scorecard(t, p1), challenger = credo::model::fit_scorecard(t, p2);
  REQUIRE(champion.selected.size() > challenger.selected.size());
  credo::report::challenger_accumulator acc, half1, half2;
  acc.add(t, champion.card, challenger.card);
  std::vector<std::size_t> lo, hi;
  for (std::size_t i = 0; i < t.rows(); ++i) (i < 500 ? lo : hi).push_back(i);
  half1.add(t.take(lo), champion.card, challenger.card);
  half2.add(t.take(hi), champion.card, challenger.card);
  half1 += half2;
  CHECK(half1 == acc);
  const auto c = credo::report::compare_challenger(acc, champion.card, challenger.card);
  CHECK(c.rows == 1000);
  CHECK(c.compared == 1000);
  CHECK(c.bad_rate == doctest::Approx(0.3));
  CHECK(c.champion_cutoff == champion.card.score_from_pd(0.3));
  CHECK(c.challenger_cutoff == challenger.card.score_from_pd(0.3));
  // Each AUC is that card's own AUC over its scores.
  credo::metrics::auc<double, credo::metrics::score_histogram<double>> a1(direction::higher_is_safer), a2 = a1;
  a1.fill(champion.training_scores, t.target());
  a2.fill(challenger.training_scores, t.target());
  CHECK(rel(c.champion_auc, a1.value()) < 1e-14);
  CHECK(rel(c.challenger_auc, a2.value()) < 1e-14);
  CHECK(rel(c.champion_auc_interval.lower, a1.confidence_interval().lower) < 1e-12);
  // The four parts partition the rows; the bands partition them too.
  CHECK(c.swap_in.rows + c.swap_out.rows + c.both_approved.rows + c.both_declined.rows == 1000);
  REQUIRE(c.champion_bands.size() == champion.card.training_distribution()->counts.size());
  std::uint64_t in_bands = 0;
  for (std::size_t k = 0; k < c.champion_bands.size(); ++k) {
    in_bands += c.champion_bands[k].part.rows;
    CHECK(static_cast<double>(c.champion_bands[k].part.rows) == champion.card.training_distribution()->counts[k]);
  }
  CHECK(in_bands == 1000);
  // The card against itself: no difference, p = 1, no swap.
  credo::report::challenger_accumulator same;
  same.add(t, champion.card, champion.card);
  const auto s = credo::report::compare_challenger(same, champion.card, champion.card);
  CHECK(s.delong.difference == 0);
  CHECK(s.delong.p_value == 1);
  CHECK(s.swap_in.rows + s.swap_out.rows == 0);
  // A report section is drawn from it.
  credo::report::html_document h("t");
  credo::report::add_challenger_section(h, c);
  const auto html = h.str();
  CHECK(html.find("Swap sets") != std::string::npos);
  CHECK(html.find("DeLong") != std::string::npos);
}

}  // namespace challenger_test
