// DeLong's test unpaired (two independent samples) and one-sided, against
// tests/reference/delong_reference.py (DeLong's structural components in numpy/scipy, the
// formulas and p-values of pROC's roc.test), and one case by hand.
#include <credo/metrics.hpp>

#include "german_credit.hpp"

#include <boost/math/distributions/students_t.hpp>
#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdint>
#include <fstream>
#include <string>
#include <vector>

namespace {

namespace dm = credo::metrics;

dm::alternative delong_alt(const std::string& s) {
  return s == "less" ? dm::alternative::less : s == "greater" ? dm::alternative::greater : dm::alternative::two_sided;
}

struct delong_data {
  std::vector<double> linear, duration, age;
  std::vector<std::uint8_t> bad;
  delong_data() {
    const auto t = credo::test::german_credit();
    const auto dur = t["duration"].values(), amount = t["credit_amount"].values(), a = t["age"].values();
    for (std::size_t i = 0; i < t.rows(); ++i) {
      linear.push_back(100 - dur[i] - amount[i] / 500);
      duration.push_back(-dur[i]);
      age.push_back(a[i]);
      bad.push_back(t.target()[i]);
    }
  }
};

nlohmann::json delong_ref() {
  std::ifstream in(credo::test::reference_path("delong_reference.json"));
  REQUIRE(in);
  return nlohmann::json::parse(in);
}

}  // namespace

TEST_CASE("unpaired DeLong by hand: a score and its mirror on two samples") {
  // Sample 1 read higher = riskier: AUC 0.875, Var 1/48 (test_delong.cpp); sample 2 the same
  // numbers read higher = safer: AUC 0.125, Var 1/48. D = 0.75/√(1/24), df = (1/24)²/(2·(1/48)²/6) = 12.
  const std::vector<double> s{0.9, 0.6, 0.4, 0.6, 0.3, 0.2, 0.1};
  const std::vector<std::uint8_t> y{1, 1, 1, 0, 0, 0, 0};
  dm::auc<double> a1(dm::direction::higher_is_riskier), a2(dm::direction::higher_is_safer);
  a1.fill(s, y);
  a2.fill(s, y);
  const auto r = dm::delong_unpaired(a1, a2);
  CHECK_FALSE(r.paired);
  CHECK(r.covariance == 0);
  CHECK(r.z == doctest::Approx(0.75 / std::sqrt(1.0 / 24)).epsilon(1e-12));
  CHECK(r.df == doctest::Approx(12).epsilon(1e-12));
  const boost::math::students_t t12(12);
  CHECK(r.p_value == doctest::Approx(2 * boost::math::cdf(boost::math::complement(t12, r.z))).epsilon(1e-12));
  const auto g = dm::delong_unpaired(a1, a2, dm::alternative::greater);
  CHECK(g.p_value == doctest::Approx(r.p_value / 2).epsilon(1e-12));
  const auto l = dm::delong_unpaired(a1, a2, dm::alternative::less);
  CHECK(l.p_value == doctest::Approx(1 - r.p_value / 2).epsilon(1e-12));
  // The same AUC twice: no difference, p = 1 (½ one-sided).
  const auto same = dm::delong_unpaired(a1, a1, dm::alternative::less);
  CHECK(same.z == 0);
  CHECK(same.p_value == doctest::Approx(0.5));
}

TEST_CASE("unpaired DeLong on German credit equals the numpy reference, weighted too") {
  const delong_data d;
  const auto ref = delong_ref();
  for (const auto& c : ref["unpaired"]) {
    CAPTURE(c.dump());
    const std::string name = c["case"];
    dm::auc<double> a1(dm::direction::higher_is_safer), a2(dm::direction::higher_is_safer);
    for (std::size_t i = 0; i < d.bad.size(); ++i) {
      const double w = name == "age_weighted" ? 1.0 + static_cast<double>(i % 3) : 1.0;
      if (name == "halves") {
        if (i < 400) a1(d.linear[i], d.bad[i] != 0);
        else a2(d.duration[i], d.bad[i] != 0);
      } else {
        (d.age[i] <= 25 ? a1 : a2)(d.linear[i], d.bad[i] != 0, w);
      }
    }
    const auto r = dm::delong_unpaired(a1, a2, delong_alt(c["alternative"]));
    CHECK(r.auc1 == doctest::Approx(c["auc1"].get<double>()).epsilon(1e-12));
    CHECK(r.auc2 == doctest::Approx(c["auc2"].get<double>()).epsilon(1e-12));
    CHECK(r.variance1 == doctest::Approx(c["variance1"].get<double>()).epsilon(1e-10));
    CHECK(r.variance2 == doctest::Approx(c["variance2"].get<double>()).epsilon(1e-10));
    CHECK(r.z == doctest::Approx(c["statistic"].get<double>()).epsilon(1e-10));
    CHECK(r.df == doctest::Approx(c["df"].get<double>()).epsilon(1e-10));
    CHECK(r.p_value == doctest::Approx(c["p_value"].get<double>()).epsilon(1e-9));
    CHECK(r.difference_interval.lower == doctest::Approx(c["difference_interval"][0].get<double>()).epsilon(1e-9));
    CHECK(r.difference_interval.upper == doctest::Approx(c["difference_interval"][1].get<double>()).epsilon(1e-9));
  }
}

TEST_CASE("paired DeLong one-sided equals the numpy reference, two-sided unchanged") {
  const delong_data d;
  const auto ref = delong_ref();
  dm::paired_auc<double> p(dm::direction::higher_is_safer, dm::direction::higher_is_safer);
  p.fill(d.linear, d.duration, d.bad);
  for (const auto& c : ref["paired"]) {
    CAPTURE(c.dump());
    const auto r = p.test(delong_alt(c["alternative"]));
    CHECK(r.paired);
    CHECK(r.auc1 == doctest::Approx(c["auc1"].get<double>()).epsilon(1e-12));
    CHECK(r.auc2 == doctest::Approx(c["auc2"].get<double>()).epsilon(1e-12));
    CHECK(r.covariance == doctest::Approx(c["covariance"].get<double>()).epsilon(1e-10));
    CHECK(r.z == doctest::Approx(c["statistic"].get<double>()).epsilon(1e-10));
    CHECK(r.p_value == doctest::Approx(c["p_value"].get<double>()).epsilon(1e-9));
  }
  const auto two = p.test(), two_alt = p.test(dm::alternative::two_sided);
  CHECK(two.p_value == two_alt.p_value);
  CHECK(two.z == two_alt.z);
}

TEST_CASE("unpaired DeLong refuses a bad level and too few rows") {
  dm::auc<double> a(dm::direction::higher_is_safer), b(dm::direction::higher_is_safer);
  a(1, true);
  a(0, false);
  b(1, true);
  b(0, false);
  b(2, false);
  b(3, true);
  CHECK_THROWS_WITH_AS(dm::delong_unpaired(b, b, dm::alternative::two_sided, 0),
                       "[credo.metrics.bad_level] delong_unpaired: confidence level 0 is not in (0, 1)",
                       credo::invalid_input);
  CHECK_THROWS_WITH_AS(dm::delong_unpaired(a, b),
                       "[credo.metrics.too_few_rows] auc variance: DeLong's variance needs a weight above 1 in "
                       "each class (bads 1, goods 1)",
                       credo::numeric_error);
}
