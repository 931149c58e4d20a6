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
//   HL grouping (hosmer_lemeshow_grouping), three ways to form the g groups of p:
//     equal_count  credo's quantile bands (metrics/bands.hpp): a distinct p goes to the band
//                  holding the midpoint of its weight; ties stay together.
//     r_quantile   R's ResourceSelection::hoslem.test (Lele, Keim & Solymos, R/hoslem.test.R):
//                  breaks = unique(quantile(p, seq(0, 1, 1/g))) with R's default type-7
//                  quantile, x_(1 + (N − 1)·q) interpolated linearly between order statistics
//                  (Hyndman & Fan 1996), then cut(p, breaks, include.lowest = TRUE): groups
//                  (b_{k−1}, b_k], the first closed; df = nonempty groups − 2 (as hoslem.test
//                  since 0.3-2).
//     stata_xtile  Stata's estat gof, group(g) (Stata [R] estat gof; groups as xtile, nq(g)):
//                  cut points c_k, k = 1…g−1, the default _pctile percentiles — P = N·k/g; the
//                  first order statistic with cumulative weight above P, or the mean of the two
//                  around P when a cumulative weight equals it ([D] pctile, Methods and formulas)
//                  — and group k = {p : c_{k−1} < p <= c_k}; ties kept together; df = groups − 2.
//   Weights act as frequency weights (N = Σ w; a row of weight 2 counts as two rows), exact for
//   whole weights as R's and Stata's fweights.
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

/// How Hosmer–Lemeshow forms its groups (formulas at the top of this header).
enum class hosmer_lemeshow_grouping { equal_count, r_quantile, stata_xtile };

/// One group of a Hosmer–Lemeshow partition, from the lowest predicted probability.
struct hosmer_lemeshow_group {
  double p_min = 0, p_max = 0;   // observed predictions in the group (NaN when empty)
  std::size_t rows = 0;
  double weight = 0;
  double observed_bads = 0;      // Σ w·y
  double expected_bads = 0;      // Σ w·p
  bool entered = false;          // in the sum: weight > 0 and 0 < E < weight
};

struct hosmer_lemeshow_result {
  double statistic = 0;
  std::size_t groups = 0;  // bands that entered the sum
  double df = 0;           // groups − 2
  double p_value = 1;
  hosmer_lemeshow_grouping grouping = hosmer_lemeshow_grouping::equal_count;
  std::vector<hosmer_lemeshow_group> partition;  // every group formed, empty ones included
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
  /// The predictions from any contiguous container (predict_proba's Eigen vector), in place.
  template <detail::contiguous_of<Real> S>
  void fill(const S& p, std::span<const std::uint8_t> bad, std::span<const Real> weight = {}) {
    fill(detail::span_of<Real>(p), bad, weight);
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
    return hosmer_lemeshow(groups, hosmer_lemeshow_grouping::equal_count);
  }

  /// Hosmer–Lemeshow with the groups formed `how` (equal_count: the bands above; r_quantile:
  /// R's hoslem.test; stata_xtile: Stata's estat gof, group()), the partition exposed.
  hosmer_lemeshow_result hosmer_lemeshow(std::size_t groups, hosmer_lemeshow_grouping how) const {
    if (groups < 3)
      CREDO_THROW(invalid_input, "credo.metrics.bad_bands",
                  "hosmer_lemeshow: " + std::to_string(groups) + " groups; the test needs at least 3");
    hosmer_lemeshow_result r;
    r.grouping = how;
    if (how == hosmer_lemeshow_grouping::equal_count) {
      band_options opt;
      opt.count = groups;
      for (const auto& b : table(opt))
        r.partition.push_back({b.p_min, b.p_max, b.rows, b.weight, b.observed_bads, b.expected_bads, false});
    } else {
      r.partition = quantile_partition(groups, how);
    }
    for (auto& b : r.partition) {
      if (!(b.weight > 0) || !(b.expected_bads > 0) || !(b.expected_bads < b.weight)) continue;
      const double d = b.observed_bads - b.expected_bads;
      r.statistic += d * d / (b.expected_bads * (1 - b.expected_bads / b.weight));
      b.entered = true;
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
  // The groups of R's hoslem.test or Stata's estat gof (header comment), over the distinct p.
  std::vector<hosmer_lemeshow_group> quantile_partition(std::size_t g, hosmer_lemeshow_grouping how) const {
    struct distinct {
      double p, wb, wg;
      std::size_t rows;
    };
    std::vector<distinct> v;
    rows_.for_each_distinct([&](Real s, double wb, double wg, std::size_t nb, std::size_t ng) {
      v.push_back({static_cast<double>(s), wb, wg, nb + ng});
    });
    std::vector<double> cum(v.size());  // weight at or below each distinct p
    double W = 0;
    for (std::size_t i = 0; i < v.size(); ++i) cum[i] = W += v[i].wb + v[i].wg;
    if (!(W > 0)) CREDO_THROW(numeric_error, "credo.metrics.empty", "hosmer_lemeshow: no row with positive weight");
    // x_(j): the p at cumulative position j of the rows as sorted (j counted from 1).
    auto order_statistic = [&](double j) {
      const auto it = std::lower_bound(cum.begin(), cum.end(), j);
      return it == cum.end() ? v.back().p : v[static_cast<std::size_t>(it - cum.begin())].p;
    };
    std::vector<double> cuts;  // upper bounds of groups 1..m−1; the last group is unbounded
    if (how == hosmer_lemeshow_grouping::r_quantile) {
      // R: quantile(p, probs = seq(0, 1, 1/g)) (type 7), unique, cut(include.lowest = TRUE).
      std::vector<double> breaks;
      const double by = 1.0 / static_cast<double>(g);
      for (std::size_t k = 0; k <= g; ++k) {
        const double prob = static_cast<double>(k) * by;  // seq(): from + (0:n)·by
        const double index = 1 + std::max(W - 1, 0.0) * prob;
        const double lo = std::floor(index), hi = std::ceil(index);
        double q = order_statistic(lo);
        const double xh = order_statistic(hi);
        if (index > lo && xh != q) {
          const double h = index - lo;
          q = (1 - h) * q + h * xh;
        }
        if (breaks.empty() || breaks.back() != q) breaks.push_back(q);  // unique() of a sorted vector
      }
      // Groups (b_{k−1}, b_k], k = 1…m, the first closed below: the upper bounds b_1…b_{m−1}.
      cuts.assign(breaks.begin() + 1, breaks.end() - (breaks.size() > 1 ? 1 : 0));
    } else {
      // Stata: _pctile's default percentiles at P = N·k/g, then xtile's c_{k−1} < p <= c_k.
      for (std::size_t k = 1; k < g; ++k) {
        const double P = W * static_cast<double>(k) / static_cast<double>(g);
        const auto i = static_cast<std::size_t>(std::lower_bound(cum.begin(), cum.end(), P) - cum.begin());
        double c = 0;
        if (i == v.size()) c = v.back().p;
        else if (cum[i] == P && i + 1 < v.size()) c = (v[i].p + v[i + 1].p) / 2;
        else c = v[i].p;
        cuts.push_back(c);
      }
    }
    const double nan = std::numeric_limits<double>::quiet_NaN();
    std::vector<hosmer_lemeshow_group> part(cuts.size() + 1, hosmer_lemeshow_group{nan, nan, 0, 0, 0, 0, false});
    for (const auto& d : v) {
      // The first group whose upper bound is at or above p (p <= c_k), else the last.
      const auto k = static_cast<std::size_t>(std::lower_bound(cuts.begin(), cuts.end(), d.p) - cuts.begin());
      auto& b = part[k];
      b.p_min = std::isnan(b.p_min) ? d.p : b.p_min;
      b.p_max = d.p;
      b.rows += d.rows;
      b.weight += d.wb + d.wg;
      b.observed_bads += d.wb;
      b.expected_bads += (d.wb + d.wg) * d.p;
    }
    if (how == hosmer_lemeshow_grouping::stata_xtile)  // xtile numbers only the groups it fills
      part.erase(std::remove_if(part.begin(), part.end(), [](const auto& b) { return b.rows == 0 && !(b.weight > 0); }),
                 part.end());
    return part;
  }

  Rows rows_;
};

inline const char* to_string(hosmer_lemeshow_grouping h) noexcept;

}  // namespace credo::metrics

template <>
struct credo::detail::enum_names<credo::metrics::hosmer_lemeshow_grouping> {
  using e = credo::metrics::hosmer_lemeshow_grouping;
  static constexpr enum_name<e> table[] = {
      {e::equal_count, "equal_count"}, {e::r_quantile, "r_quantile"}, {e::stata_xtile, "stata_xtile"}};
};

inline const char* credo::metrics::to_string(hosmer_lemeshow_grouping h) noexcept { return credo::detail::name_of(h); }
