// Uncertainty of a comparison of two groups' approval rates: tests on the 2x2 table
//            approved  denied
//   group 1     a        b        (protected)
//   group 2     c        d        (reference)
// and the interval of the adverse impact ratio. Counts may be weighted (Real), except for
// Fisher's exact test, which needs whole numbers.
#pragma once

#include <credo/core/error.hpp>
#include <credo/fwd.hpp>
#include <credo/fairness/zero_division.hpp>
#include <credo/metrics/calibration.hpp>
#include <credo/metrics/common.hpp>

#include <boost/math/distributions/chi_squared.hpp>
#include <boost/math/distributions/hypergeometric.hpp>
#include <boost/math/distributions/normal.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

namespace credo::fairness {

/// Intervals are credo::metrics' (estimate, lower, upper, level), in double.
using credo::metrics::interval;

namespace detail {
/// The standard normal quantile z with P(|Z| <= z) = confidence (1.959964 at 0.95).
inline double two_sided_z(double confidence) {
  return boost::math::quantile(boost::math::normal_distribution<double>(), 0.5 + confidence / 2);
}
/// An interval whose bounds are undefined (NaN), e.g. a rate over an empty set.
inline interval undefined_interval(double estimate, double level) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  return {estimate, nan, nan, level};
}
}  // namespace detail

/// Wilson score interval of the rate x/n (credo::metrics::wilson_interval: Wilson 1927, as
/// statsmodels' proportion_confint(method='wilson')), on weighted counts; n = 0 gives NaN
/// estimate and bounds rather than an error, so a report can still show the other groups.
inline interval rate_interval(double x, double n, double level = 0.95) {
  if (!(n > 0)) return detail::undefined_interval(std::numeric_limits<double>::quiet_NaN(), level);
  return credo::metrics::wilson_interval(x / n, n, level);
}

/// A test statistic and its two-sided p-value.
template <class Real>
struct test_result {
  Real statistic = 0;
  Real p_value = 1;
  friend bool operator==(const test_result&, const test_result&) = default;
};

/// Fisher's exact test, two-sided (Fisher 1935). Under independence with the margins fixed,
/// a ~ Hypergeometric(N = a+b+c+d, K = a+c approved, n = a+b in group 1); the p-value sums
/// P(X = k) over every k with P(X = k) <= P(X = a)·(1 + 1e-7), the "as or less likely" rule
/// with the relative tolerance of R's fisher.test and scipy.stats.fisher_exact.
/// The statistic is the sample odds ratio a·d/(b·c) as scipy reports it; b·c = 0 calls the
/// zero-division policy. Throws credo.fairness.non_integer_counts for weighted counts.
template <class Real = double, zero_division_policy Z = zero_division::nan>
test_result<Real> fisher_exact(double a, double b, double c, double d, const Z& z = {}) {
  for (double x : {a, b, c, d})
    if (!(x >= 0) || std::floor(x) != x || x > 4.0e9)
      CREDO_THROW(invalid_input, "credo.fairness.non_integer_counts",
                  "Fisher's exact test needs whole counts; got " + std::to_string(x) +
                      " (use raw counts for weighted data)");
  const auto N = static_cast<unsigned>(a + b + c + d);
  const auto K = static_cast<unsigned>(a + c);
  const auto n = static_cast<unsigned>(a + b);
  test_result<Real> r;
  r.statistic = credo::fairness::detail::divide<Real>(static_cast<Real>(a * d),
                                                      static_cast<Real>(b * c), z,
                                                      "Fisher's odds ratio a·d/(b·c)");
  if (N == 0) {
    r.p_value = 1;
    return r;
  }
  // Boost: hypergeometric_distribution(r = successes in the population, n = draws, N). Its
  // pdf is exact but slow for large N, so it is evaluated once, at the mode (where it cannot
  // underflow), and the rest of the support follows from the ratio of neighbours
  //   up:   P(k + 1)/P(k) = (K − k)(n − k) / ((k + 1)(N − K − n + k + 1)),
  //   down: P(k − 1)/P(k) = k(N − K − n + k) / ((K − k + 1)(n − k + 1)).
  // The pmf is unimodal, so each walk away from the mode stops once P underflows to 0
  // (about 38 standard deviations out): the cost grows as sqrt(N), not N.
  const boost::math::hypergeometric_distribution<double> h(K, n, N);
  const unsigned lo = n + K > N ? n + K - N : 0, hi = std::min(K, n);
  const auto mode = std::clamp(static_cast<unsigned>((static_cast<double>(n) + 1) *
                                                     (static_cast<double>(K) + 1) /
                                                     (static_cast<double>(N) + 2)),
                               lo, hi);
  const double p_mode = boost::math::pdf(h, mode);
  const double dK = K, dn = n, dN = N;
  auto up = [&](unsigned k, double pk) {
    return pk * (dK - k) * (dn - k) / ((k + 1.0) * (dN - dK - dn + k + 1));
  };
  auto down = [&](unsigned k, double pk) {
    return pk * k * (dN - dK - dn + k) / ((dK - k + 1) * (dn - k + 1));
  };
  const auto obs = static_cast<unsigned>(a);
  double p_obs = p_mode;  // walk from the mode to the observed cell
  for (unsigned k = mode; k < obs && p_obs > 0; ++k) p_obs = up(k, p_obs);
  for (unsigned k = mode; k > obs && p_obs > 0; --k) p_obs = down(k, p_obs);
  const double limit = p_obs * (1 + 1e-7);
  double p = p_mode <= limit ? p_mode : 0;
  double pk = p_mode;
  for (unsigned k = mode; k < hi && pk > 0;) {
    pk = up(k, pk);
    ++k;
    if (pk <= limit) p += pk;
  }
  pk = p_mode;
  for (unsigned k = mode; k > lo && pk > 0;) {
    pk = down(k, pk);
    --k;
    if (pk <= limit) p += pk;
  }
  r.p_value = static_cast<Real>(std::min(1.0, p));
  return r;
}

/// Two-proportion z-test with the pooled variance (statsmodels' proportions_ztest default):
///   z = (p1 − p2) / sqrt(p̄(1 − p̄)(1/n1 + 1/n2)),  p̄ = (x1 + x2)/(n1 + n2),
/// two-sided p = 2·(1 − Φ(|z|)). A zero variance calls the zero-division policy for z.
template <class Real = double, zero_division_policy Z = zero_division::nan>
test_result<Real> two_proportion_z(double x1, double n1, double x2, double n2, const Z& z = {}) {
  test_result<Real> r;
  if (!(n1 > 0) || !(n2 > 0)) {
    r.statistic = z.template on_zero<Real>("two-proportion z: a group has no rows");
    r.p_value = std::numeric_limits<Real>::quiet_NaN();
    return r;
  }
  const double pooled = (x1 + x2) / (n1 + n2);
  const double se = std::sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  if (se == 0) {
    r.statistic = z.template on_zero<Real>("two-proportion z: pooled variance");
    r.p_value = std::isnan(static_cast<double>(r.statistic))
                    ? std::numeric_limits<Real>::quiet_NaN()
                    : static_cast<Real>(2 * boost::math::cdf(boost::math::complement(
                                                boost::math::normal_distribution<double>(),
                                                std::abs(static_cast<double>(r.statistic)))));
    return r;
  }
  const double zs = (x1 / n1 - x2 / n2) / se;
  r.statistic = static_cast<Real>(zs);
  r.p_value = static_cast<Real>(2 * boost::math::cdf(boost::math::complement(
                                        boost::math::normal_distribution<double>(), std::abs(zs))));
  return r;
}

/// Pearson's chi-squared test of independence on the 2x2 table, 1 degree of freedom:
///   X² = Σ (|O − E| − c)² / E,  E = row total · column total / N,
/// with c = 0 (no correction; X² = z² of the pooled z-test) or, when `yates`, Yates's
/// c = min(0.5, |O − E|) as scipy.stats.chi2_contingency(correction=True) applies it.
/// An expected count of 0 calls the zero-division policy for X².
template <class Real = double, zero_division_policy Z = zero_division::nan>
test_result<Real> chi_squared(double a, double b, double c, double d, bool yates = false,
                              const Z& z = {}) {
  const double N = a + b + c + d;
  const double row[2] = {a + b, c + d}, col[2] = {a + c, b + d};
  const double obs[2][2] = {{a, b}, {c, d}};
  test_result<Real> r;
  double x2 = 0;
  for (int i = 0; i < 2; ++i)
    for (int j = 0; j < 2; ++j) {
      const double e = N > 0 ? row[i] * col[j] / N : 0;
      if (e == 0) {
        r.statistic = z.template on_zero<Real>("chi-squared: an expected count");
        r.p_value = std::numeric_limits<Real>::quiet_NaN();
        return r;
      }
      double dev = std::abs(obs[i][j] - e);
      if (yates) dev -= std::min(0.5, dev);
      x2 += dev * dev / e;
    }
  r.statistic = static_cast<Real>(x2);
  r.p_value = static_cast<Real>(
      boost::math::cdf(boost::math::complement(boost::math::chi_squared_distribution<double>(1), x2)));
  return r;
}

/// Interval of the adverse impact ratio p1/p2 by the log method (Katz et al. 1978, the
/// risk-ratio interval):  exp( ln(p1/p2) ± z·sqrt((1−p1)/(n1·p1) + (1−p2)/(n2·p2)) ).
/// A rate of 0 (or a group with no rows) calls the zero-division policy for the bounds.
template <zero_division_policy Z = zero_division::nan>
interval impact_ratio_interval(double x1, double n1, double x2, double n2, double confidence = 0.95,
                               const Z& z = {}) {
  if (!(n1 > 0) || !(n2 > 0) || !(x1 > 0) || !(x2 > 0)) {
    const double v = z.template on_zero<double>("adverse impact ratio interval: a rate of 0");
    const double est = n1 > 0 && n2 > 0 && x2 > 0 ? (x1 / n1) / (x2 / n2) : v;
    return {est, v, v, confidence};
  }
  const double p1 = x1 / n1, p2 = x2 / n2;
  const double se = std::sqrt((1 - p1) / (n1 * p1) + (1 - p2) / (n2 * p2));
  const double q = detail::two_sided_z(confidence);
  const double l = std::log(p1 / p2);
  return {p1 / p2, std::exp(l - q * se), std::exp(l + q * se), confidence};
}

}  // namespace credo::fairness
