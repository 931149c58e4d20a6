// AUC, Gini, KS, ROC, CAP and gains on small hand-derived examples, in both directions.
#include <credo/metrics.hpp>

#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <vector>

namespace m = credo::metrics;
using m::direction;

namespace {
// Seven rows; scores rank risk (higher = riskier):
//   bads  0.9, 0.6, 0.4        goods 0.6, 0.3, 0.2, 0.1
// Pairs (bad, good): 3·4 = 12. Bad 0.9 beats all 4 goods; bad 0.6 beats 3 and ties 1 (½);
// bad 0.4 beats 3. AUC = (4 + 3.5 + 3)/12 = 10.5/12 = 0.875, Gini = 0.75.
template <class Acc>
void fill_example(Acc& a) {
  a(0.9f, true);
  a(0.6f, true);
  a(0.4f, true);
  a(0.6f, false);
  a(0.3f, false);
  a(0.2f, false);
  a(0.1f, false);
}
}  // namespace

TEST_CASE_TEMPLATE("AUC and Gini of a small example, both directions", Real, float, double) {
  m::auc<Real> risk(direction::higher_is_riskier);
  fill_example(risk);
  CHECK(risk.value() == doctest::Approx(0.875).epsilon(1e-15));
  CHECK(risk.gini() == doctest::Approx(0.75).epsilon(1e-15));

  // Read as a scorecard score (higher = safer) the same numbers rank backwards: 1 − 0.875.
  m::auc<Real> safe(direction::higher_is_safer);  // stated, never defaulted
  fill_example(safe);
  CHECK(safe.score_direction() == direction::higher_is_safer);
  CHECK(safe.value() == doctest::Approx(0.125).epsilon(1e-15));

  // Negated scores read as higher = safer give the riskier AUC back.
  m::auc<Real> neg(direction::higher_is_safer);
  for (auto [s, b] : std::vector<std::pair<Real, bool>>{{-0.9f, true}, {-0.6f, true}, {-0.4f, true}, {-0.6f, false},
                                                         {-0.3f, false}, {-0.2f, false}, {-0.1f, false}})
    neg(s, b);
  CHECK(neg.value() == doctest::Approx(0.875).epsilon(1e-15));

  // Weight 2 on bad 0.9: B = 4; AUC = (2·4 + 3.5 + 3)/(4·4) = 14.5/16.
  m::auc<Real> w(direction::higher_is_riskier);
  fill_example(w);
  w(Real(0.9), true, Real(1));  // a second copy of the row equals weight 2
  m::auc<Real> w2(direction::higher_is_riskier);
  w2(Real(0.9), true, Real(2));
  w2(Real(0.6), true);
  w2(Real(0.4), true);
  for (Real s : {Real(0.6), Real(0.3), Real(0.2), Real(0.1)}) w2(s, false);
  CHECK(w.value() == doctest::Approx(14.5 / 16).epsilon(1e-15));
  CHECK(w2.value() == doctest::Approx(14.5 / 16).epsilon(1e-15));
}

TEST_CASE_TEMPLATE("DeLong variance and interval of the small example", Real, float, double) {
  // Placements: bads V10 = 1, 3.5/4, 3/4 → S10 = (0.125² + 0 + 0.125²)/2 = 0.015625.
  // Goods V01 (share of bads ranked riskier, ties ½) = 0.5, 1, 1, 1 → S01 = (0.375² + 3·0.125²)/3 = 0.0625.
  // Var = S10/3 + S01/4 = 1/192 + 1/64 = 1/48.
  m::auc<Real> a(direction::higher_is_riskier);
  fill_example(a);
  CHECK(a.variance() == doctest::Approx(1.0 / 48).epsilon(1e-14));
  const auto ci = a.confidence_interval(0.95);
  const double h = 1.959963984540054 * std::sqrt(1.0 / 48);
  CHECK(ci.estimate == doctest::Approx(0.875));
  CHECK(ci.lower == doctest::Approx(0.875 - h).epsilon(1e-12));
  CHECK(ci.upper == 1.0);  // 0.875 + 0.283 clipped to 1
  // The variance does not depend on the direction (placements mirror).
  m::auc<Real> b(direction::higher_is_safer);
  fill_example(b);
  CHECK(b.variance() == doctest::Approx(1.0 / 48).epsilon(1e-14));
}

TEST_CASE_TEMPLATE("KS and the score where it is reached", Real, float, double) {
  // Ascending distinct scores 0.1 0.2 0.3 0.4 0.6 0.9:
  //   F_bad  = 0    0    0    1/3  2/3  1
  //   F_good = 1/4  1/2  3/4  3/4  1    1     → largest gap 3/4 at 0.3.
  m::ks<Real> k;
  fill_example(k);
  CHECK(k.value() == doctest::Approx(0.75).epsilon(1e-15));
  CHECK(k.at_score() == doctest::Approx(0.3).epsilon(1e-7));
  const auto r = k.result();
  CHECK(r.value == k.value());
}

TEST_CASE("ROC and CAP curves, accuracy ratio = Gini") {
  m::score_rows<double> rows;
  fill_example(rows);
  const auto roc = m::roc_curve(rows, direction::higher_is_riskier);
  REQUIRE(roc.size() == 7);
  CHECK(std::isinf(roc[0].threshold));
  // thresholds 0.9 0.6 0.4 0.3 0.2 0.1: tpr 1/3 2/3 1 1 1 1, fpr 0 1/4 1/4 1/2 3/4 1
  const double tpr[] = {0, 1. / 3, 2. / 3, 1, 1, 1, 1}, fpr[] = {0, 0, .25, .25, .5, .75, 1};
  for (int i = 0; i < 7; ++i) {
    CHECK(roc[i].true_positive_rate == doctest::Approx(tpr[i]));
    CHECK(roc[i].false_positive_rate == doctest::Approx(fpr[i]));
  }
  CHECK(roc[1].threshold == doctest::Approx(0.9));
  // CAP: population 1/7, 3/7, 4/7, ...; bads 1/3, 2/3, 1. Area = 1/42 + 6/42 + 5/42 + 18/42 = 5/7;
  // π = 3/7; AR = (5/7 − 1/2)/((1 − 3/7)/2) = (3/14)/(2/7) = 0.75 = Gini.
  const auto cap = m::cap_curve(rows, direction::higher_is_riskier);
  CHECK(cap[2].population_share == doctest::Approx(3.0 / 7));
  CHECK(cap[2].bad_share == doctest::Approx(2.0 / 3));
  CHECK(m::accuracy_ratio(rows, direction::higher_is_riskier) == doctest::Approx(0.75).epsilon(1e-14));
  // Safer direction: the curve starts at the low end, −∞.
  const auto roc_safe = m::roc_curve(rows, direction::higher_is_safer);
  CHECK(roc_safe[0].threshold < 0);
  CHECK(roc_safe[1].threshold == doctest::Approx(0.1));
  CHECK(roc_safe[1].false_positive_rate == doctest::Approx(0.25));
}

TEST_CASE("gains table over quantile bands and over cut-offs") {
  m::score_rows<double> rows;
  fill_example(rows);
  // Two quantile bands, riskiest first: 0.9 (mid 0.5/7·2 → band 0), 0.6 ×2 (mid 2/7·2 → 0),
  // 0.4 (mid 3.5/7·2 = 1 → band 1), then the rest. Band 0: 3 rows, 2 bads; band 1: 4 rows, 1 bad.
  m::band_options two;
  two.count = 2;
  const auto t = m::gains_table(rows, direction::higher_is_riskier, two);
  REQUIRE(t.size() == 2);
  CHECK(t[0].rows == 3);
  CHECK(t[0].bads == 2);
  CHECK(t[0].score_min == doctest::Approx(0.6));
  CHECK(t[0].score_max == doctest::Approx(0.9));
  CHECK(t[0].bad_rate == doctest::Approx(2.0 / 3));
  CHECK(t[0].lift == doctest::Approx((2.0 / 3) / (3.0 / 7)));
  CHECK(t[0].cum_bad_share == doctest::Approx(2.0 / 3));
  CHECK(t[0].approval_rate == doctest::Approx(4.0 / 7));
  CHECK(t[0].approved_bad_rate == doctest::Approx(0.25));
  CHECK(t[1].cum_share == doctest::Approx(1.0));
  CHECK(t[1].cum_lift == doctest::Approx(1.0));
  CHECK(std::isnan(t[1].approved_bad_rate));  // nothing approved when every band is declined

  // Cut-offs 0.25 and 0.5 → bands [0.5, ∞) riskiest, [0.25, 0.5), (−∞, 0.25); an empty band is kept.
  m::band_options cuts;
  cuts.cutoffs = {0.25, 0.5, 0.95};
  const auto c = m::gains_table(rows, direction::higher_is_riskier, cuts);
  REQUIRE(c.size() == 4);
  CHECK(c[0].rows == 0);  // [0.95, ∞): empty, rates NaN
  CHECK(std::isnan(c[0].bad_rate));
  CHECK(c[1].rows == 3);  // 0.9, 0.6, 0.6
  CHECK(c[2].rows == 2);  // 0.4, 0.3
  CHECK(c[3].rows == 2);
  CHECK(c[3].goods == 2);
}

TEST_CASE_TEMPLATE("merging the parts of any split equals one pass", Real, float, double) {
  std::mt19937_64 gen(7);
  std::uniform_int_distribution<int> score(0, 40), part(0, 4), wint(1, 5);
  std::uniform_real_distribution<double> wreal(0.1, 3.0);
  for (int trial = 0; trial < 20; ++trial) {
    const bool integer_weights = trial % 2 == 0;
    m::auc<Real> all(direction::higher_is_riskier);
    m::ks<Real> ks_all;
    std::vector<m::auc<Real>> parts(5, m::auc<Real>(direction::higher_is_riskier));
    std::vector<m::ks<Real>> ks_parts(5);
    for (int i = 0; i < 300; ++i) {
      const Real s = static_cast<Real>(score(gen)) / 4;
      const bool bad = gen() % 3 == 0;
      const Real w = integer_weights ? static_cast<Real>(wint(gen)) : static_cast<Real>(wreal(gen));
      const int p = part(gen);
      all(s, bad, w);
      ks_all(s, bad, w);
      parts[p](s, bad, w);
      ks_parts[p](s, bad, w);
    }
    m::auc<Real> merged(direction::higher_is_riskier);
    m::ks<Real> ks_merged;
    for (int p = 4; p >= 0; --p) {
      merged += parts[p];
      ks_merged += ks_parts[p];
    }
    CHECK(merged.rows().rows() == all.rows().rows());
    CHECK(std::abs(merged.value() - all.value()) <= 1e-12);
    CHECK(std::abs(merged.variance() - all.variance()) <= 1e-12);
    CHECK(std::abs(ks_merged.value() - ks_all.value()) <= 1e-12);
    if (integer_weights) {
      CHECK(merged == all);  // exact for counts
      CHECK(ks_merged == ks_all);
    }
  }
}

TEST_CASE("exact AUC on many rows equals the brute-force pair count") {
  std::mt19937_64 gen(11);
  std::uniform_int_distribution<int> sc(-300, 300);  // negative scores, zero and ties
  std::vector<double> s(3000);
  std::vector<std::uint8_t> y(3000);
  for (std::size_t i = 0; i < s.size(); ++i) {
    s[i] = sc(gen) / 8.0;
    y[i] = gen() % 4 == 0;
  }
  s[0] = -0.0;  // −0 and +0 are one score
  s[1] = 0.0;
  m::auc<double> a(direction::higher_is_riskier);
  a.fill(s, y);
  double num = 0, pairs = 0;
  for (std::size_t i = 0; i < s.size(); ++i)
    if (y[i])
      for (std::size_t j = 0; j < s.size(); ++j)
        if (!y[j]) {
          num += s[i] > s[j] ? 1.0 : (s[i] == s[j] ? 0.5 : 0.0);
          pairs += 1;
        }
  CHECK(a.value() == doctest::Approx(num / pairs).epsilon(1e-14));
}

TEST_CASE("bad input to the rank metrics is refused with an id") {
  m::auc<double> a(direction::higher_is_safer);
  const double nan = std::numeric_limits<double>::quiet_NaN();
  CHECK_THROWS_WITH_AS(a(nan, true), "[credo.metrics.nan_score] score_rows: the score is NaN", credo::invalid_input);
  CHECK_THROWS_WITH_AS(a(1.0, true, -1.0), "[credo.metrics.bad_weight] score_rows: weight -1 is not a finite number >= 0",
                       credo::invalid_input);
  CHECK_THROWS_WITH_AS(a.value(), "[credo.metrics.no_bads] auc: no bad with positive weight", credo::numeric_error);
  a(1.0, true);
  CHECK_THROWS_WITH_AS(a.value(), "[credo.metrics.no_goods] auc: no good with positive weight", credo::numeric_error);
  CHECK_THROWS_WITH_AS(a.variance(), "[credo.metrics.no_goods] auc: no good with positive weight", credo::numeric_error);
  a(0.5, false);
  CHECK_THROWS_WITH_AS(a.variance(),
                       "[credo.metrics.too_few_rows] auc variance: DeLong's variance needs a weight above 1 in each "
                       "class (bads 1, goods 1)",
                       credo::numeric_error);
  CHECK_THROWS_WITH_AS(a.confidence_interval(1.5), "[credo.metrics.bad_level] auc interval: confidence level 1.5 is not in (0, 1)",
                       credo::invalid_input);

  const std::vector<double> s{0.1, 0.2, nan};
  const std::vector<std::uint8_t> y{0, 1, 1}, y2{0, 1}, y3{0, 2, 1};
  const std::vector<double> w{1, 1, 1};
  m::ks<double> k;
  CHECK_THROWS_WITH_AS(k.fill(s, y2), "[credo.metrics.length_mismatch] score_rows: 3 scores, 2 targets and 0 weights",
                       credo::invalid_input);
  CHECK_THROWS_WITH_AS(k.fill(s, y, w), "[credo.metrics.nan_score] score_rows, row 2: the score is NaN", credo::invalid_input);
  CHECK_THROWS_WITH_AS(k.fill(std::span(s).first(2), std::span(y3).first(2)),
                       "[credo.metrics.bad_target] score_rows, row 1: target 2 is not 0 or 1", credo::invalid_input);
  CHECK(k.rows().rows() == 0);  // nothing half-written
  CHECK_THROWS_WITH_AS(k.value(), "[credo.metrics.no_bads] ks: no bad with positive weight", credo::numeric_error);

  m::auc<double> r(direction::higher_is_riskier);
  CHECK_THROWS_WITH_AS(a += r, "[credo.metrics.direction_mismatch] cannot merge a metric read higher_is_riskier into one "
                               "read higher_is_safer",
                       credo::invalid_input);
  m::band_options bad_cuts;
  bad_cuts.cutoffs = {1, 1};
  CHECK_THROWS_WITH_AS(m::gains_table(a.rows(), direction::higher_is_safer, bad_cuts),
                       "[credo.metrics.bad_bands] gains_table: cut-off 1 (1) is not finite and above the previous one",
                       credo::invalid_input);
}

TEST_CASE_TEMPLATE("score_rows: rows per class in order, memory as documented", Real, float, double) {
  m::score_rows<Real> rows;
  std::vector<Real> s(1000);
  std::vector<std::uint8_t> y(1000);
  for (std::size_t i = 0; i < s.size(); ++i) {
    s[i] = static_cast<Real>((i * 7919) % 1000);
    y[i] = i % 4 == 0;
  }
  rows.fill(s, y);
  CHECK(rows.bad_rows() == 250);
  CHECK(rows.good_rows() == 750);
  // Unit weights: sizeof(Real) bytes per row, no weight array.
  CHECK(rows.memory_bytes() == 1000 * sizeof(Real));
  Real last = -1;
  std::size_t seen = 0;
  rows.for_each_row(true, [&](Real score, Real w) {
    CHECK(score >= last);
    CHECK(w == 1);
    last = score;
    ++seen;
  });
  CHECK(seen == 250);
  rows(Real(5), true, Real(2.5));  // the first weight other than 1 adds the bads' weight array
  CHECK(rows.memory_bytes() >= 1001 * sizeof(Real) + 251 * sizeof(Real));
  CHECK(rows.bad_weight() == 252.5);  // 250 bads of weight 1 + 2.5
  double w5 = 0;
  rows.for_each_row(true, [&](Real score, Real w) {
    if (score == Real(5)) w5 += w;
  });
  CHECK(w5 == 2.5);  // no earlier bad has score 5 (bads are i ≡ 0 mod 4), so only the new row
}
