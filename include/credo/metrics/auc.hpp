// AUC, Gini and DeLong's variance, interval and test for two correlated AUCs.
//
// AUC = P(a bad is ranked riskier than a good) + ½·P(tie), with weights as frequency
// weights (Hanley & McNeil 1982; the Mann–Whitney statistic). Over the distinct scores s in
// the riskier-to-safer order it is Σ_s b(s)·(G_safer(s) + ½·g(s)) / (B·G), where b(s), g(s)
// are the bad and good weight at s and B, G the totals. Gini = 2·AUC − 1.
//
// DeLong, DeLong & Clarke-Pearson (1988), Biometrics 44:837–845: each bad gets the placement
// V10 = (G_safer(s) + ½g(s))/G, each good V01 = (B_riskier(s) + ½b(s))/B; then
//   S10 = Σ_bads w·(V10 − AUC)²/(B − 1),  S01 = Σ_goods w·(V01 − AUC)²/(G − 1),
//   Var(AUC) = S10/B + S01/G.
// The interval is AUC ± z_{1−α/2}·√Var clipped to [0, 1] (as pROC's ci.auc, method delong).
// For two scores on the same rows the covariance uses the same placements, and
// z = (AUC1 − AUC2)/√(Var1 + Var2 − 2·Cov), p = 2·(1 − Φ(|z|)).
//
// One-sided alternatives as pROC's roc.test (Robin et al. 2011; pROC R/roc.test.R):
// greater (AUC1 > AUC2) p = 1 − F(z), less (AUC1 < AUC2) p = F(z), F the reference law.
// Two independent samples (delong_unpaired, pROC's delong.unpaired.test): the covariance is 0,
//   D = (AUC1 − AUC2)/√(Var1 + Var2),
// referred to Student's t with Welch–Satterthwaite degrees of freedom
//   df = (Var1 + Var2)² / (Var1²/(N1 − 1) + Var2²/(N2 − 1)),  N_k the rows (weight) of sample k.
#pragma once

#include <credo/fwd.hpp>
#include <credo/metrics/common.hpp>
#include <credo/metrics/score_histogram.hpp>
#include <credo/metrics/score_rows.hpp>

#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/students_t.hpp>

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

/// Exact, mergeable AUC accumulator. Rows: the store of the rows, score_rows (every row) or
/// score_histogram (one entry per distinct score, the same figures); memory: see either.
/// The direction is a required argument: scorecard points rank safety (higher_is_safer), a PD
/// ranks risk (higher_is_riskier), and reading one as the other gives 1 − AUC.
template <class Real, class Rows>
class auc {
public:
  using real_type = Real;

  explicit auc(direction d) : dir_(d) {}

  void operator()(Real score, bool bad, Real weight = 1) { rows_(score, bad, weight); }
  void fill(std::span<const Real> score, std::span<const std::uint8_t> bad, std::span<const Real> weight = {}) {
    rows_.fill(score, bad, weight);
  }
  /// The scores from any contiguous container (e.g. predict_proba's Eigen vector), in place.
  template <detail::contiguous_of<Real> S>
  void fill(const S& score, std::span<const std::uint8_t> bad, std::span<const Real> weight = {}) {
    fill(detail::span_of<Real>(score), bad, weight);
  }
  /// Merges another part; both must read the score in the same direction
  /// (credo.metrics.direction_mismatch).
  auc& operator+=(const auc& other) {
    check_same_direction(other.dir_);
    rows_ += other.rows_;
    return *this;
  }
  bool operator==(const auc& other) const { return dir_ == other.dir_ && rows_ == other.rows_; }
  /// Writes or reads the state (credo/core/archive.hpp).
  template <class Archive>
  void serialize(Archive& ar) {
    ar(dir_, rows_);
  }

  direction score_direction() const noexcept { return dir_; }
  const Rows& rows() const noexcept { return rows_; }

  /// The AUC; throws credo.metrics.no_bads / credo.metrics.no_goods.
  double value() const {
    double num_riskier = 0, num_safer = 0, b_below = 0, g_below = 0;
    rows_.for_each_distinct([&](Real, double wb, double wg, std::size_t, std::size_t) {
      num_riskier += wb * (g_below + 0.5 * wg);  // higher = riskier: goods below a bad rank safer
      num_safer += wg * (b_below + 0.5 * wb);    // higher = safer: bads below a good rank riskier
      b_below += wb;
      g_below += wg;
    });
    detail::check_classes("auc", b_below, g_below);
    return (dir_ == direction::higher_is_riskier ? num_riskier : num_safer) / (b_below * g_below);
  }

  double gini() const { return 2 * value() - 1; }

  /// DeLong's variance of the AUC; needs a total weight above 1 in each class
  /// (credo.metrics.too_few_rows).
  double variance() const {
    const double a = value();
    const double B = rows_.bad_weight(), G = rows_.good_weight();
    if (!(B > 1) || !(G > 1))
      CREDO_THROW(numeric_error, "credo.metrics.too_few_rows",
                  "auc variance: DeLong's variance needs a weight above 1 in each class (bads " +
                      detail::num(B) + ", goods " + detail::num(G) + ")");
    const bool riskier = dir_ == direction::higher_is_riskier;
    double s10 = 0, s01 = 0, b_below = 0, g_below = 0;
    rows_.for_each_distinct([&](Real, double wb, double wg, std::size_t, std::size_t) {
      const double g_safer = riskier ? g_below : G - g_below - wg;
      const double b_riskier = riskier ? B - b_below - wb : b_below;
      const double v10 = (g_safer + 0.5 * wg) / G - a;
      const double v01 = (b_riskier + 0.5 * wb) / B - a;
      s10 += wb * v10 * v10;
      s01 += wg * v01 * v01;
      b_below += wb;
      g_below += wg;
    });
    return s10 / ((B - 1) * B) + s01 / ((G - 1) * G);
  }

  /// DeLong interval AUC ± z·√Var, clipped to [0, 1].
  interval confidence_interval(double level = 0.95) const {
    detail::check_level("auc interval", level);
    const double a = value();
    const double z = boost::math::quantile(boost::math::normal(), 0.5 + level / 2);
    const double h = z * std::sqrt(variance());
    return {a, std::max(0.0, a - h), std::min(1.0, a + h), level};
  }

private:
  void check_same_direction(direction other) const {
    if (other != dir_)
      CREDO_THROW(invalid_input, "credo.metrics.direction_mismatch",
                  std::string("cannot merge a metric read ") + to_string(other) + " into one read " + to_string(dir_));
  }

  friend struct credo::archive_access;
  auc() = default;  // to be read from bytes, which carry the direction

  direction dir_ = direction::higher_is_safer;
  Rows rows_;
};

/// Result of DeLong's test of two AUCs: correlated (two scores on the same rows, normal z)
/// or independent (two samples, Student's t with `df`, as pROC).
struct delong_result {
  double auc1 = 0, auc2 = 0;
  double difference = 0;  // auc1 − auc2
  double variance1 = 0, variance2 = 0, covariance = 0;  // covariance 0 when unpaired
  double z = 0;           // the statistic: pROC's Z (paired) or D (unpaired)
  double p_value = 1;     // under `alt`
  interval difference_interval;  // two-sided at the level asked, whatever `alt`
  alternative alt = alternative::two_sided;
  bool paired = true;
  double df = std::numeric_limits<double>::infinity();  // t's degrees of freedom (unpaired)
};

namespace detail {
/// The p-value of a statistic whose null law has cdf F, under `alt` (pROC's roc.test).
template <class Dist>
double p_value_of(const Dist& law, double stat, alternative alt) {
  switch (alt) {
    case alternative::less: return boost::math::cdf(law, stat);
    case alternative::greater: return boost::math::cdf(boost::math::complement(law, stat));
    case alternative::two_sided: break;
  }
  return 2 * boost::math::cdf(boost::math::complement(law, std::abs(stat)));
}
/// The p-value when the difference has no variance: no difference is no evidence (1, or ½
/// one-sided, as z = 0), a difference is certain evidence for its sign.
inline double degenerate_p_value(double difference, alternative alt) {
  if (difference == 0) return alt == alternative::two_sided ? 1.0 : 0.5;
  if (alt == alternative::two_sided) return 0.0;
  return (difference > 0) == (alt == alternative::greater) ? 0.0 : 1.0;
}
/// DeLong's paired test from the two AUCs, their variances and covariance (DeLong, DeLong &
/// Clarke-Pearson 1988; pROC's roc.test(paired = TRUE)): Z = (A1 − A2) / √(V1 + V2 − 2·C)
/// against the standard normal, and the Wald interval of the difference at `level`. One
/// finish for every paired DeLong of credo (paired_auc here, paired_score_histogram).
inline delong_result paired_delong(double auc1, double auc2, double variance1, double variance2, double covariance,
                                   double level, alternative alt) {
  delong_result r;
  r.auc1 = auc1;
  r.auc2 = auc2;
  r.difference = auc1 - auc2;
  r.variance1 = variance1;
  r.variance2 = variance2;
  r.covariance = covariance;
  const double var = std::max(0.0, r.variance1 + r.variance2 - 2 * r.covariance);
  const boost::math::normal n01;
  const double zq = boost::math::quantile(n01, 0.5 + level / 2);
  r.difference_interval = {r.difference, r.difference - zq * std::sqrt(var), r.difference + zq * std::sqrt(var), level};
  r.alt = alt;
  if (var > 0) {
    r.z = r.difference / std::sqrt(var);
    r.p_value = p_value_of(n01, r.z, alt);
  } else {
    r.z = 0;
    r.p_value = degenerate_p_value(r.difference, alt);
  }
  return r;
}
}  // namespace detail

/// DeLong's test of two AUCs on independent samples (e.g. two portfolios, or a model on two
/// periods), as pROC's roc.test(paired = FALSE, method = "delong"): D against Student's t
/// with Welch–Satterthwaite df (formulas at the top of this header). Each AUC reads its own
/// direction; both need a weight above 1 in each class (credo.metrics.too_few_rows). The
/// interval is difference ± t_{df, 1−α/2}·√(Var1 + Var2).
template <class R1, class Rows1, class R2, class Rows2>
delong_result delong_unpaired(const auc<R1, Rows1>& a1, const auc<R2, Rows2>& a2,
                              alternative alt = alternative::two_sided, double level = 0.95) {
  detail::check_level("delong_unpaired", level);
  delong_result r;
  r.paired = false;
  r.alt = alt;
  r.auc1 = a1.value();
  r.auc2 = a2.value();
  r.variance1 = a1.variance();
  r.variance2 = a2.variance();
  r.covariance = 0;
  r.difference = r.auc1 - r.auc2;
  const double n1 = a1.rows().bad_weight() + a1.rows().good_weight();
  const double n2 = a2.rows().bad_weight() + a2.rows().good_weight();
  const double var = r.variance1 + r.variance2;
  if (!(var > 0)) {  // pROC's special case: no spread, no difference gives 0
    r.z = 0;
    r.p_value = detail::degenerate_p_value(r.difference, alt);
    r.df = std::numeric_limits<double>::quiet_NaN();
    r.difference_interval = {r.difference, r.difference, r.difference, level};
    return r;
  }
  r.df = var * var / (r.variance1 * r.variance1 / (n1 - 1) + r.variance2 * r.variance2 / (n2 - 1));
  r.z = r.difference / std::sqrt(var);
  const boost::math::students_t law(r.df);
  r.p_value = detail::p_value_of(law, r.z, alt);
  const double tq = boost::math::quantile(law, 0.5 + level / 2);
  r.difference_interval = {r.difference, r.difference - tq * std::sqrt(var), r.difference + tq * std::sqrt(var),
                           level};
  return r;
}

/// Two scores per row (e.g. a challenger and the champion), mergeable; DeLong's test.
/// Keeps every row: 3·sizeof(Real) bytes plus one byte per row. Each score's direction is
/// stated (see auc).
template <class Real>
class paired_auc {
public:
  paired_auc(direction d1, direction d2) : dir_{d1, d2} {}

  void operator()(Real score1, Real score2, bool bad, Real weight = 1) {
    detail::check_row("paired_auc", score1, weight);
    detail::check_row("paired_auc", score2, weight);
    s_[0].push_back(score1 == Real(0) ? Real(0) : score1);
    s_[1].push_back(score2 == Real(0) ? Real(0) : score2);
    bad_.push_back(bad ? 1 : 0);
    w_.push_back(weight);
  }
  void fill(std::span<const Real> score1, std::span<const Real> score2, std::span<const std::uint8_t> bad,
            std::span<const Real> weight = {}) {
    detail::check_lengths("paired_auc", score1.size(), bad.size(), weight.size());
    detail::check_lengths("paired_auc", score2.size(), bad.size(), weight.size());
    for (std::size_t i = 0; i < bad.size(); ++i) {
      if (bad[i] > 1)
        CREDO_THROW(invalid_input, "credo.metrics.bad_target",
                    "paired_auc, row " + std::to_string(i) + ": target " + std::to_string(bad[i]) + " is not 0 or 1");
      detail::check_row("paired_auc", score1[i], weight.empty() ? Real(1) : weight[i]);
      detail::check_row("paired_auc", score2[i], Real(1));
    }
    for (std::size_t i = 0; i < bad.size(); ++i) (*this)(score1[i], score2[i], bad[i] != 0, weight.empty() ? Real(1) : weight[i]);
  }
  paired_auc& operator+=(const paired_auc& o) {
    if (o.dir_[0] != dir_[0] || o.dir_[1] != dir_[1])
      CREDO_THROW(invalid_input, "credo.metrics.direction_mismatch",
                  "paired_auc: cannot merge parts that read the scores in different directions");
    for (int k = 0; k < 2; ++k) s_[k].insert(s_[k].end(), o.s_[k].begin(), o.s_[k].end());
    bad_.insert(bad_.end(), o.bad_.begin(), o.bad_.end());
    w_.insert(w_.end(), o.w_.begin(), o.w_.end());
    return *this;
  }
  /// Row-by-row equality (parts merged in another order compare unequal; compare test()).
  bool operator==(const paired_auc& o) const {
    return dir_[0] == o.dir_[0] && dir_[1] == o.dir_[1] && s_[0] == o.s_[0] && s_[1] == o.s_[1] && bad_ == o.bad_ &&
           w_ == o.w_;
  }
  std::size_t rows() const noexcept { return bad_.size(); }
  /// Writes or reads the state (credo/core/archive.hpp).
  template <class Archive>
  void serialize(Archive& ar) {
    ar(dir_, s_, bad_, w_);
    ar.check(s_[0].size() == bad_.size() && s_[1].size() == bad_.size() && w_.size() == bad_.size(),
             "paired_auc: scores, outcomes and weights of unequal lengths");
  }

  /// DeLong's test, two-sided; the interval is for auc1 − auc2 at `level`.
  delong_result test(double level = 0.95) const { return test(alternative::two_sided, level); }

  /// DeLong's test under `alt` (greater: AUC1 > AUC2; pROC's roc.test(paired = TRUE));
  /// the interval stays two-sided at `level`.
  delong_result test(alternative alt, double level = 0.95) const {
    detail::check_level("paired_auc", level);
    double B = 0, G = 0;
    for (std::size_t i = 0; i < bad_.size(); ++i) (bad_[i] ? B : G) += static_cast<double>(w_[i]);
    detail::check_classes("paired_auc", B, G);
    if (!(B > 1) || !(G > 1))
      CREDO_THROW(numeric_error, "credo.metrics.too_few_rows",
                  "paired_auc: DeLong's test needs a weight above 1 in each class (bads " + detail::num(B) +
                      ", goods " + detail::num(G) + ")");
    std::vector<double> v[2];  // placement of each row under score k (V10 for bads, V01 for goods)
    double a[2];
    for (int k = 0; k < 2; ++k) a[k] = placements(k, B, G, v[k]);
    double s10[2][2] = {{0, 0}, {0, 0}}, s01[2][2] = {{0, 0}, {0, 0}};
    for (std::size_t i = 0; i < bad_.size(); ++i) {
      const double w = w_[i];
      auto& s = bad_[i] ? s10 : s01;
      for (int k = 0; k < 2; ++k)
        for (int l = 0; l < 2; ++l) s[k][l] += w * (v[k][i] - a[k]) * (v[l][i] - a[l]);
    }
    auto cov = [&](int k, int l) { return s10[k][l] / ((B - 1) * B) + s01[k][l] / ((G - 1) * G); };
    return detail::paired_delong(a[0], a[1], cov(0, 0), cov(1, 1), cov(0, 1), level, alt);
  }

private:
  // Fills v with each row's placement under score k and returns that score's AUC.
  double placements(int k, double B, double G, std::vector<double>& v) const {
    const auto& s = s_[k];
    const bool riskier = dir_[k] == direction::higher_is_riskier;
    // Sorted scores of each class with prefix weights: weight strictly below / at a score.
    struct sorted {
      std::vector<Real> x;
      std::vector<double> prefix;  // prefix[i] = weight of the first i sorted rows
    } cls[2];
    for (int c = 0; c < 2; ++c) {
      std::vector<std::size_t> idx;
      for (std::size_t i = 0; i < bad_.size(); ++i)
        if (bad_[i] == c) idx.push_back(i);
      std::sort(idx.begin(), idx.end(), [&](std::size_t p, std::size_t q) { return s[p] < s[q]; });
      cls[c].x.resize(idx.size());
      cls[c].prefix.assign(idx.size() + 1, 0.0);
      for (std::size_t j = 0; j < idx.size(); ++j) {
        cls[c].x[j] = s[idx[j]];
        cls[c].prefix[j + 1] = cls[c].prefix[j] + static_cast<double>(w_[idx[j]]);
      }
    }
    v.assign(bad_.size(), 0.0);
    double area = 0;
    for (std::size_t i = 0; i < bad_.size(); ++i) {
      const auto& other = cls[bad_[i] ? 0 : 1];  // the opposite class
      const auto lo = std::lower_bound(other.x.begin(), other.x.end(), s[i]) - other.x.begin();
      const auto hi = std::upper_bound(other.x.begin(), other.x.end(), s[i]) - other.x.begin();
      const double below = other.prefix[lo], tie = other.prefix[hi] - other.prefix[lo];
      const double total = other.prefix.back(), above = total - below - tie;
      // A bad beats goods that rank safer; a good is beaten by bads that rank riskier.
      const double beaten = bad_[i] ? (riskier ? below : above) : (riskier ? above : below);
      v[i] = (beaten + 0.5 * tie) / total;
      if (bad_[i]) area += static_cast<double>(w_[i]) * v[i];
    }
    (void)G;
    return area / B;
  }

  friend struct credo::archive_access;
  paired_auc() = default;  // to be read from bytes, which carry the directions

  direction dir_[2] = {direction::higher_is_safer, direction::higher_is_safer};
  std::vector<Real> s_[2];
  std::vector<std::uint8_t> bad_;
  std::vector<Real> w_;
};

}  // namespace credo::metrics
