// score_histogram keeps one entry per distinct score where score_rows keeps every row; every
// rank metric reads rows only through for_each_distinct and the class totals, so both stores
// must give the same figures. Checked bit for bit on scores with many ties (a scorecard's
// rounded points), with unit and with non-integer weights in one part, and within 1e-12
// relative when non-integer weights are merged from parts: their per-score sums associate
// differently, (w1 + w2) + (w3 + w4) against ((w1 + w2) + w3) + w4, a few ulps that the
// Hosmer–Lemeshow statistic (a sum of squared differences) raises to about 1e-14.
#include <credo/metrics/auc.hpp>
#include <credo/metrics/calibration.hpp>
#include <credo/metrics/curves.hpp>
#include <credo/metrics/ks.hpp>
#include <credo/metrics/score_histogram.hpp>
#include <credo/metrics/score_rows.hpp>

#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

namespace {

namespace m = credo::metrics;

struct hist_rows {
  std::vector<double> score, p, weight;
  std::vector<std::uint8_t> bad;
};

// Scores on a 5-point grid between 400 and 700 (about 60 distinct values for n rows), a bad
// rate falling with the score, and weights 1 or in [0.5, 2).
hist_rows hist_make(std::size_t n, bool unit_weights, unsigned seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> u(0, 1);
  hist_rows r;
  for (std::size_t i = 0; i < n; ++i) {
    const double s = 400 + 5 * std::floor(60 * u(rng));
    r.score.push_back(s);
    r.p.push_back(1 / (1 + std::exp((s - 520) / 30)));
    r.bad.push_back(u(rng) < r.p.back() ? 1 : 0);
    r.weight.push_back(unit_weights ? 1.0 : 0.5 + 1.5 * u(rng));
  }
  return r;
}

template <class Rows>
struct hist_figures {
  double auc, variance, ks, ks_at, ar;
  std::vector<m::roc_point> roc;
  std::vector<m::gains_row> gains;
  std::vector<m::calibration_row> cal;
  m::hosmer_lemeshow_result hl;
};

template <class Rows>
hist_figures<Rows> hist_compute(const hist_rows& r, std::size_t parts) {
  // Rows split into `parts` consecutive parts, each filled alone, merged in order.
  m::auc<double, Rows> auc(m::direction::higher_is_safer);
  m::ks<double, Rows> ks;
  m::calibration<double, Rows> cal;
  const std::size_t n = r.score.size();
  for (std::size_t k = 0; k < parts; ++k) {
    m::auc<double, Rows> a(m::direction::higher_is_safer);
    m::ks<double, Rows> b;
    m::calibration<double, Rows> c;
    for (std::size_t i = k * n / parts; i < (k + 1) * n / parts; ++i) {
      a(r.score[i], r.bad[i] != 0, r.weight[i]);
      b(r.score[i], r.bad[i] != 0, r.weight[i]);
      c(r.p[i], r.bad[i] != 0, r.weight[i]);
    }
    auc += a;
    ks += b;
    cal += c;
  }
  const auto k = ks.result();
  return {auc.value(),
          auc.variance(),
          k.value,
          k.at_score,
          m::accuracy_ratio(auc.rows(), m::direction::higher_is_safer),
          m::roc_curve(auc.rows(), m::direction::higher_is_safer),
          m::gains_table(auc.rows(), m::direction::higher_is_safer),
          cal.table(),
          cal.hosmer_lemeshow()};
}

// Bitwise equality of two doubles, NaN equal to NaN (an empty band's rates).
bool hist_same(double a, double b, double rel) {
  if (std::isnan(a) || std::isnan(b)) return std::isnan(a) && std::isnan(b);
  const bool ok = a == b || std::abs(a - b) <= rel * std::max(std::abs(a), std::abs(b));
  if (!ok) MESSAGE(a << " vs " << b << " (relative " << std::abs(a - b) / std::max(std::abs(a), std::abs(b)) << ")");
  return ok;
}

void hist_check_equal(const hist_figures<m::score_rows<double>>& x, const hist_figures<m::score_histogram<double>>& y,
                      double rel) {
  CHECK(hist_same(x.auc, y.auc, rel));
  CHECK(hist_same(x.variance, y.variance, rel));
  CHECK(hist_same(x.ks, y.ks, rel));
  CHECK(x.ks_at == y.ks_at);
  CHECK(hist_same(x.ar, y.ar, rel));
  REQUIRE(x.roc.size() == y.roc.size());
  for (std::size_t i = 0; i < x.roc.size(); ++i) {
    CHECK(x.roc[i].threshold == y.roc[i].threshold);
    CHECK(hist_same(x.roc[i].true_positive_rate, y.roc[i].true_positive_rate, rel));
    CHECK(hist_same(x.roc[i].false_positive_rate, y.roc[i].false_positive_rate, rel));
  }
  REQUIRE(x.gains.size() == y.gains.size());
  for (std::size_t i = 0; i < x.gains.size(); ++i) {
    CHECK(x.gains[i].rows == y.gains[i].rows);
    CHECK(hist_same(x.gains[i].score_min, y.gains[i].score_min, 0));
    CHECK(hist_same(x.gains[i].bads, y.gains[i].bads, rel));
    CHECK(hist_same(x.gains[i].lift, y.gains[i].lift, rel));
    CHECK(hist_same(x.gains[i].approval_rate, y.gains[i].approval_rate, rel));
  }
  REQUIRE(x.cal.size() == y.cal.size());
  for (std::size_t i = 0; i < x.cal.size(); ++i) {
    CHECK(x.cal[i].rows == y.cal[i].rows);
    CHECK(hist_same(x.cal[i].predicted, y.cal[i].predicted, rel));
    CHECK(hist_same(x.cal[i].observed_upper, y.cal[i].observed_upper, rel));
  }
  CHECK(hist_same(x.hl.statistic, y.hl.statistic, rel));
  CHECK(x.hl.groups == y.hl.groups);
}

}  // namespace

TEST_CASE("score_histogram gives score_rows' figures bit for bit: AUC, DeLong, KS, curves, gains, calibration") {
  for (bool unit : {true, false}) {
    CAPTURE(unit);
    const auto r = hist_make(5000, unit, unit ? 11 : 12);
    // One part: both stores add each score's weights and each class's total in row order.
    hist_check_equal(hist_compute<m::score_rows<double>>(r, 1), hist_compute<m::score_histogram<double>>(r, 1), 0);
  }
}

TEST_CASE("score_histogram merged from parts: exact with unit weights, within 1e-12 with others") {
  const auto unit = hist_make(5000, true, 13);
  // Integer sums are exact in any association: merged parts are still bit-identical.
  hist_check_equal(hist_compute<m::score_rows<double>>(unit, 1), hist_compute<m::score_histogram<double>>(unit, 7), 0);
  const auto weighted = hist_make(5000, false, 14);
  hist_check_equal(hist_compute<m::score_rows<double>>(weighted, 1),
                   hist_compute<m::score_histogram<double>>(weighted, 7), 1e-12);
}

TEST_CASE("score_histogram keeps one entry per distinct score, and its counts") {
  const auto r = hist_make(20000, true, 15);
  m::score_histogram<double> h;
  m::score_rows<double> s;
  h.fill(r.score, r.bad);
  s.fill(r.score, r.bad);
  CHECK(h.distinct() <= 60);
  CHECK(h.rows() == 20000);
  CHECK(h.bad_rows() == s.bad_rows());
  CHECK(h.bad_weight() == s.bad_weight());
  CHECK(h.memory_bytes() < s.memory_bytes() / 10);
  // Row counts per distinct score as score_rows walks them.
  std::vector<std::size_t> a, b;
  h.for_each_distinct([&](double, double, double, std::size_t nb, std::size_t ng) { a.push_back(nb * 100000 + ng); });
  s.for_each_distinct([&](double, double, double, std::size_t nb, std::size_t ng) { b.push_back(nb * 100000 + ng); });
  CHECK(a == b);
  // −0 and +0 are one score, as in score_rows (the same radix key).
  m::score_histogram<double> z;
  m::score_rows<double> zr;
  z(0.0, true);
  z(-0.0, false);
  zr(0.0, true);
  zr(-0.0, false);
  std::size_t zd = 0;
  zr.for_each_distinct([&](double, double, double, std::size_t, std::size_t) { ++zd; });
  CHECK(z.distinct() == zd);
  CHECK(zd == 1);
}

TEST_CASE("score_histogram refuses what score_rows refuses, and adds nothing then") {
  m::score_histogram<double> h;
  CHECK_THROWS_WITH_AS(h(std::nan(""), true), doctest::Contains("credo.metrics.nan_score"), credo::invalid_input);
  const std::vector<double> s{1, 2};
  const std::vector<std::uint8_t> bad{0, 2};
  CHECK_THROWS_WITH_AS(h.fill(s, bad), doctest::Contains("credo.metrics.bad_target"), credo::invalid_input);
  CHECK(h.empty());
}
