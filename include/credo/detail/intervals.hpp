// Confidence intervals for a proportion, shared by the areas that report rates.
//
// Written for fairness (issue 6) before credo::metrics had one; when metrics lands its own
// Wilson interval, this one should forward to it.
#pragma once

#include <boost/math/distributions/normal.hpp>

#include <cmath>
#include <limits>

namespace credo::detail {

/// A two-sided confidence interval [lower, upper].
template <class Real = double>
struct interval {
  Real lower = std::numeric_limits<Real>::quiet_NaN();
  Real upper = std::numeric_limits<Real>::quiet_NaN();
  friend bool operator==(const interval&, const interval&) = default;
};

/// The standard normal quantile z with P(|Z| <= z) = confidence (1.959964 at 0.95).
inline double two_sided_z(double confidence) {
  return boost::math::quantile(boost::math::complement(boost::math::normal_distribution<double>(),
                                                       (1 - confidence) / 2));
}

/// Wilson score interval for a proportion x/n (Wilson 1927; Agresti & Coull 1998):
///   centre = (p + z²/(2n)) / (1 + z²/n),
///   half   = z / (1 + z²/n) · sqrt(p(1−p)/n + z²/(4n²)),  p = x/n.
/// Equals statsmodels' proportion_confint(x, n, method='wilson'). x and n may be weighted
/// (non-integer) counts; n = 0 gives NaN bounds (there is no proportion to bound).
template <class Real = double>
interval<Real> wilson_interval(double x, double n, double confidence = 0.95) {
  if (!(n > 0)) return {};
  const double z = two_sided_z(confidence);
  const double p = x / n, z2 = z * z;
  const double denom = 1 + z2 / n;
  const double centre = (p + z2 / (2 * n)) / denom;
  const double half = z / denom * std::sqrt(p * (1 - p) / n + z2 / (4 * n * n));
  return {static_cast<Real>(centre - half), static_cast<Real>(centre + half)};
}

}  // namespace credo::detail
