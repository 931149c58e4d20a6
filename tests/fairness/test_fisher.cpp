// Fisher's exact test with its alternatives, the conditional MLE of the odds ratio and its
// exact interval against R's fisher.test (tests/reference/fisher_reference.R writes
// fisher_reference.json: R's own figures and the same algorithm with tight roots).
#include <credo/fairness/inference.hpp>

#include <test_support.hpp>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <fstream>
#include <limits>
#include <string>

namespace {

using credo::fairness::alternative;
using doctest::Approx;

double fisher_num(const nlohmann::json& v) {
  if (v.is_string()) return v.get<std::string>() == "inf" ? std::numeric_limits<double>::infinity()
                                                          : -std::numeric_limits<double>::infinity();
  return v.get<double>();
}

// R's uniroot stops at |Δt| <= 1.22e-4 on t = ψ (ψ <= 1) or t = 1/ψ (ψ > 1): compare there.
void check_fisher_root(double ours, double r_value, double tolerance_t) {
  if (std::isinf(r_value) || r_value == 0) {
    CHECK(ours == r_value);
    return;
  }
  const double t_ours = ours <= 1 ? ours : 1 / ours, t_r = r_value <= 1 ? r_value : 1 / r_value;
  CHECK(std::abs(t_ours - t_r) <= tolerance_t);
}

void check_fisher_tight(double ours, double tight) {
  if (std::isinf(tight) || tight == 0) CHECK(ours == tight);
  else CHECK(ours == Approx(tight).epsilon(1e-9));
}

alternative fisher_alt(const std::string& s) {
  return s == "less" ? alternative::less : s == "greater" ? alternative::greater : alternative::two_sided;
}

}  // namespace

TEST_CASE("Fisher's test, its odds ratio and exact interval equal R's fisher.test on every alternative") {
  std::ifstream in(credo::test::reference_path("fisher_reference.json"));
  REQUIRE(in);
  const auto ref = nlohmann::json::parse(in);
  REQUIRE(ref["cases"].size() == 60);
  for (const auto& c : ref["cases"]) {
    const auto t = c["table"].get<std::vector<double>>();
    const std::string alt = c["alternative"];
    const double level = c["level"];
    CAPTURE(c.dump());
    const auto f = credo::fairness::fisher_test(t[0], t[1], t[2], t[3], fisher_alt(alt), level);
    CHECK(f.p_value == Approx(c["p_value"].get<double>()).epsilon(1e-10));
    CHECK(f.alt == fisher_alt(alt));
    CHECK(f.odds_ratio_interval.level == level);
    CHECK(f.odds_ratio_interval.estimate == f.odds_ratio);
    // The same algorithm with tight roots, to nine digits.
    check_fisher_tight(f.odds_ratio, fisher_num(c["tight_odds_ratio"]));
    check_fisher_tight(f.odds_ratio_interval.lower, fisher_num(c["tight_conf_int"][0]));
    check_fisher_tight(f.odds_ratio_interval.upper, fisher_num(c["tight_conf_int"][1]));
    // fisher.test's own figures, to uniroot's tolerance.
    check_fisher_root(f.odds_ratio, fisher_num(c["odds_ratio"]), 2e-4);
    check_fisher_root(f.odds_ratio_interval.lower, fisher_num(c["conf_int"][0]), 2e-4);
    check_fisher_root(f.odds_ratio_interval.upper, fisher_num(c["conf_int"][1]), 2e-4);
  }
}

TEST_CASE("Fisher's one-sided p-values by hand, and the two-sided one unchanged") {
  // [[3, 1], [1, 3]]: X ~ Hypergeometric(8, 4, 4), P(X = k) = C(4,k)C(4,4−k)/70 = 1, 16, 36, 16, 1 / 70.
  const auto g = credo::fairness::fisher_test(3, 1, 1, 3, alternative::greater);
  CHECK(g.p_value == Approx(17.0 / 70));
  const auto l = credo::fairness::fisher_test(3, 1, 1, 3, alternative::less);
  CHECK(l.p_value == Approx(69.0 / 70));
  const auto two = credo::fairness::fisher_test(3, 1, 1, 3);
  CHECK(two.p_value == credo::fairness::fisher_exact(3, 1, 1, 3).p_value);  // bit for bit
  // The MLE solves E_ψ[X] = 3: (16ψ + 72ψ² + 48ψ³ + 4ψ⁴)/(1 + 16ψ + 36ψ² + 16ψ³ + ψ⁴) = 3.
  const double psi = two.odds_ratio;
  const double num = 16 * psi + 72 * psi * psi + 48 * psi * psi * psi + 4 * std::pow(psi, 4);
  const double den = 1 + 16 * psi + 36 * psi * psi + 16 * psi * psi * psi + std::pow(psi, 4);
  CHECK(num / den == Approx(3).epsilon(1e-12));
}

TEST_CASE("Fisher's test refuses weighted counts and a level outside (0, 1)") {
  CHECK_THROWS_WITH_AS(credo::fairness::fisher_test(1.5, 2, 3, 4, alternative::less),
                       "[credo.fairness.non_integer_counts] Fisher's exact test needs whole counts; got "
                       "1.500000 (use raw counts for weighted data)",
                       credo::invalid_input);
  CHECK_THROWS_WITH_AS(credo::fairness::fisher_test(1, 2, 3, 4, alternative::less, 1.0),
                       "[credo.metrics.bad_level] fisher_test: confidence level 1 is not in (0, 1)",
                       credo::invalid_input);
}
