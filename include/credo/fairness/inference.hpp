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
#include <boost/math/tools/toms748_solve.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <cstdint>
#include <string>
#include <vector>

namespace credo::fairness {

/// Intervals are credo::metrics' (estimate, lower, upper, level), in double.
using credo::metrics::interval;
/// The alternative hypothesis of a one- or two-sided test (credo::metrics::alternative).
using credo::metrics::alternative;

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

/// Fisher's exact test as R's fisher.test reports it on a 2x2 table: the p-value under the
/// stated alternative, the conditional maximum-likelihood estimate of the odds ratio and its
/// exact confidence interval.
struct fisher_result {
  double p_value = 1;
  double odds_ratio = 1;  // conditional MLE (not the sample a·d/(b·c)); 0 or +inf at the edges
  interval odds_ratio_interval;  // one-sided alternatives give [0, U] (less) or [L, +inf) (greater)
  alternative alt = alternative::two_sided;
  friend bool operator==(const fisher_result&, const fisher_result&) = default;
};

namespace detail {
/// The distribution of the a cell given the margins at an odds ratio ψ, Fisher's noncentral
/// hypergeometric (Fisher 1935; Cornfield 1956):
///   P_ψ(X = k) = C(m, k)·C(n, s − k)·ψ^k / Σ_j C(m, j)·C(n, s − j)·ψ^j,  k in [lo, hi],
/// m = a + c, n = b + d, s = a + b. The log central weights are kept once; every ψ then costs
/// one pass over the support, normalised at its largest term (R's dnhyper does the same).
class noncentral_hypergeometric {
public:
  noncentral_hypergeometric(double a, double b, double c, double d)
      : x_(static_cast<std::int64_t>(a)),
        lo_(static_cast<std::int64_t>(std::max(0.0, (a + b) - (b + d)))),
        hi_(static_cast<std::int64_t>(std::min(a + b, a + c))) {
    const double m = a + c, n = b + d, s = a + b;
    log_c_.reserve(static_cast<std::size_t>(hi_ - lo_ + 1));
    for (std::int64_t k = lo_; k <= hi_; ++k) {
      const double kk = static_cast<double>(k);
      log_c_.push_back(-std::lgamma(kk + 1) - std::lgamma(m - kk + 1) - std::lgamma(s - kk + 1) -
                       std::lgamma(n - s + kk + 1));
    }
  }
  std::int64_t lo() const noexcept { return lo_; }
  std::int64_t hi() const noexcept { return hi_; }
  std::int64_t observed() const noexcept { return x_; }

  /// Mean E_ψ[X] (R's mnhyper): lo at ψ = 0, hi at ψ = +inf.
  double mean(double psi) const {
    if (psi == 0) return static_cast<double>(lo_);
    if (std::isinf(psi)) return static_cast<double>(hi_);
    double num = 0, den = 0;
    walk(psi, [&](std::int64_t k, double p) {
      num += static_cast<double>(k) * p;
      den += p;
    });
    return num / den;
  }
  /// P_ψ(X <= q), or P_ψ(X >= q) when `upper` (R's pnhyper).
  double tail(std::int64_t q, double psi, bool upper) const {
    if (psi == 0) return upper ? (q <= lo_ ? 1.0 : 0.0) : (q >= lo_ ? 1.0 : 0.0);
    if (std::isinf(psi)) return upper ? (q <= hi_ ? 1.0 : 0.0) : (q >= hi_ ? 1.0 : 0.0);
    double in = 0, den = 0;
    walk(psi, [&](std::int64_t k, double p) {
      if (upper ? k >= q : k <= q) in += p;
      den += p;
    });
    return in / den;
  }

private:
  template <class F>
  void walk(double psi, F&& f) const {
    const double lp = std::log(psi);
    double top = -std::numeric_limits<double>::infinity();
    for (std::size_t i = 0; i < log_c_.size(); ++i)
      top = std::max(top, log_c_[i] + lp * static_cast<double>(lo_ + static_cast<std::int64_t>(i)));
    for (std::size_t i = 0; i < log_c_.size(); ++i) {
      const std::int64_t k = lo_ + static_cast<std::int64_t>(i);
      f(k, std::exp(log_c_[i] + lp * static_cast<double>(k) - top));
    }
  }

  std::int64_t x_, lo_, hi_;
  std::vector<double> log_c_;
};

/// The root in ψ of an increasing (`rising`) or decreasing function g(ψ) − target over
/// (0, +inf), found as R's fisher.test does: on t in (0, 1] for ψ = t when the root lies below
/// ψ = 1, and for ψ = 1/t when it lies above; Boost's TOMS 748 to full double precision
/// (R's uniroot stops at |Δt| ≈ 1.2e-4, so R's digits agree to about 4 places).
template <class G>
double odds_ratio_root(G&& g, double target, bool root_below_one) {
  auto f = [&](double t) { return g(root_below_one ? t : 1 / t) - target; };
  boost::math::tools::eps_tolerance<double> tol(50);
  std::uintmax_t iters = 200;
  const double lo_t = root_below_one ? 0.0 : std::numeric_limits<double>::min();
  const auto r = boost::math::tools::toms748_solve(f, lo_t, 1.0, tol, iters);
  const double t = (r.first + r.second) / 2;
  return root_below_one ? t : 1 / t;
}
}  // namespace detail

/// Fisher's exact test with the alternative of R's fisher.test (R Core, stats/R/fisher.test.R):
///   less:      p = P_1(X <= a),  greater: p = P_1(X >= a),  two_sided: fisher_exact's p.
/// The odds ratio is the conditional MLE: the ψ with E_ψ[X] = a (0 when a = lo, +inf when
/// a = hi). The exact interval at `level` inverts the tails (Cornfield 1956):
///   upper U: P_U(X <= a) = α,  lower L: P_L(X >= a) = α,
/// α = (1 − level)/2 for two_sided and 1 − level for a one-sided alternative, whose other
/// bound is 0 (less) or +inf (greater); U = +inf when a = hi and L = 0 when a = lo.
/// Cells as in fisher_exact (a, b: group 1 approved / denied; c, d: group 2); whole counts
/// (credo.fairness.non_integer_counts), level in (0, 1) (credo.metrics.bad_level).
inline fisher_result fisher_test(double a, double b, double c, double d, alternative alt = alternative::two_sided,
                                 double level = 0.95) {
  credo::metrics::detail::check_level("fisher_test", level);
  fisher_result r;
  r.alt = alt;
  r.p_value = static_cast<double>(fisher_exact<double>(a, b, c, d).p_value);  // checks the counts
  const detail::noncentral_hypergeometric h(a, b, c, d);
  const std::int64_t x = h.observed();
  const double inf = std::numeric_limits<double>::infinity();
  if (alt != alternative::two_sided) r.p_value = std::min(1.0, h.tail(x, 1, alt == alternative::greater));
  // Conditional MLE: E_ψ[X] rises with ψ from lo to hi.
  if (x == h.lo()) r.odds_ratio = 0;  // R's order: lo first, also when lo = hi
  else if (x == h.hi()) r.odds_ratio = inf;
  else {
    const double mu = h.mean(1), xd = static_cast<double>(x);
    r.odds_ratio = mu > xd   ? detail::odds_ratio_root([&](double p) { return h.mean(p); }, xd, true)
                   : mu < xd ? detail::odds_ratio_root([&](double p) { return h.mean(p); }, xd, false)
                             : 1.0;
  }
  const double alpha = alt == alternative::two_sided ? (1 - level) / 2 : 1 - level;
  // P_ψ(X <= a) falls with ψ: the root lies below 1 when it is already under α at ψ = 1.
  auto upper = [&] {
    if (x == h.hi()) return inf;
    const double p1 = h.tail(x, 1, false);
    if (p1 == alpha) return 1.0;
    return detail::odds_ratio_root([&](double p) { return h.tail(x, p, false); }, alpha, p1 < alpha);
  };
  // P_ψ(X >= a) rises with ψ: the root lies below 1 when it is over α at ψ = 1.
  auto lower = [&] {
    if (x == h.lo()) return 0.0;
    const double p1 = h.tail(x, 1, true);
    if (p1 == alpha) return 1.0;
    return detail::odds_ratio_root([&](double p) { return h.tail(x, p, true); }, alpha, p1 > alpha);
  };
  const double lo = alt == alternative::less ? 0.0 : lower();
  const double hi = alt == alternative::greater ? inf : upper();
  r.odds_ratio_interval = {r.odds_ratio, lo, hi, level};
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
