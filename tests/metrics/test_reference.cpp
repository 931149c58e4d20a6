// credo::metrics against scikit-learn, scipy and numpy on the same seeded data
// (tests/reference/metrics_reference.py writes metrics_reference.json).
#include <credo/metrics.hpp>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>
#include <test_support.hpp>

#include <cstdint>
#include <fstream>
#include <vector>

namespace m = credo::metrics;
using m::direction;

namespace {
struct reference {
  nlohmann::json j;
  std::vector<double> p, p2, points, weight, iweight;
  std::vector<std::uint8_t> bad;
  reference() {
    std::ifstream in(credo::test::reference_path("metrics_reference.json"));
    REQUIRE(in.good());
    j = nlohmann::json::parse(in);
    const auto& d = j["data"];
    p = d["p"].get<std::vector<double>>();
    p2 = d["p2"].get<std::vector<double>>();
    points = d["points"].get<std::vector<double>>();
    weight = d["weight"].get<std::vector<double>>();
    iweight = d["iweight"].get<std::vector<double>>();
    for (int b : d["bad"]) bad.push_back(static_cast<std::uint8_t>(b));
  }
};
const reference& ref() {
  static const reference r;
  return r;
}
}  // namespace

TEST_CASE_TEMPLATE("AUC equals sklearn's roc_auc_score, with ties and weights, both directions", Real, float, double) {
  const auto& r = ref();
  // float keeps every distinct p and point distinct (3 decimals, whole points), so the
  // unweighted AUC is the same; float weights round, hence the looser weighted tolerance.
  const std::vector<Real> p(r.p.begin(), r.p.end()), pts(r.points.begin(), r.points.end()),
      w(r.weight.begin(), r.weight.end());
  const double tol_w = sizeof(Real) == 4 ? 1e-6 : 1e-12;
  m::auc<Real> a(direction::higher_is_riskier), aw(direction::higher_is_riskier), s(direction::higher_is_safer),
      sw(direction::higher_is_safer);
  a.fill(p, r.bad);
  aw.fill(p, r.bad, w);
  s.fill(pts, r.bad);
  sw.fill(pts, r.bad, w);
  CHECK(a.value() == doctest::Approx(r.j["auc_p"].get<double>()).epsilon(1e-12));
  CHECK(aw.value() == doctest::Approx(r.j["auc_p_weighted"].get<double>()).epsilon(tol_w));
  CHECK(s.value() == doctest::Approx(r.j["auc_points_safer"].get<double>()).epsilon(1e-12));
  CHECK(sw.value() == doctest::Approx(r.j["auc_points_safer_weighted"].get<double>()).epsilon(tol_w));
  // Accuracy ratio from the CAP equals Gini.
  CHECK(m::accuracy_ratio(sw.rows(), direction::higher_is_safer) == doctest::Approx(sw.gini()).epsilon(1e-12));
}

TEST_CASE("ROC curve equals sklearn's roc_curve (weighted, drop_intermediate=False)") {
  const auto& r = ref();
  m::score_rows<double> rows;
  rows.fill(r.p, r.bad, r.weight);
  const auto c = m::roc_curve(rows, direction::higher_is_riskier);
  const auto fpr = r.j["roc_p_weighted"]["fpr"].get<std::vector<double>>();
  const auto tpr = r.j["roc_p_weighted"]["tpr"].get<std::vector<double>>();
  const auto thr = r.j["roc_p_weighted"]["threshold"].get<std::vector<double>>();
  REQUIRE(c.size() == fpr.size());
  for (std::size_t i = 0; i < c.size(); ++i) {
    CHECK(c[i].false_positive_rate == doctest::Approx(fpr[i]).epsilon(1e-12));
    CHECK(c[i].true_positive_rate == doctest::Approx(tpr[i]).epsilon(1e-12));
    if (i > 0) CHECK(c[i].threshold == thr[i - 1]);
  }
}

TEST_CASE_TEMPLATE("KS equals scipy's ks_2samp and a weighted computation by hand", Real, float, double) {
  const auto& r = ref();
  std::vector<Real> p(r.p.begin(), r.p.end()), pts(r.points.begin(), r.points.end()), w(r.weight.begin(), r.weight.end());
  m::ks<Real> k, kw;
  k.fill(p, r.bad);
  kw.fill(pts, r.bad, w);
  // float rounds p to a different grid, but distinct values stay distinct, so KS is unchanged.
  CHECK(k.value() == doctest::Approx(r.j["ks_p_scipy"].get<double>()).epsilon(1e-12));
  CHECK(k.at_score() == doctest::Approx(r.j["ks_p_at"].get<double>()).epsilon(1e-6));
  CHECK(kw.value() == doctest::Approx(r.j["ks_points_weighted"].get<double>()).epsilon(sizeof(Real) == 4 ? 1e-6 : 1e-12));
  CHECK(kw.at_score() == r.j["ks_points_weighted_at"].get<double>());
}

TEST_CASE("Brier score and log loss equal sklearn's (weighted)") {
  const auto& r = ref();
  m::brier_score<double> b;
  m::log_loss<double> l;
  for (std::size_t i = 0; i < r.p.size(); ++i) {
    b(r.p[i], r.bad[i] != 0, r.weight[i]);
    l(r.p[i], r.bad[i] != 0, r.weight[i]);
  }
  CHECK(b.value() == doctest::Approx(r.j["brier_weighted"].get<double>()).epsilon(1e-12));
  CHECK(l.value() == doctest::Approx(r.j["log_loss_weighted"].get<double>()).epsilon(1e-12));
}

TEST_CASE("Hosmer-Lemeshow equals the numpy/scipy computation") {
  const auto& r = ref();
  m::calibration<double> c, cw;
  c.fill(r.p, r.bad);
  cw.fill(r.p, r.bad, r.weight);
  const auto hl = c.hosmer_lemeshow(10);
  const auto& h = r.j["hosmer_lemeshow"];
  CHECK(hl.statistic == doctest::Approx(h["statistic"].get<double>()).epsilon(1e-10));
  CHECK(hl.groups == h["groups"].get<std::size_t>());
  CHECK(hl.df == 8);
  CHECK(hl.p_value == doctest::Approx(h["p_value"].get<double>()).epsilon(1e-10));
  const auto t = c.table();
  REQUIRE(t.size() == h["bands"].size());
  for (std::size_t k = 0; k < t.size(); ++k) {
    CHECK(t[k].weight == h["bands"][k]["weight"].get<double>());
    CHECK(t[k].observed_bads == h["bands"][k]["observed"].get<double>());
    CHECK(t[k].expected_bads == doctest::Approx(h["bands"][k]["expected"].get<double>()).epsilon(1e-12));
  }
  const auto hw = cw.hosmer_lemeshow();
  CHECK(hw.statistic == doctest::Approx(r.j["hosmer_lemeshow_weighted"]["statistic"].get<double>()).epsilon(1e-10));
  CHECK(hw.p_value == doctest::Approx(r.j["hosmer_lemeshow_weighted"]["p_value"].get<double>()).epsilon(1e-10));
}

TEST_CASE("DeLong variance and test equal the numpy implementation (Sun & Xu 2014)") {
  const auto& r = ref();
  const auto& d = r.j["delong"];
  m::auc<double> a(direction::higher_is_riskier);
  a.fill(r.p, r.bad);
  CHECK(a.value() == doctest::Approx(d["auc1"].get<double>()).epsilon(1e-12));
  CHECK(a.variance() == doctest::Approx(d["var1"].get<double>()).epsilon(1e-10));

  m::paired_auc<double> t(direction::higher_is_riskier, direction::higher_is_riskier);
  t.fill(r.p, r.p2, r.bad);
  const auto res = t.test();
  CHECK(res.auc1 == doctest::Approx(d["auc1"].get<double>()).epsilon(1e-12));
  CHECK(res.auc2 == doctest::Approx(d["auc2"].get<double>()).epsilon(1e-12));
  CHECK(res.variance1 == doctest::Approx(d["var1"].get<double>()).epsilon(1e-10));
  CHECK(res.variance2 == doctest::Approx(d["var2"].get<double>()).epsilon(1e-10));
  CHECK(res.covariance == doctest::Approx(d["cov"].get<double>()).epsilon(1e-10));
  CHECK(res.z == doctest::Approx(d["z"].get<double>()).epsilon(1e-9));
  CHECK(res.p_value == doctest::Approx(d["p_value"].get<double>()).epsilon(1e-9));

  // Integer weights are frequency weights: the same as repeating the rows.
  const auto& dw = r.j["delong_integer_weights"];
  m::auc<double> aw(direction::higher_is_riskier);
  aw.fill(r.p, r.bad, r.iweight);
  CHECK(aw.value() == doctest::Approx(dw["auc1"].get<double>()).epsilon(1e-12));
  CHECK(aw.variance() == doctest::Approx(dw["var1"].get<double>()).epsilon(1e-10));
  m::paired_auc<double> tw(direction::higher_is_riskier, direction::higher_is_riskier);
  tw.fill(r.p, r.p2, r.bad, r.iweight);
  const auto rw = tw.test();
  CHECK(rw.variance2 == doctest::Approx(dw["var2"].get<double>()).epsilon(1e-10));
  CHECK(rw.covariance == doctest::Approx(dw["cov"].get<double>()).epsilon(1e-10));
}

TEST_CASE("PSI over reference deciles equals the numpy computation") {
  const auto& r = ref();
  const std::size_t half = r.points.size() / 2;
  std::vector<double> reference(r.points.begin(), r.points.begin() + half), current(r.points.begin() + half, r.points.end());
  for (auto& x : current) x += 8;
  const auto cut = m::reference_cutoffs<double>(reference, {}, 10);
  CHECK(cut == r.j["psi_points"]["cutoffs"].get<std::vector<double>>());
  const auto res = m::psi_from_scores<double>(reference, current, 10);
  CHECK(res.value == doctest::Approx(r.j["psi_points"]["value"].get<double>()).epsilon(1e-12));
  CHECK(res.verdict == m::stability_verdict::some_shift);
  CHECK(res.smoothed_bands.empty());
}
