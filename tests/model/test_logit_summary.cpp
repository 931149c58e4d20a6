// The logistic regression summary (Wald intervals, odds ratios, deviance, LR test, pseudo R²,
// residuals) and the treatment coding of raw columns, against statsmodels' Logit and GLM
// Binomial (tests/reference/logit_summary.py, its JSON committed beside it).
#include "german_credit.hpp"

#include <credo/model/logistic_regression.hpp>
#include <credo/model/summary.hpp>
#include <credo/model/treatment_coding.hpp>
#include <credo/model/workflow.hpp>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>
#include <test_support.hpp>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <string>
#include <vector>

using namespace credo;

namespace {

const nlohmann::json& summary_reference() {
  static const nlohmann::json j = [] {
    std::ifstream in(test::reference_path("logit_summary.json"));
    return nlohmann::json::parse(in);
  }();
  return j;
}

double summary_rel(double a, double b) { return std::abs(a - b) / std::max(std::abs(b), 1e-300); }

/// The reference design: the script's columns and baselines through treatment_coding.
model::treatment_coding reference_coding(const table& t) {
  const auto& ref = summary_reference();
  std::map<std::string, std::string, std::less<>> baselines;
  for (const auto& [c, level] : ref["baselines"].items()) baselines[c] = level.get<std::string>();
  return model::treatment_coding(t, ref["columns"].get<std::vector<std::string>>(), baselines);
}

/// Where each of credo's parameters (intercept first) sits in statsmodels' (patsy orders the
/// terms its own way): by name, so the names must match.
std::vector<std::size_t> reference_order(const std::vector<std::string>& credo_names) {
  const auto names = summary_reference()["names"].get<std::vector<std::string>>();
  std::vector<std::size_t> at;
  for (const auto& n : credo_names) {
    const auto it = std::find(names.begin(), names.end(), n == "intercept" ? std::string("Intercept") : n);
    REQUIRE_MESSAGE(it != names.end(), "no reference parameter " << n);
    at.push_back(static_cast<std::size_t>(it - names.begin()));
  }
  return at;
}

/// Checks every summary figure of a fit against a reference part ("raw", "weighted", "small").
template <class Model>
void check_summary(const Model& m, const nlohmann::json& ref, const std::vector<std::size_t>& at, double tol) {
  const auto b = m.params();
  const auto ci = m.conf_int(0.05);
  const auto odds = m.odds_ratios();
  const auto odds_ci = m.odds_ratio_conf_int();
  for (std::size_t j = 0; j < at.size(); ++j) {
    const auto k = static_cast<Eigen::Index>(j);
    const auto r = at[j];
    CAPTURE(j);
    CHECK(summary_rel(b[k], ref["params"][r]) < tol);
    CHECK(summary_rel(ci(k, 0), ref["conf_int"][r][0]) < tol);
    CHECK(summary_rel(ci(k, 1), ref["conf_int"][r][1]) < tol);
    CHECK(summary_rel(odds[k], ref["odds_ratio"][r]) < tol);
    CHECK(summary_rel(odds_ci(k, 0), ref["odds_ratio_conf_int"][r][0]) < tol);
    CHECK(summary_rel(odds_ci(k, 1), ref["odds_ratio_conf_int"][r][1]) < tol);
  }
  CHECK(summary_rel(m.deviance(), ref["deviance"]) < tol);
  CHECK(summary_rel(m.null_deviance(), ref["null_deviance"]) < tol);
  const auto lr = m.lr_test();
  CHECK(summary_rel(lr.statistic, ref["llr"]) < tol);
  CHECK(lr.df == ref["df_model"].get<double>());
  // The p-value's relative error is about the statistic's times statistic/2 (its density's
  // log-slope): 1e-8 of 227 leaves 1e-6.
  CHECK(summary_rel(lr.p_value, ref["llr_pvalue"]) < tol * std::max(1.0, lr.statistic));
  const auto r2 = m.pseudo_r2_all();
  CHECK(summary_rel(r2.mcfadden, ref["mcfadden"]) < tol);
  CHECK(r2.mcfadden == m.pseudo_r2());
  CHECK(summary_rel(r2.cox_snell, ref["cox_snell"]) < tol);
  CHECK(summary_rel(r2.nagelkerke, ref["nagelkerke"]) < tol);
  CHECK(m.cox_snell_r2() == r2.cox_snell);
  CHECK(m.nagelkerke_r2() == r2.nagelkerke);
}

template <class Vec>
void check_residuals(const Vec& got, const nlohmann::json& want, double tol) {
  REQUIRE(static_cast<std::size_t>(got.size()) == want.size());
  double worst = 0;
  for (Eigen::Index i = 0; i < got.size(); ++i)
    worst = std::max(worst, summary_rel(got[i], want[static_cast<std::size_t>(i)].get<double>()));
  CHECK(worst < tol);
}

}  // namespace

TEST_CASE("treatment coding names its dummies as patsy does, the baseline left out") {
  const auto t = test::german_credit();
  const auto tc = reference_coding(t);
  std::vector<std::string> want = summary_reference()["names"].get<std::vector<std::string>>();
  want.erase(want.begin());  // Intercept
  auto got = tc.names();
  CHECK(got.size() == want.size());
  std::sort(got.begin(), got.end());
  std::sort(want.begin(), want.end());
  CHECK(got == want);
  CHECK(tc.baseline("checking_status") == "no checking");
  CHECK(tc.baseline("purpose") == "business");  // the first level, as patsy's Treatment()
  CHECK(tc.levels("housing") == std::vector<std::string>{"for free", "own", "rent"});
  // Numeric columns first, as given; then each categorical's other levels in sorted order.
  CHECK(tc.names()[0] == "duration");
  CHECK(tc.names()[4] == "checking_status[T.0<=X<200]");
  const Eigen::MatrixXd x = tc.transform(t);
  REQUIRE(x.rows() == static_cast<Eigen::Index>(t.rows()));
  const auto& housing = t["housing"];
  for (std::size_t r = 0; r < t.rows(); ++r) {
    const auto& level = housing.dictionary()[static_cast<std::size_t>(housing.codes()[r])];
    const auto i = static_cast<Eigen::Index>(r);
    CHECK(x(i, 7) == (level == "for free" ? 1.0 : 0.0));
    CHECK(x(i, 8) == (level == "rent" ? 1.0 : 0.0));
    CHECK(x(i, 0) == t["duration"].values()[r]);
  }
}

TEST_CASE("Wald intervals, odds ratios, deviance, LR test and pseudo R² match statsmodels' Logit") {
  const auto t = test::german_credit();
  const auto tc = reference_coding(t);
  const Eigen::MatrixXd x = tc.transform(t);
  model::logistic_regression<> m;
  REQUIRE(m.fit(x, t.target(), tc.names()) == model::fit_status::success);
  const auto& ref = summary_reference()["raw"];
  const auto at = reference_order(m.param_names());
  check_summary(m, ref, at, 1e-8);
  // Another level: 90% intervals.
  const auto ci90 = m.conf_int(0.10);
  for (std::size_t j = 0; j < at.size(); ++j) {
    CHECK(summary_rel(ci90(static_cast<Eigen::Index>(j), 0), ref["conf_int_90"][at[j]][0]) < 1e-8);
    CHECK(summary_rel(ci90(static_cast<Eigen::Index>(j), 1), ref["conf_int_90"][at[j]][1]) < 1e-8);
  }
  // The interval is the estimate ± z·se, its half-width 1.959964 standard errors at 95%.
  const auto ci = m.conf_int();
  const auto se = m.std_errors();
  for (Eigen::Index j = 0; j < se.size(); ++j)
    CHECK((ci(j, 1) - ci(j, 0)) / (2 * se[j]) == doctest::Approx(1.959963984540054).epsilon(1e-14));
  // The deviance is -2 loglik, and 2 (loglik - loglik_null) the LR statistic.
  CHECK(m.deviance() == -2 * m.log_likelihood());
  CHECK(m.lr_test().statistic == doctest::Approx(m.null_deviance() - m.deviance()).epsilon(1e-14));

  SUBCASE("Pearson and deviance residuals match GLM resid_pearson / resid_deviance") {
    Eigen::VectorXd y(static_cast<Eigen::Index>(t.rows()));
    for (std::size_t r = 0; r < t.rows(); ++r) y[static_cast<Eigen::Index>(r)] = t.target()[r];
    const auto rp = m.pearson_residuals(x, y);
    const auto rd = m.deviance_residuals(x, y);
    check_residuals(rp, ref["resid_pearson"], 1e-8);
    check_residuals(rd, ref["resid_deviance"], 1e-8);
    // Σ d² is the deviance; Σ r² Pearson's χ².
    CHECK(rd.squaredNorm() == doctest::Approx(m.deviance()).epsilon(1e-12));
    // The fitted PD is statsmodels' predict().
    const auto p = m.predict_proba(x);
    check_residuals(p, ref["fitted"], 1e-8);
  }
}

TEST_CASE("the summary with frequency weights matches statsmodels' GLM Binomial with freq_weights") {
  const auto t = test::german_credit();
  const auto tc = reference_coding(t);
  const Eigen::MatrixXd x = tc.transform(t);
  Eigen::VectorXd w(static_cast<Eigen::Index>(t.rows())), y(w.size());
  for (Eigen::Index i = 0; i < w.size(); ++i) {
    w[i] = static_cast<double>(i % 3 + 1);
    y[i] = t.target()[static_cast<std::size_t>(i)];
  }
  model::logistic_regression<> m;
  REQUIRE(m.fit(x, y, tc.names(), w) == model::fit_status::success);
  const auto& ref = summary_reference()["weighted"];
  check_summary(m, ref, reference_order(m.param_names()), 1e-8);
  CHECK(m.nobs() == ref["nobs"].get<double>());
  check_residuals(m.pearson_residuals(x, y), ref["resid_pearson"], 1e-8);
  check_residuals(m.deviance_residuals(x, y), ref["resid_deviance"], 1e-8);
  // Σ w d² = D with frequency weights.
  const Eigen::VectorXd d = m.deviance_residuals(x, y);
  CHECK((w.array() * d.array().square()).sum() == doctest::Approx(m.deviance()).epsilon(1e-12));
}

TEST_CASE_TEMPLATE("the summary on twelve rows with non-integer weights", Real, float, double) {
  const auto& ref = summary_reference()["small"];
  const auto xs = ref["x"].get<std::vector<double>>();
  const auto ys = ref["y"].get<std::vector<double>>();
  const auto ws = ref["w"].get<std::vector<double>>();
  const auto n = static_cast<Eigen::Index>(xs.size());
  Eigen::Matrix<Real, Eigen::Dynamic, Eigen::Dynamic> x(n, 1);
  Eigen::Matrix<Real, Eigen::Dynamic, 1> y(n), w(n);
  for (Eigen::Index i = 0; i < n; ++i) {
    x(i, 0) = static_cast<Real>(xs[static_cast<std::size_t>(i)]);
    y[i] = static_cast<Real>(ys[static_cast<std::size_t>(i)]);
    w[i] = static_cast<Real>(ws[static_cast<std::size_t>(i)]);
  }
  model::logistic_regression<Real> m;
  REQUIRE(m.fit(x, y, {"x"}, w) == model::fit_status::success);
  // The data are exact in float too (multiples of 1/4); float rounds the reported figures.
  const double tol = std::is_same_v<Real, float> ? 1e-5 : 1e-8;
  check_summary(m, ref, {0, 1}, tol);
  check_residuals(m.pearson_residuals(x, y), ref["resid_pearson"], tol);
  check_residuals(m.deviance_residuals(x, y), ref["resid_deviance"], tol);
  const auto ci99 = m.conf_int(0.01);
  for (Eigen::Index j = 0; j < 2; ++j) {
    CHECK(summary_rel(ci99(j, 0), ref["conf_int_99"][static_cast<std::size_t>(j)][0]) < tol);
    CHECK(summary_rel(ci99(j, 1), ref["conf_int_99"][static_cast<std::size_t>(j)][1]) < tol);
  }
}

TEST_CASE("summary formulas by hand") {
  using namespace credo::model::summary;
  // Wald: 0.5 ± 1.959964 · 0.1.
  const auto ci = wald_interval(0.5, 0.1);
  CHECK(ci.lower == doctest::Approx(0.5 - 0.1959963984540054).epsilon(1e-15));
  CHECK(ci.upper == doctest::Approx(0.5 + 0.1959963984540054).epsilon(1e-15));
  CHECK(odds_ratio_interval(ci).lower == doctest::Approx(std::exp(0.3040036015459946)).epsilon(1e-15));
  // LR: G = 2 (−40 + 50) = 20 on 2 df: p = exp(−G/2) = exp(−10) (χ²₂ is exponential).
  const auto lr = lr_test(-40, -50, 2);
  CHECK(lr.statistic == 20);
  CHECK(lr.p_value == doctest::Approx(std::exp(-10.0)).epsilon(1e-13));
  CHECK(lr_test(-40, -40, 0).p_value == 1);  // no slope: nothing to test
  // R²: ℓ = −40, ℓ₀ = −50, n = 100: CS = 1 − e^(−0.2), max = 1 − e^(−1).
  const auto r2 = pseudo_r2(-40, -50, 100);
  CHECK(r2.mcfadden == doctest::Approx(0.2).epsilon(1e-15));
  CHECK(r2.cox_snell == doctest::Approx(1 - std::exp(-0.2)).epsilon(1e-15));
  CHECK(r2.nagelkerke == doctest::Approx((1 - std::exp(-0.2)) / (1 - std::exp(-1.0))).epsilon(1e-15));
  // Residuals at η = 0 (p = ½): Pearson ±1, deviance ±√(2 ln 2); far out, no overflow or 0/0.
  CHECK(pearson_residual(0, true) == 1);
  CHECK(pearson_residual(0, false) == -1);
  CHECK(deviance_residual(0, true) == doctest::Approx(std::sqrt(2 * std::log(2.0))).epsilon(1e-15));
  CHECK(deviance_residual(0, false) == doctest::Approx(-std::sqrt(2 * std::log(2.0))).epsilon(1e-15));
  CHECK(pearson_residual(-40, true) == doctest::Approx(std::exp(20.0)).epsilon(1e-15));
  CHECK(deviance_residual(-800, true) == doctest::Approx(std::sqrt(1600.0)).epsilon(1e-15));
  CHECK(deviance_residual(800, true) == doctest::Approx(std::sqrt(2 * std::exp(-800.0))).epsilon(1e-12));
}

TEST_CASE("summary and treatment coding refuse what they cannot use") {
  const auto t = test::german_credit();
  using S = std::map<std::string, std::string, std::less<>>;
  CHECK_THROWS_WITH_AS(model::treatment_coding(t, {"housing"}, S{{"housing", "castle"}}),
                       "[credo.model.unknown_level] column 'housing': baseline level 'castle' is not among its levels "
                       "('for free', 'own', 'rent')",
                       invalid_input);
  CHECK_THROWS_WITH_AS(model::treatment_coding(t, {"housing"}, S{{"purpose", "business"}}),
                       doctest::Contains("[credo.model.bad_baseline] a baseline level is given for column 'purpose'"),
                       invalid_input);
  CHECK_THROWS_WITH_AS(model::treatment_coding(t, {"age"}, S{{"age", "30"}}),
                       doctest::Contains("[credo.model.bad_baseline] column 'age' is numeric"), invalid_input);
  CHECK_THROWS_AS(model::treatment_coding(t, {"no_such_column"}), invalid_input);

  // A constant categorical column, a missing level, a level never seen.
  table one;
  one.add(column::categorical_from_labels("c", {"a", "a", "a"}));
  CHECK_THROWS_WITH_AS(model::treatment_coding(one, {"c"}),
                       "[credo.model.constant_column] column 'c' holds one level ('a') in every row: it has no contrast "
                       "to code; drop it",
                       invalid_input);
  table gap;
  gap.add(column::categorical_from_labels("c", {"a", "", "b"}));
  CHECK_THROWS_WITH_AS(model::treatment_coding(gap, {"c"}), doctest::Contains("[credo.model.missing_level] column 'c', row 1"),
                       invalid_input);
  table two;
  two.add(column::categorical_from_labels("c", {"a", "b", "a"}));
  const model::treatment_coding tc(two, {"c"});
  CHECK(tc.names() == std::vector<std::string>{"c[T.b]"});
  table other;
  other.add(column::categorical_from_labels("c", {"a", "z"}));
  CHECK_THROWS_WITH_AS(tc.transform(other), doctest::Contains("[credo.model.unknown_level] column 'c', row 1: level 'z'"),
                       invalid_input);
  CHECK_THROWS_WITH_AS(tc.transform(gap), doctest::Contains("[credo.model.missing_level] column 'c', row 1"), invalid_input);
  CHECK_THROWS_WITH_AS(tc.baseline("d"), doctest::Contains("[credo.model.bad_baseline]"), invalid_input);

  // alpha outside (0, 1); residuals of a target of another length or not 0/1.
  const auto tc2 = reference_coding(t);
  const Eigen::MatrixXd x = tc2.transform(t);
  model::logistic_regression<> m;
  REQUIRE(m.fit(x, t.target(), tc2.names()) == model::fit_status::success);
  CHECK_THROWS_WITH_AS(m.conf_int(0), doctest::Contains("[credo.model.bad_alpha] alpha = 0 is not in (0, 1)"), invalid_input);
  CHECK_THROWS_WITH_AS(m.odds_ratio_conf_int(1.5), doctest::Contains("[credo.model.bad_alpha]"), invalid_input);
  CHECK_THROWS_WITH_AS(model::summary::wald_interval(0, 1, std::nan("")), doctest::Contains("[credo.model.bad_alpha]"),
                       invalid_input);
  Eigen::VectorXd y = Eigen::VectorXd::Zero(x.rows());
  CHECK_THROWS_WITH_AS(m.pearson_residuals(x, y.head(5)), doctest::Contains("[credo.model.row_count] the target has 5 rows"),
                       invalid_input);
  y[3] = 2;
  CHECK_THROWS_WITH_AS(m.deviance_residuals(x, y), doctest::Contains("[credo.model.target_not_binary] target, row 3"),
                       invalid_input);
  y[3] = 0;
  CHECK_THROWS_WITH_AS(m.deviance_residuals(x.leftCols(3), y), doctest::Contains("[credo.model.column_count]"), invalid_input);
  model::logistic_regression<> unfitted;
  CHECK_THROWS_AS(unfitted.conf_int(), logic_error);
}

TEST_CASE("fit_scorecard's model_summary is the summary of the logistic fit on the chosen WoE columns") {
  const auto t = test::german_credit();
  model::scorecard_plan plan;
  plan.binning.columns = t.names();
  plan.alpha = 0.1;
  const auto f = model::fit_scorecard(t, plan);
  // Refit the selected columns by hand.
  const Eigen::MatrixXd all = f.encoder.transform(t);
  Eigen::MatrixXd x(all.rows(), static_cast<Eigen::Index>(f.selected.size()));
  for (std::size_t j = 0; j < f.selected.size(); ++j) {
    const auto at = std::find(f.encoder.columns().begin(), f.encoder.columns().end(), f.selected[j]) -
                    f.encoder.columns().begin();
    x.col(static_cast<Eigen::Index>(j)) = all.col(at);
  }
  model::logistic_regression<> m(plan.fit);
  REQUIRE(m.fit(x, t.target(), f.selected) == model::fit_status::success);
  const auto ci = m.conf_int(0.1);
  const auto odds = m.odds_ratios();
  const auto odds_ci = m.odds_ratio_conf_int(0.1);
  REQUIRE(f.model.coefficients.size() == static_cast<std::size_t>(ci.rows()));
  for (std::size_t i = 0; i < f.model.coefficients.size(); ++i) {
    const auto& c = f.model.coefficients[i];
    const auto k = static_cast<Eigen::Index>(i);
    CHECK(c.conf_int.lower == ci(k, 0));
    CHECK(c.conf_int.upper == ci(k, 1));
    CHECK(c.odds_ratio == odds[k]);
    CHECK(c.odds_ratio_conf_int.lower == odds_ci(k, 0));
    CHECK(c.odds_ratio_conf_int.upper == odds_ci(k, 1));
    CHECK(c.odds_ratio_conf_int.lower < c.odds_ratio);
    CHECK(c.odds_ratio < c.odds_ratio_conf_int.upper);
  }
  CHECK(f.model.alpha == 0.1);
  CHECK(f.model.deviance == m.deviance());
  CHECK(f.model.null_deviance == m.null_deviance());
  CHECK(f.model.lr_test == m.lr_test());
  CHECK(f.model.lr_test.df == static_cast<double>(f.selected.size()));
  CHECK(f.model.r2 == m.pseudo_r2_all());
  CHECK(f.model.r2.mcfadden == f.model.pseudo_r2);
}
