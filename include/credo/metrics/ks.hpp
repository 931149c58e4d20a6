// Kolmogorov–Smirnov statistic of a score between bads and goods.
//
// KS = max over thresholds t of |F_bad(t) − F_good(t)|, where F_c(t) is the weighted share of
// class c with score <= t, evaluated at the distinct scores only (Siddiqi 2017, "Intelligent
// Credit Scoring", ch. 9; for unit weights it equals scipy.stats.ks_2samp's two-sample D).
// It does not depend on the score direction. at_score() is the lowest distinct score where
// the maximum is reached: the cut-off "score <= t" that separates the classes best.
//
// The two-sample test (ks_2samp, and ks::test with sample 1 = bads, sample 2 = goods), as
// scipy.stats.ks_2samp (scipy/stats/_stats_py.py) computes it: D+ = max(F1 − F2),
// D− = max(F2 − F1, 0); two_sided reads D = max(D+, D−), greater D+, less D−.
//   exact: h = round(D·lcm(n1, n2)), D = h/lcm, and the share of the C(n1 + n2, n1) lattice
//     paths that leave the band — two-sided: Hodges (1958) with Viehmann's (2021) recursion for
//     1 − p (n1 = n2: 2·Σ_k (−1)^{k−1} C(2n, n − kh)/C(2n, n), Horner form); one-sided: the paths
//     that cross one line (n1 = n2: Π_{j<h} (n − j)/(n + j + 1)).
//   asymptotic, m >= n the sizes, en = m·n/(m + n): two-sided, the Kolmogorov limit
//     Q(√en·D) = 2·Σ_k (−1)^{k−1} e^{−2k²en·D²} (R's ks.test(exact = FALSE); scipy's
//     kstwobign.sf(√en·D), which scipy's ks_2samp used up to 1.4 — since 1.5 scipy takes
//     kstwo.sf(D, round(en)), the finite-n one-sample law, which differs from the limit by
//     O(1/√en)); one-sided, Hodges's eq. 5.3 as scipy: exp(−2z² − 2z(m + 2n)/√(mn(m + n))/3), z = √en·D.
//   automatic: exact when max(n1, n2) <= 10000 (scipy's MAX_AUTO_N), else asymptotic; exact
//     falls back to asymptotic when lcm is too large or the path counts overflow, as scipy.
#pragma once

#include <credo/fwd.hpp>
#include <credo/metrics/common.hpp>
#include <credo/metrics/score_histogram.hpp>
#include <credo/metrics/score_rows.hpp>

#include <boost/math/policies/policy.hpp>
#include <boost/math/special_functions/binomial.hpp>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <numeric>
#include <span>
#include <string>
#include <vector>

namespace credo::metrics {

struct ks_result {
  double value = 0;
  double at_score = 0;
  friend bool operator==(const ks_result&, const ks_result&) = default;
};

/// How the two-sample KS p-value is computed (scipy.stats.ks_2samp's method: auto, exact, asymp).
enum class ks_method { automatic, exact, asymptotic };

/// The two-sample KS test.
struct ks_test_result {
  double statistic = 0;  // D under the alternative (for exact, h/lcm as scipy)
  double p_value = 1;
  alternative alt = alternative::two_sided;
  ks_method method = ks_method::exact;  // the method used (automatic resolved)
  std::uint64_t n1 = 0, n2 = 0;
};

namespace detail {

inline double ks_binom(double n, double k) {
  using no_throw = boost::math::policies::policy<boost::math::policies::overflow_error<boost::math::policies::ignore_error>>;
  return boost::math::binomial_coefficient<double>(static_cast<unsigned>(n), static_cast<unsigned>(k), no_throw());
}

/// P(D_{n,n} >= h/n): scipy's _compute_prob_outside_square.
inline double ks_prob_outside_square(std::int64_t n, std::int64_t h) {
  double P = 0;
  for (std::int64_t k = n / h; k >= 0; --k) {
    double p1 = 1;
    for (std::int64_t j = 0; j < h; ++j)
      p1 = static_cast<double>(n - k * h - j) * p1 / static_cast<double>(n + k * h + j + 1);
    P = p1 * (1 - P);
  }
  return 2 * P;
}

/// The share of paths that leave |x/m − y/n| < h/lcm: scipy's _compute_outer_prob_inside_method.
inline double ks_outer_prob_inside(std::int64_t m, std::int64_t n, std::int64_t g, std::int64_t h) {
  if (m < n) std::swap(m, n);
  const std::int64_t mg = m / g, ng = n / g;
  auto ceil_div = [](double a, double b) { return static_cast<std::int64_t>(std::ceil(a / b)); };
  auto floor_div = [](double a, double b) { return static_cast<std::int64_t>(std::floor(a / b)); };
  std::int64_t minj = 0, maxj = std::min(ceil_div(static_cast<double>(h), static_cast<double>(mg)), n + 1);
  std::int64_t curlen = maxj - minj;
  const std::int64_t len = std::min(2 * maxj + 2, n + 1);
  std::vector<double> A(static_cast<std::size_t>(len), 1.0);
  std::fill(A.begin() + minj, A.begin() + maxj, 0.0);
  for (std::int64_t i = 1; i <= m; ++i) {
    const std::int64_t lastminj = minj, lastlen = curlen;
    minj = std::max<std::int64_t>(floor_div(static_cast<double>(ng * i - h), static_cast<double>(mg)) + 1, 0);
    minj = std::min(minj, n);
    maxj = std::min(ceil_div(static_cast<double>(ng * i + h), static_cast<double>(mg)), n + 1);
    if (maxj <= minj) return 1.0;
    double val = minj == 0 ? 0.0 : 1.0;
    for (std::int64_t jj = 0; jj < maxj - minj; ++jj) {
      const std::int64_t j = jj + minj;
      val = (A[static_cast<std::size_t>(jj + minj - lastminj)] * static_cast<double>(i) + val * static_cast<double>(j)) /
            static_cast<double>(i + j);
      A[static_cast<std::size_t>(jj)] = val;
    }
    curlen = maxj - minj;
    if (lastlen > curlen)
      std::fill(A.begin() + (maxj - minj), A.begin() + (maxj - minj + (lastlen - curlen)), 1.0);
  }
  return A[static_cast<std::size_t>(maxj - minj - 1)];
}

/// Paths from (0, 0) to (m, n) that cross one line: scipy's _count_paths_outside_method.
inline double ks_count_paths_outside(std::int64_t m, std::int64_t n, std::int64_t g, std::int64_t h) {
  if (m < n) std::swap(m, n);
  const std::int64_t mg = m / g, ng = n / g;
  auto pyfloordiv = [](std::int64_t a, std::int64_t b) {
    const std::int64_t q = a / b;
    return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
  };
  const std::int64_t count = n + pyfloordiv(mg - h, mg);  // Python's //: (mg − h) may be negative
  if (count <= 0) return ks_binom(static_cast<double>(m + n), static_cast<double>(n));
  std::vector<std::int64_t> xj(static_cast<std::size_t>(count));
  for (std::int64_t j = 0; j < count; ++j) xj[static_cast<std::size_t>(j)] = pyfloordiv(h + mg * j + ng - 1, ng);
  std::vector<double> B(static_cast<std::size_t>(count), 0.0);
  B[0] = 1;
  for (std::int64_t j = 1; j < count; ++j) {
    double bj = ks_binom(static_cast<double>(xj[static_cast<std::size_t>(j)] + j), static_cast<double>(j));
    for (std::int64_t i = 0; i < j; ++i)
      bj -= ks_binom(static_cast<double>(xj[static_cast<std::size_t>(j)] - xj[static_cast<std::size_t>(i)] + j - i),
                     static_cast<double>(j - i)) *
            B[static_cast<std::size_t>(i)];
    B[static_cast<std::size_t>(j)] = bj;
  }
  double paths = 0;
  for (std::int64_t j = 0; j < count; ++j)
    paths += B[static_cast<std::size_t>(j)] *
             ks_binom(static_cast<double>((m - xj[static_cast<std::size_t>(j)]) + (n - j)), static_cast<double>(n - j));
  return paths;
}

/// Q(t) = P(K > t) of the Kolmogorov distribution: 2Σ(−1)^{k−1}e^{−2k²t²} for t >= 1, and
/// 1 − (√(2π)/t)·Σ e^{−(2k−1)²π²/(8t²)} below (the two series of Kolmogorov 1933; cephes'
/// kolmogorov, which scipy's kstwobign.sf calls).
inline double kolmogorov_sf(double t) {
  if (!(t > 0)) return 1.0;
  const double pi = 3.14159265358979323846;
  if (t < 1) {
    double s = 0;
    for (int k = 1; k <= 20; ++k) {
      const double a = (2.0 * k - 1) * pi / t;
      s += std::exp(-a * a / 8);
    }
    return std::clamp(1 - std::sqrt(2 * pi) / t * s, 0.0, 1.0);
  }
  double s = 0;
  for (int k = 1; k <= 100; ++k) {
    const double term = std::exp(-2.0 * k * k * t * t);
    s += (k % 2 ? term : -term);
    if (term < 1e-300) break;
  }
  return std::clamp(2 * s, 0.0, 1.0);
}

/// The p-value of the two-sample KS test from D+ and D− (header comment).
inline ks_test_result ks_p_value(double d_plus, double d_minus, std::uint64_t n1u, std::uint64_t n2u,
                                 alternative alt, ks_method method) {
  ks_test_result r;
  r.alt = alt;
  r.n1 = n1u;
  r.n2 = n2u;
  double d = alt == alternative::greater ? d_plus : alt == alternative::less ? d_minus : std::max(d_plus, d_minus);
  const auto n1 = static_cast<std::int64_t>(n1u), n2 = static_cast<std::int64_t>(n2u);
  const std::int64_t g = std::gcd(n1, n2), n1g = n1 / g, n2g = n2 / g;
  if (method == ks_method::automatic) method = std::max(n1, n2) <= 10000 ? ks_method::exact : ks_method::asymptotic;
  else if (method == ks_method::exact && static_cast<double>(n1g) >= 2147483647.0 / static_cast<double>(n2g))
    method = ks_method::asymptotic;
  double p = std::numeric_limits<double>::quiet_NaN();
  if (method == ks_method::exact) {
    const std::int64_t lcm = n1g * n2;
    const auto h = static_cast<std::int64_t>(std::nearbyint(d * static_cast<double>(lcm)));
    d = static_cast<double>(h) / static_cast<double>(lcm);
    bool ok = true;
    if (h == 0) {
      p = 1;
    } else if (alt == alternative::two_sided) {
      p = n1 == n2 ? ks_prob_outside_square(n1, h) : ks_outer_prob_inside(n1, n2, g, h);
    } else if (n1 == n2) {
      p = 1;
      for (std::int64_t j = 0; j < h; ++j) p *= static_cast<double>(n1 - j) / static_cast<double>(n1 + j + 1);
    } else {
      const double paths = ks_count_paths_outside(n1, n2, g, h);
      const double all = ks_binom(static_cast<double>(n1 + n2), static_cast<double>(n1));
      ok = std::isfinite(paths) && std::isfinite(all) && !(paths > all);
      if (ok) p = paths / all;
    }
    if (!ok || !(p >= 0 && p <= 1)) method = ks_method::asymptotic;
  }
  if (method == ks_method::asymptotic) {
    const double m = static_cast<double>(std::max(n1, n2)), n = static_cast<double>(std::min(n1, n2));
    const double en = m * n / (m + n);
    if (alt == alternative::two_sided) {
      p = kolmogorov_sf(std::sqrt(en) * d);
    } else {
      const double z = std::sqrt(en) * d;
      p = std::exp(-2 * z * z - 2 * z * (m + 2 * n) / std::sqrt(m * n * (m + n)) / 3.0);
    }
  }
  r.statistic = d;
  r.p_value = std::clamp(p, 0.0, 1.0);
  r.method = method;
  return r;
}

}  // namespace detail

/// The two-sample Kolmogorov–Smirnov test of sample 1 against sample 2 (scipy.stats.ks_2samp;
/// formulas at the top of this header). NaN values are refused (credo.metrics.nan_score),
/// an empty sample too (credo.metrics.empty).
template <class Real>
ks_test_result ks_2samp(std::span<const Real> sample1, std::span<const Real> sample2,
                        alternative alt = alternative::two_sided, ks_method method = ks_method::automatic) {
  if (sample1.empty() || sample2.empty())
    CREDO_THROW(invalid_input, "credo.metrics.empty",
                "ks_2samp: sample " + std::string(sample1.empty() ? "1" : "2") + " is empty");
  std::vector<double> a(sample1.begin(), sample1.end()), b(sample2.begin(), sample2.end());
  for (const auto* v : {&a, &b})
    for (double x : *v)
      if (std::isnan(x)) CREDO_THROW(invalid_input, "credo.metrics.nan_score", "ks_2samp: a value is NaN");
  std::sort(a.begin(), a.end());
  std::sort(b.begin(), b.end());
  // Walk the pooled distinct values: F1, F2 with ties taken together (searchsorted 'right').
  const double n1 = static_cast<double>(a.size()), n2 = static_cast<double>(b.size());
  std::size_t i = 0, j = 0;
  double dp = 0, dm = 0;
  while (i < a.size() || j < b.size()) {
    const double x = j == b.size() || (i < a.size() && a[i] <= b[j]) ? a[i] : b[j];
    while (i < a.size() && a[i] == x) ++i;
    while (j < b.size() && b[j] == x) ++j;
    const double diff = static_cast<double>(i) / n1 - static_cast<double>(j) / n2;
    dp = std::max(dp, diff);
    dm = std::max(dm, -diff);
  }
  return detail::ks_p_value(dp, dm, a.size(), b.size(), alt, method);
}

/// Exact, mergeable KS accumulator; Rows: score_rows or score_histogram (see auc).
template <class Real, class Rows>
class ks {
public:
  using real_type = Real;

  void operator()(Real score, bool bad, Real weight = 1) { rows_(score, bad, weight); }
  void fill(std::span<const Real> score, std::span<const std::uint8_t> bad, std::span<const Real> weight = {}) {
    rows_.fill(score, bad, weight);
  }
  /// The scores from any contiguous container (e.g. predict_proba's Eigen vector), in place.
  template <detail::contiguous_of<Real> S>
  void fill(const S& score, std::span<const std::uint8_t> bad, std::span<const Real> weight = {}) {
    fill(detail::span_of<Real>(score), bad, weight);
  }
  ks& operator+=(const ks& other) {
    rows_ += other.rows_;
    return *this;
  }
  bool operator==(const ks& other) const { return rows_ == other.rows_; }
  /// Writes or reads the state (credo/core/archive.hpp).
  template <class Archive>
  void serialize(Archive& ar) {
    ar(rows_);
  }
  const Rows& rows() const noexcept { return rows_; }

  /// Value and the score where it is reached; throws credo.metrics.no_bads / no_goods.
  ks_result result() const {
    const double B = rows_.bad_weight(), G = rows_.good_weight();
    detail::check_classes("ks", B, G);
    double b = 0, g = 0;
    ks_result r{0, 0};
    bool first = true;
    rows_.for_each_distinct([&](Real s, double wb, double wg, std::size_t, std::size_t) {
      b += wb;
      g += wg;
      const double gap = std::abs(b / B - g / G);
      if (first || gap > r.value) r = {gap, static_cast<double>(s)};
      first = false;
    });
    return r;
  }
  double value() const { return result().value; }
  double at_score() const { return result().at_score; }

  /// The two-sample test of the bads' scores (sample 1) against the goods' (sample 2), as
  /// ks_2samp: greater reads D+ = max(F_bad − F_good). Weights count as frequency weights and
  /// must add up to whole numbers in each class (credo.metrics.fractional_weights).
  ks_test_result test(alternative alt = alternative::two_sided, ks_method method = ks_method::automatic) const {
    const double B = rows_.bad_weight(), G = rows_.good_weight();
    detail::check_classes("ks test", B, G);
    if (std::floor(B) != B || std::floor(G) != G)
      CREDO_THROW(invalid_input, "credo.metrics.fractional_weights",
                  "ks test: the class weights (bads " + detail::num(B) + ", goods " + detail::num(G) +
                      ") are not whole numbers; the test counts rows");
    double b = 0, g = 0, dp = 0, dm = 0;
    rows_.for_each_distinct([&](Real, double wb, double wg, std::size_t, std::size_t) {
      b += wb;
      g += wg;
      dp = std::max(dp, b / B - g / G);
      dm = std::max(dm, g / G - b / B);
    });
    return detail::ks_p_value(dp, dm, static_cast<std::uint64_t>(B), static_cast<std::uint64_t>(G), alt, method);
  }

private:
  Rows rows_;
};

}  // namespace credo::metrics

template <>
struct credo::detail::enum_names<credo::metrics::ks_method> {
  using e = credo::metrics::ks_method;
  static constexpr enum_name<e> table[] = {
      {e::automatic, "auto"}, {e::exact, "exact"}, {e::asymptotic, "asymp"}};
};

namespace credo::metrics {
inline const char* to_string(ks_method m) noexcept { return credo::detail::name_of(m); }
}  // namespace credo::metrics
