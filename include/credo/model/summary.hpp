// The summary of a fitted logistic regression as statsmodels' Logit.fit().summary() /
// summary2() and Stata's `logit` / `estat gof` print it: Wald intervals, odds ratios, deviance,
// the likelihood-ratio test against the intercept-only model, three pseudo R², and the
// Pearson and deviance residuals of each row. Each figure is a function of the fit's
// estimates (β, their covariance, ℓ, ℓ₀, n = Σw, k), so a fit in memory and one over passes of
// a stream (fit_rows) give it from the same numbers. Formulas and sources: docs/model.md
// ("Summary"); tests/reference/logit_summary.py checks them against statsmodels.
#pragma once

#include <credo/core/error.hpp>
#include <credo/detail/text.hpp>

#include <boost/math/distributions/chi_squared.hpp>
#include <boost/math/distributions/normal.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

namespace credo::model {

/// A two-sided interval [lower, upper].
struct confidence_interval {
  double lower = 0, upper = 0;
  friend bool operator==(const confidence_interval&, const confidence_interval&) = default;
};

/// The likelihood-ratio test of a model against the intercept-only one.
struct likelihood_ratio_test {
  double statistic = 0;  ///< 2 (ℓ − ℓ₀) = null deviance − deviance
  double df = 0;         ///< the slopes estimated (k − 1)
  double p_value = 1;    ///< P(χ²_df > statistic)
  friend bool operator==(const likelihood_ratio_test&, const likelihood_ratio_test&) = default;
};

/// Three pseudo R² of a binary model.
struct pseudo_r2_measures {
  double mcfadden = 0, cox_snell = 0, nagelkerke = 0;
  friend bool operator==(const pseudo_r2_measures&, const pseudo_r2_measures&) = default;
};

namespace summary {

/// z_{1−α/2}, the standard normal quantile of a two-sided (1 − α) interval (Boost.Math).
/// Throws credo.model.bad_alpha unless 0 < α < 1.
inline double normal_quantile(double alpha) {
  if (!(alpha > 0 && alpha < 1))
    CREDO_THROW(invalid_input, "credo.model.bad_alpha",
                "alpha = " + credo::detail::format_general(alpha) +
                    " is not in (0, 1); a 95% interval is alpha = 0.05");
  return boost::math::quantile(boost::math::complement(boost::math::normal_distribution<double>(), alpha / 2));
}

/// The Wald interval β ± z_{1−α/2}·se (statsmodels' conf_int(alpha), Stata's `logit`);
/// NaN where se is (a coefficient an l1 penalty left at 0).
inline confidence_interval wald_interval(double estimate, double std_error, double alpha = 0.05) {
  const double h = normal_quantile(alpha) * std_error;
  return {estimate - h, estimate + h};
}

/// The odds ratio exp(β) and its interval exp(lower), exp(upper) (Stata's `logit, or`;
/// Hosmer, Lemeshow & Sturdivant 2013, sec. 3.3): exp is increasing, so the interval of
/// the odds ratio is the image of β's.
inline confidence_interval odds_ratio_interval(const confidence_interval& beta) {
  return {std::exp(beta.lower), std::exp(beta.upper)};
}

/// Deviance D = −2ℓ. For a binary response (y ∈ {0, 1}) the saturated model fits every row
/// exactly and its log-likelihood is 0, so D = 2(ℓ_sat − ℓ) = −2ℓ; with frequency weights
/// ℓ = Σ wᵢℓᵢ, as statsmodels' GLM(Binomial, freq_weights) reports `deviance` (McCullagh &
/// Nelder 1989, sec. 4.4.3).
inline double deviance(double log_likelihood) { return -2 * log_likelihood; }

/// The likelihood-ratio test: G = 2(ℓ − ℓ₀) on df = k − 1 slopes, p = P(χ²_df > G)
/// (Boost.Math's chi-squared complement; statsmodels' llr, df_model, llr_pvalue; Hosmer,
/// Lemeshow & Sturdivant 2013, sec. 2.5). df = 0 (no slope) gives p = 1.
inline likelihood_ratio_test lr_test(double log_likelihood, double null_log_likelihood, double df) {
  likelihood_ratio_test t;
  t.statistic = 2 * (log_likelihood - null_log_likelihood);
  t.df = df;
  if (!(df > 0)) return t;
  // A fit never lowers ℓ below ℓ₀ at the optimum; rounding may leave G a hair below 0.
  const double g = std::max(t.statistic, 0.0);
  t.p_value = boost::math::cdf(boost::math::complement(boost::math::chi_squared_distribution<double>(df), g));
  return t;
}

/// McFadden's R² = 1 − ℓ/ℓ₀ (McFadden 1974; statsmodels' prsquared);
/// Cox–Snell's R² = 1 − exp(2(ℓ₀ − ℓ)/n), the likelihood ratio (L₀/L)^(2/n) (Cox & Snell,
/// *Analysis of Binary Data*, 2nd ed., 1989, p. 208-209; statsmodels'
/// GLMResults.pseudo_rsquared("cs"));
/// Nagelkerke's R² = Cox–Snell / (1 − exp(2ℓ₀/n)), Cox–Snell over its largest value, which
/// makes a perfect fit 1 (Nagelkerke 1991, Biometrika 78(3):691-692).
/// n = Σw: frequency weights count as rows. Computed with expm1 so that a small R² keeps
/// its digits.
inline pseudo_r2_measures pseudo_r2(double log_likelihood, double null_log_likelihood, double nobs) {
  pseudo_r2_measures r;
  r.mcfadden = 1 - log_likelihood / null_log_likelihood;
  r.cox_snell = -std::expm1(2 * (null_log_likelihood - log_likelihood) / nobs);
  r.nagelkerke = r.cox_snell / -std::expm1(2 * null_log_likelihood / nobs);
  return r;
}

/// The Pearson residual of a row, (y − p)/√(p(1 − p)), at linear predictor η, p = 1/(1+e^−η).
/// Frequency weights do not enter a row's residual (a weight repeats the row), as in
/// statsmodels' GLM resid_pearson with freq_weights; Σ wᵢrᵢ² is Pearson's χ² (McCullagh &
/// Nelder 1989, sec. 2.4.1).
inline double pearson_residual(double eta, bool bad) {
  // For a bad (1 − p)/√(p(1 − p)) = √((1 − p)/p) = e^(−η/2); for a good −√(p/(1 − p)) =
  // −e^(η/2): no cancellation in y − p, however close p is to 0 or 1.
  return bad ? std::exp(-eta / 2) : -std::exp(eta / 2);
}

/// The deviance residual of a row, sign(y − p)·√(−2[y ln p + (1 − y) ln(1 − p)]), with
/// −ln p = log(1 + e^−η) and −ln(1 − p) = log(1 + e^η) (softplus, no overflow); Σ wᵢdᵢ² = D
/// (McCullagh & Nelder 1989, sec. 2.4.3; statsmodels' GLM resid_deviance).
inline double deviance_residual(double eta, bool bad) {
  auto softplus = [](double x) { return std::max(x, 0.0) + std::log1p(std::exp(-std::abs(x))); };
  return bad ? std::sqrt(2 * softplus(-eta)) : -std::sqrt(2 * softplus(eta));
}

}  // namespace summary
}  // namespace credo::model
