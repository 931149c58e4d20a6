// Calibration of a predicted probability of default p (the event is bad = 1):
// Brier score, log loss, a calibration table by band and the Hosmer–Lemeshow test.
//
//   Brier   = Σ w·(p − y)² / Σ w                                   (Brier 1950)
//   LogLoss = −Σ w·[y·ln p + (1 − y)·ln(1 − p)] / Σ w, p clipped to [ε, 1 − ε]
//             (sklearn's log_loss; ε = 1e-15 by default, as sklearn ≤ 1.2)
//   Table   : per band, predicted = Σ w·p / Σ w, observed = Σ w·y / Σ w, with the Wilson
//             score interval of the observed rate at n = Σ w (Wilson 1927):
//             (r + z²/2n ± z·√(r(1 − r)/n + z²/4n²)) / (1 + z²/n)
//   HL      = Σ_g (O_g − E_g)² / (E_g·(1 − E_g/n_g)) over the g bands of p (deciles of risk
//             by default), O = Σ w·y, E = Σ w·p, n = Σ w; p-value from χ² with g − 2 degrees
//             of freedom (Hosmer & Lemeshow 2013, "Applied Logistic Regression", §5.2.2).
//             A band left empty by ties, or with E_g = 0 or E_g = n_g, is not summed and lowers
//             the groups (and df) the result states.
#pragma once

#include <credo/detail/bands.hpp>
#include <credo/fwd.hpp>
#include <credo/metrics/bands.hpp>
#include <credo/metrics/common.hpp>
#include <credo/metrics/score_histogram.hpp>
#include <credo/metrics/score_rows.hpp>

#include <boost/math/distributions/chi_squared.hpp>
#include <boost/math/distributions/normal.hpp>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <vector>

namespace credo::metrics {

namespace detail {
template <class Real>
inline void check_probability(const char* what, Real p, Real weight) {
  check_row(what, p, weight);
  if (!(p >= 0 && p <= 1))
    CREDO_THROW(invalid_input, "credo.metrics.bad_probability",
                std::string(what) + ": predicted probability " + num(static_cast<double>(p)) + " is not in [0, 1]");
}
}  // namespace detail

/// Brier score accumulator: O(1) memory; merges are sums (equal to one pass within rounding).
template <class Real>
class brier_score {
public:
  void operator()(Real p, bool bad, Real weight = 1) {
    detail::check_probability("brier_score", p, weight);
    const double e = static_cast<double>(p) - (bad ? 1.0 : 0.0);
    sum_ += static_cast<double>(weight) * e * e;
    weight_ += static_cast<double>(weight);
  }
  brier_score& operator+=(const brier_score& o) {
    sum_ += o.sum_;
    weight_ += o.weight_;
    return *this;
  }
  bool operator==(const brier_score&) const = default;
  /// Writes or reads the state (credo/core/archive.hpp).
  template <class Archive>
  void serialize(Archive& ar) {
    ar(sum_, weight_);
  }
  /// Throws credo.metrics.empty when no weight was added.
  double value() const {
    if (!(weight_ > 0)) CREDO_THROW(numeric_error, "credo.metrics.empty", "brier_score: no row with positive weight");
    return sum_ / weight_;
  }

private:
  double sum_ = 0, weight_ = 0;
};

/// Log-loss accumulator (mean negative log-likelihood of a Bernoulli), O(1) memory.
template <class Real>
class log_loss {
public:
  explicit log_loss(double eps = 1e-15) : eps_(eps) {
    if (!(eps >= 0 && eps < 0.5))
      CREDO_THROW(invalid_input, "credo.metrics.bad_epsilon", "log_loss: epsilon " + detail::num(eps) + " is not in [0, 0.5)");
  }
  void operator()(Real p, bool bad, Real weight = 1) {
    detail::check_probability("log_loss", p, weight);
    const double q = std::clamp(static_cast<double>(p), eps_, 1 - eps_);
    if (weight != Real(0)) sum_ -= static_cast<double>(weight) * (bad ? std::log(q) : std::log1p(-q));
    weight_ += static_cast<double>(weight);
  }
  log_loss& operator+=(const log_loss& o) {
    if (o.eps_ != eps_)
      CREDO_THROW(invalid_input, "credo.metrics.bad_epsilon", "log_loss: cannot merge parts clipped at different epsilons");
    sum_ += o.sum_;
    weight_ += o.weight_;
    return *this;
  }
  bool operator==(const log_loss&) const = default;
  /// Writes or reads the state (credo/core/archive.hpp).
  template <class Archive>
  void serialize(Archive& ar) {
    ar(eps_, sum_, weight_);
  }
  double value() const {
    if (!(weight_ > 0)) CREDO_THROW(numeric_error, "credo.metrics.empty", "log_loss: no row with positive weight");
    return sum_ / weight_;
  }

private:
  double eps_;
  double sum_ = 0, weight_ = 0;
};

/// One band of a calibration table, ordered from the lowest predicted probability.
struct calibration_row {
  double p_min, p_max;  // observed predictions in the band (NaN when empty)
  std::size_t rows;
  double weight;
  double predicted;     // Σ w·p / Σ w (NaN when empty)
  double observed;      // Σ w·y / Σ w
  double observed_lower, observed_upper;  // Wilson interval
  double expected_bads, observed_bads;
};

struct hosmer_lemeshow_result {
  double statistic = 0;
  std::size_t groups = 0;  // bands that entered the sum
  double df = 0;           // groups − 2
  double p_value = 1;
};

/// The Wilson score interval of a proportion r out of n at `level` (n > 0).
inline interval wilson_interval(double r, double n, double level = 0.95) {
  detail::check_level("wilson_interval", level);
  if (!(n > 0)) CREDO_THROW(invalid_input, "credo.metrics.empty", "wilson_interval: n is not positive");
  const double z = boost::math::quantile(boost::math::normal(), 0.5 + level / 2);
  const double z2 = z * z;
  const double centre = (r + z2 / (2 * n)) / (1 + z2 / n);
  const double half = z * std::sqrt(r * (1 - r) / n + z2 / (4 * n * n)) / (1 + z2 / n);
  return {r, std::max(0.0, centre - half), std::min(1.0, centre + half), level};
}

/// Keeps the (p, bad, weight) rows to band predictions: every row (Rows = score_rows) or one
/// entry per distinct p (score_histogram, the same figures; a card's PD takes as many values
/// as its score).
template <class Real, class Rows>
class calibration {
public:
  void operator()(Real p, bool bad, Real weight = 1) {
    detail::check_probability("calibration", p, weight);
    rows_(p, bad, weight);
  }
  void fill(std::span<const Real> p, std::span<const std::uint8_t> bad, std::span<const Real> weight = {}) {
    detail::check_lengths("calibration", p.size(), bad.size(), weight.size());
    for (std::size_t i = 0; i < p.size(); ++i) detail::check_probability("calibration", p[i], weight.empty() ? Real(1) : weight[i]);
    rows_.fill(p, bad, weight);
  }
  calibration& operator+=(const calibration& o) {
    rows_ += o.rows_;
    return *this;
  }
  bool operator==(const calibration& o) const { return rows_ == o.rows_; }
  /// Writes or reads the state (credo/core/archive.hpp).
  template <class Archive>
  void serialize(Archive& ar) {
    ar(rows_);
  }
  const Rows& rows() const noexcept { return rows_; }

  /// Table over quantile bands of p (deciles by default) or cut-offs on p.
  std::vector<calibration_row> table(const band_options& opt = {}, double level = 0.95) const {
    detail::check_bands("calibration table", opt);
    detail::check_level("calibration table", level);
    const double W = rows_.bad_weight() + rows_.good_weight();
    if (!(W > 0)) CREDO_THROW(numeric_error, "credo.metrics.empty", "calibration table: no row with positive weight");
    const std::size_t k = detail::band_count(opt);
    const double nan = std::numeric_limits<double>::quiet_NaN();
    std::vector<calibration_row> t(k, calibration_row{nan, nan, 0, 0, 0, 0, nan, nan, 0, 0});
    double before = 0;
    rows_.for_each_distinct([&](Real s, double wb, double wg, std::size_t nb, std::size_t ng) {
      const double w = wb + wg, p = static_cast<double>(s);
      const std::size_t band =
          opt.cutoffs.empty() ? detail::quantile_band(before, w, W, k) : credo::detail::cutoff_band(p, opt.cutoffs);
      before += w;
      auto& r = t[band];
      r.p_min = std::isnan(r.p_min) ? p : r.p_min;  // ascending walk: the first is the least
      r.p_max = p;
      r.rows += nb + ng;
      r.weight += w;
      r.expected_bads += w * p;
      r.observed_bads += wb;
    });
    for (auto& r : t) {
      if (!(r.weight > 0)) {
        r.predicted = r.observed = nan;
        continue;
      }
      r.predicted = r.expected_bads / r.weight;
      r.observed = r.observed_bads / r.weight;
      const auto ci = wilson_interval(r.observed, r.weight, level);
      r.observed_lower = ci.lower;
      r.observed_upper = ci.upper;
    }
    return t;
  }

  /// Hosmer–Lemeshow over `groups` quantile bands of p (credo.metrics.bad_bands when
  /// groups < 3; credo.metrics.too_few_groups when fewer than 3 bands can enter the sum).
  hosmer_lemeshow_result hosmer_lemeshow(std::size_t groups = 10) const {
    if (groups < 3)
      CREDO_THROW(invalid_input, "credo.metrics.bad_bands",
                  "hosmer_lemeshow: " + std::to_string(groups) + " groups; the test needs at least 3");
    band_options opt;
    opt.count = groups;
    hosmer_lemeshow_result r;
    for (const auto& b : table(opt)) {
      if (!(b.weight > 0) || !(b.expected_bads > 0) || !(b.expected_bads < b.weight)) continue;
      const double d = b.observed_bads - b.expected_bads;
      r.statistic += d * d / (b.expected_bads * (1 - b.expected_bads / b.weight));
      ++r.groups;
    }
    if (r.groups < 3)
      CREDO_THROW(numeric_error, "credo.metrics.too_few_groups",
                  "hosmer_lemeshow: only " + std::to_string(r.groups) + " usable groups of " + std::to_string(groups));
    r.df = static_cast<double>(r.groups) - 2;
    r.p_value = boost::math::cdf(boost::math::complement(boost::math::chi_squared(r.df), r.statistic));
    return r;
  }

private:
  Rows rows_;
};

}  // namespace credo::metrics
