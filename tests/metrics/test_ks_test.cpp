// The two-sample Kolmogorov–Smirnov test (ks_2samp on two samples, ks::test on bads against
// goods) against scipy.stats.ks_2samp (tests/reference/ks_reference.py), and by hand.
#include <credo/metrics.hpp>

#include "german_credit.hpp"

#include <Eigen/Dense>
#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdint>
#include <fstream>
#include <string>
#include <vector>

namespace {

namespace km = credo::metrics;

km::alternative ks_alt(const std::string& s) {
  return s == "less" ? km::alternative::less : s == "greater" ? km::alternative::greater : km::alternative::two_sided;
}
km::ks_method ks_meth(const std::string& s) {
  return s == "exact" ? km::ks_method::exact : s == "asymp" ? km::ks_method::asymptotic : km::ks_method::automatic;
}

const nlohmann::json& ks_ref() {
  static const nlohmann::json j = [] {
    std::ifstream in(credo::test::reference_path("ks_reference.json"));
    REQUIRE(in);
    return nlohmann::json::parse(in);
  }();
  return j;
}

}  // namespace

TEST_CASE("two-sample KS p-values equal scipy's ks_2samp, exact, asymptotic and automatic") {
  const auto t = credo::test::german_credit();
  std::vector<double> bads, goods;
  const auto amount = t["credit_amount"].values();
  for (std::size_t i = 0; i < t.rows(); ++i) (t.target()[i] ? bads : goods).push_back(amount[i]);
  km::ks<double> acc;  // the same samples as an accumulator of (score, bad)
  acc.fill(amount, t.target());
  int n = 0;
  for (const auto& c : ks_ref()["cases"]) {
    CAPTURE(c.dump());
    const std::string name = c["sample"];
    std::vector<double> x, y;
    if (name == "german_credit_amount") {
      x = bads;
      y = goods;
    } else {
      x = c.contains("x") ? c["x"].get<std::vector<double>>() : ks_ref()["samples"][name][0].get<std::vector<double>>();
      y = ks_ref()["samples"][name][1].get<std::vector<double>>();
    }
    const auto alt = ks_alt(c["alternative"]);
    const auto meth = ks_meth(c["method"]);
    const auto r = km::ks_2samp<double>(x, y, alt, meth);
    CHECK(r.statistic == doctest::Approx(c["statistic"].get<double>()).epsilon(1e-14));
    CHECK(r.p_value == doctest::Approx(c["p_value"].get<double>()).epsilon(1e-9).scale(1e-300));
    CHECK(std::string(km::to_string(r.method)) == c["used"].get<std::string>());
    CHECK(r.n1 == x.size());
    CHECK(r.n2 == y.size());
    if (name == "german_credit_amount") {
      const auto a = acc.test(alt, meth);
      CHECK(a.statistic == r.statistic);
      CHECK(a.p_value == doctest::Approx(r.p_value).epsilon(1e-12));
      CHECK(a.statistic >= 0);
    }
    ++n;
  }
  CHECK(n == 51);
}

TEST_CASE("two-sample KS by hand: three against three, fully separated") {
  // Every path of C(6, 3) = 20 leaves the band at D = 1 only along the edge: P(D >= 1) = 2/20.
  const std::vector<double> a{1, 2, 3}, b{4, 5, 6};
  const auto r = km::ks_2samp<double>(a, b);
  CHECK(r.statistic == 1);
  CHECK(r.p_value == doctest::Approx(0.1));
  CHECK(r.method == km::ks_method::exact);
  // One-sided: F_a − F_b reaches 1 (greater) with P = 1/20; less sees D− = 0, p = 1.
  CHECK(km::ks_2samp<double>(a, b, km::alternative::greater).p_value == doctest::Approx(0.05));
  CHECK(km::ks_2samp<double>(a, b, km::alternative::less).p_value == 1);
  // Asymptotic, two-sided: Q(√1.5) = 2Σ(−1)^{k−1} e^{−3k²}.
  double q = 0;
  for (int k = 1; k < 10; ++k) q += (k % 2 ? 2 : -2) * std::exp(-3.0 * k * k);
  CHECK(km::ks_2samp<double>(a, b, km::alternative::two_sided, km::ks_method::asymptotic).p_value ==
        doctest::Approx(q).epsilon(1e-14));
}

TEST_CASE("two-sample KS refuses empty samples, NaN and fractional class weights") {
  const std::vector<double> a{1, 2}, none;
  CHECK_THROWS_WITH_AS(km::ks_2samp<double>(a, none), "[credo.metrics.empty] ks_2samp: sample 2 is empty",
                       credo::invalid_input);
  const std::vector<double> nan{1, std::nan("")};
  CHECK_THROWS_WITH_AS(km::ks_2samp<double>(nan, a), "[credo.metrics.nan_score] ks_2samp: a value is NaN",
                       credo::invalid_input);
  km::ks<double> k;
  k(1, true, 0.5);
  k(2, false, 1);
  CHECK_THROWS_WITH_AS(k.test(), "[credo.metrics.fractional_weights] ks test: the class weights (bads 0.5, goods 1) are "
                                 "not whole numbers; the test counts rows",
                       credo::invalid_input);
}

TEST_CASE("predictions fill the metrics in place: an Eigen vector as predict_proba returns it") {
  // No copy into a std::vector: the PD vector goes straight into auc, ks and calibration.
  Eigen::VectorXd pd(6);
  pd << 0.9, 0.8, 0.3, 0.6, 0.2, 0.1;
  const std::vector<std::uint8_t> bad{1, 1, 1, 0, 0, 0};
  const std::vector<double> same(pd.data(), pd.data() + pd.size());
  km::auc<double> a(km::direction::higher_is_riskier), b(km::direction::higher_is_riskier);
  a.fill(pd, bad);
  b.fill(same, bad);
  CHECK(a.value() == b.value());
  CHECK(a.value() == doctest::Approx(8.0 / 9));
  km::ks<double> k;
  k.fill(pd, bad);
  CHECK(k.value() == doctest::Approx(2.0 / 3));
  km::calibration<double> c;
  c.fill(pd, bad);
  CHECK(c.rows().bad_weight() == 3);
  // A strided view (a row of a column-major matrix) is not read as contiguous.
  static_assert(!km::detail::contiguous_of<decltype(Eigen::MatrixXd(2, 2).row(0)), double>);
  static_assert(km::detail::contiguous_of<Eigen::VectorXd, double>);
}
