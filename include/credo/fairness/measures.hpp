// Fairness measures from group_counts: rates per group, and measures between groups in both
// conventions of DESIGN.md:
//   against a named reference group: ratio = protected / reference, difference =
//     protected − reference (one value per group; the reference's own is 1 or 0);
//   across all groups: ratio = min / max, difference = max − min (one value).
// Approval (score >= cut-off) is the favourable outcome; "goods" are the actual non-events.
// Every division goes through a zero-division policy (zero_division.hpp); docs/fairness.md
// gives each formula with its source.
#pragma once

#include <credo/core/error.hpp>
#include <credo/fwd.hpp>
#include <credo/fairness/counts.hpp>
#include <credo/fairness/group_auc.hpp>
#include <credo/fairness/inference.hpp>
#include <credo/fairness/zero_division.hpp>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace credo::fairness {

/// Run-time settings of assess(); the defaults are what a fair-lending review uses.
struct assess_options {
  /// The reference (comparison) group; empty = the group with the largest weight.
  std::string reference;
  /// A group with fewer raw rows than this is flagged `small` (and still reported).
  std::uint64_t small_group = 30;
  /// Level of the Wilson and adverse-impact-ratio intervals.
  double confidence = 0.95;
  /// The four-fifths rule's threshold on the adverse impact ratio (29 CFR 1607.4(D)).
  double four_fifths = 0.8;
  /// Yates's continuity correction in the chi-squared test.
  bool yates = false;
  /// Run the tests and intervals on raw row counts instead of weighted counts (Fisher's
  /// exact test needs whole numbers, so weighted data with fractional weights needs this).
  bool raw_counts = false;
};

/// Calibration of one group in one score band [lower, upper).
template <class Real>
struct band_summary {
  Real lower, upper;
  Real weight;
  std::uint64_t rows;
  Real bad_rate;  // observed bads / weight in the band (policy value when empty)
};

/// The rates of one group at the cut-off.
template <class Real>
struct group_summary {
  std::string name;
  Real weight = 0;          // Σ w
  std::uint64_t rows = 0;   // raw rows
  bool small = false;       // rows < assess_options::small_group
  Real goods = 0, bads = 0, approved = 0;
  Real approval_rate = 0;   // approved / all            P(approve)
  Real bad_rate = 0;        // bads / all                P(bad)
  Real approval_rate_goods = 0;  // true approval rate   P(approve | good)
  Real approval_rate_bads = 0;   // false approval rate  P(approve | bad)
  Real precision = 0;       // goods among approved      P(good | approve)
  Real bad_rate_approved = 0;    // bads among approved  P(bad | approve)
  Real mean_score = 0;
  Real sd_score = 0;        // sqrt(Σw(x − mean)² / (W − 1)), frequency weights
  interval approval_rate_ci, bad_rate_ci, approval_rate_goods_ci, approval_rate_bads_ci,
      precision_ci;         // Wilson intervals (credo::metrics)
  /// AUC within the group (credo::metrics::auc, higher score = safer); NaN unless assess()
  /// was given a group_auc, or when the group lacks goods or bads.
  double auc = std::numeric_limits<double>::quiet_NaN();
  std::vector<band_summary<Real>> calibration;
};

/// One measure between groups in both conventions.
template <class Real>
struct disparity {
  std::vector<Real> vs_reference;  // per group, against the reference group
  Real across = 0;                 // over all groups
};

/// One rate of every group against the same rate over the whole population (the union of
/// the groups), as fairlearn's MetricFrame reports it (fairlearn/metrics/_disaggregated_result.py):
///   difference_g = rate_g − overall,  ratio_g = rate_g / overall (per group, signed / raw);
///   max_abs_difference = max_g |rate_g − overall|      (MetricFrame.difference(method='to_overall'))
///   min_ratio = min_g min(ratio_g, 1/ratio_g)           (MetricFrame.ratio(method='to_overall'))
/// An overall rate of 0 calls the zero-division policy for the ratios.
template <class Real>
struct overall_comparison {
  Real overall = 0;
  std::vector<Real> difference;
  std::vector<Real> ratio;
  Real max_abs_difference = 0;
  Real min_ratio = 0;
};

/// The rates compared to the whole population: the approval (selection) rate, the true and
/// false approval rates (fairlearn's true_positive_rate / false_positive_rate with approval
/// the positive prediction and good the positive label) and the precision.
template <class Real>
struct to_overall_measures {
  overall_comparison<Real> approval_rate;
  overall_comparison<Real> true_positive_rate;   // P(approve | good)
  overall_comparison<Real> false_positive_rate;  // P(approve | bad)
  overall_comparison<Real> precision;            // P(good | approve)
};

/// Every between-group measure of issue 6, and the ratios and to-overall comparisons of issue 20.
template <class Real>
struct disparities {
  std::size_t reference = 0;
  disparity<Real> adverse_impact_ratio;          // ratio of approval rates
  disparity<Real> statistical_parity_difference; // difference of approval rates
  disparity<Real> equal_opportunity_difference;  // difference of approval rates among goods
  disparity<Real> average_odds_difference;       // ½(ΔP(approve|bad) + ΔP(approve|good))
  disparity<Real> equalized_odds_difference;     // max(|ΔP(approve|good)|, |ΔP(approve|bad)|)
  disparity<Real> predictive_parity_difference;  // difference of P(good | approve)
  disparity<Real> standardized_mean_difference;  // difference of mean scores / pooled sd
  disparity<Real> marginal_effect;               // 100 × difference of approval rates (pp)
  disparity<Real> true_positive_rate_ratio;      // ratio of P(approve | good)
  disparity<Real> false_positive_rate_ratio;     // ratio of P(approve | bad)
  disparity<Real> false_positive_rate_difference;  // difference of P(approve | bad)
  disparity<Real> equalized_odds_ratio;          // min(TPR ratio, FPR ratio)
  to_overall_measures<Real> to_overall;          // each group against the whole population
};

/// The comparison of one group with the reference group: tests and the impact ratio interval.
template <class Real>
struct comparison {
  interval adverse_impact_ratio_ci;        // log method
  bool below_four_fifths = false;          // adverse impact ratio < threshold (fails the rule)
  bool fisher_run = false;                 // false when the counts are not whole numbers
  test_result<Real> fisher{std::numeric_limits<Real>::quiet_NaN(),
                           std::numeric_limits<Real>::quiet_NaN()};  // statistic: odds ratio
  test_result<Real> z_test;                // two-proportion, pooled
  test_result<Real> chi_squared;           // Pearson, yates per options
};

/// All of it: per group, between groups, and per group against the reference.
template <class Real>
struct fairness_report {
  Real cutoff = 0;
  std::vector<group_summary<Real>> groups;
  disparities<Real> measures;
  std::vector<comparison<Real>> vs_reference;  // the reference's own entry compares it to itself
  bool below_four_fifths_across = false;       // min/max approval ratio < threshold
  std::size_t reference() const noexcept { return measures.reference; }
};

namespace detail {

template <class Real>
bool any_nan(const std::vector<Real>& v) {
  return std::any_of(v.begin(), v.end(), [](Real x) { return std::isnan(x); });
}
template <class Real>
Real range_of(const std::vector<Real>& v) {
  if (any_nan(v)) return std::numeric_limits<Real>::quiet_NaN();
  const auto [lo, hi] = std::minmax_element(v.begin(), v.end());
  return *hi - *lo;
}
template <class Real, class Z>
disparity<Real> ratio_measure(const std::vector<Real>& v, std::size_t ref, const Z& z,
                              const std::string& what) {
  disparity<Real> d;
  for (Real x : v) d.vs_reference.push_back(divide<Real>(x, v[ref], z, what + " vs reference"));
  if (any_nan(v)) {
    d.across = std::numeric_limits<Real>::quiet_NaN();
  } else {
    const auto [lo, hi] = std::minmax_element(v.begin(), v.end());
    d.across = divide<Real>(*lo, *hi, z, what + " min/max");
  }
  return d;
}
template <class Real>
disparity<Real> difference_measure(const std::vector<Real>& v, std::size_t ref, Real scale = 1) {
  disparity<Real> d;
  for (Real x : v) d.vs_reference.push_back(scale * (x - v[ref]));
  d.across = scale * range_of(v);
  return d;
}

/// min(r, 1/r): a ratio read as at most 1 (fairlearn's ratio_sub_one); NaN stays NaN.
template <class Real>
Real ratio_below_one(Real r) {
  return r > 1 ? 1 / r : r;
}

template <class Real, class Z>
overall_comparison<Real> compare_to_overall(const std::vector<Real>& v, Real overall, const Z& z,
                                            const std::string& what) {
  overall_comparison<Real> o;
  o.overall = overall;
  for (Real x : v) {
    o.difference.push_back(x - overall);
    o.ratio.push_back(divide<Real>(x, overall, z, what + " vs overall"));
  }
  const Real nan = std::numeric_limits<Real>::quiet_NaN();
  if (any_nan(o.difference)) {
    o.max_abs_difference = nan;
  } else {
    o.max_abs_difference = 0;
    for (Real d : o.difference) o.max_abs_difference = std::max(o.max_abs_difference, std::abs(d));
  }
  if (any_nan(o.ratio)) {
    o.min_ratio = nan;
  } else {
    o.min_ratio = ratio_below_one(o.ratio.front());
    for (Real r : o.ratio) o.min_ratio = std::min(o.min_ratio, ratio_below_one(r));
  }
  return o;
}

template <class Real>
void check_not_empty(const group_counts<Real>& c) {
  for (std::size_t g = 0; g < c.groups(); ++g)
    if (!(c[g].weight > 0))
      CREDO_THROW(invalid_input, "credo.fairness.empty_group",
                  "group " + credo::detail::quoted(c.names()[g]) +
                      " has no rows (or only zero weights); its rates are undefined");
}

template <class Real>
std::size_t reference_of(const group_counts<Real>& c, const std::string& name) {
  if (!name.empty()) {
    for (std::size_t i = 0; i < c.groups(); ++i)
      if (c.names()[i] == name) return i;
    std::string known;
    for (const auto& n : c.names()) known += (known.empty() ? "" : ", ") + credo::detail::quoted(n);
    CREDO_THROW(invalid_input, "credo.fairness.unknown_reference",
                "reference group " + credo::detail::quoted(name) + " is not among the groups (" +
                    known + ")");
  }
  std::size_t best = 0;  // the largest group; the first one on a tie
  for (std::size_t i = 1; i < c.groups(); ++i)
    if (c[i].weight > c[best].weight) best = i;
  return best;
}

}  // namespace detail

/// The rates of group `g` (no intervals, no calibration): what disparities() needs.
template <class Real, zero_division_policy Z = zero_division::nan>
group_summary<Real> group_rates(const group_counts<Real>& c, std::size_t g, const Z& z = {}) {
  const auto& k = c[g];
  group_summary<Real> s;
  s.name = c.names()[g];
  s.weight = k.weight;
  s.rows = k.rows;
  s.goods = k.good();
  s.bads = k.bad;
  s.approved = k.approved;
  const std::string n = "group " + credo::detail::quoted(s.name) + ": ";
  using detail::divide;
  s.approval_rate = divide<Real>(k.approved, k.weight, z, n + "approval rate");
  s.bad_rate = divide<Real>(k.bad, k.weight, z, n + "bad rate");
  s.approval_rate_goods = divide<Real>(k.approved_good(), k.good(), z, n + "approval rate among goods");
  s.approval_rate_bads = divide<Real>(k.approved_bad, k.bad, z, n + "approval rate among bads");
  s.precision = divide<Real>(k.approved_good(), k.approved, z, n + "share good among approved");
  s.bad_rate_approved = divide<Real>(k.approved_bad, k.approved, z, n + "bad rate among approved");
  s.mean_score = k.weight > 0 ? k.score_mean : z.template on_zero<Real>(n + "mean score");
  s.sd_score = k.weight > 1 ? std::sqrt(k.score_m2 / (k.weight - 1))
                            : z.template on_zero<Real>(n + "score standard deviation");
  return s;
}

/// Every between-group measure, against `reference` (empty = the largest group) and across
/// all groups. Throws credo.fairness.empty_group / credo.fairness.unknown_reference.
template <class Real, zero_division_policy Z = zero_division::nan>
disparities<Real> compare_groups(const group_counts<Real>& c, const std::string& reference = {},
                                 const Z& z = {}) {
  detail::check_not_empty(c);
  const std::size_t ref = detail::reference_of(c, reference);
  const std::size_t G = c.groups();
  std::vector<Real> ar(G), tpr(G), fpr(G), ppv(G), mean(G);
  for (std::size_t g = 0; g < G; ++g) {
    const auto s = group_rates(c, g, z);
    ar[g] = s.approval_rate;
    tpr[g] = s.approval_rate_goods;
    fpr[g] = s.approval_rate_bads;
    ppv[g] = s.precision;
    mean[g] = s.mean_score;
  }
  disparities<Real> d;
  d.reference = ref;
  // Disparate impact (AIF360 disparate_impact; Feldman et al. 2015): P(approve|g)/P(approve|ref).
  d.adverse_impact_ratio = detail::ratio_measure(ar, ref, z, "adverse impact ratio");
  // Statistical parity difference (AIF360; Fairlearn demographic_parity_difference across).
  d.statistical_parity_difference = detail::difference_measure(ar, ref);
  // Equal opportunity difference (Hardt, Price & Srebro 2016; AIF360): ΔP(approve | good).
  d.equal_opportunity_difference = detail::difference_measure(tpr, ref);
  // Average odds difference (AIF360): ½[(FPR_g − FPR_ref) + (TPR_g − TPR_ref)];
  // across: ½[(max − min FPR) + (max − min TPR)].
  {
    const auto dt = detail::difference_measure(tpr, ref), df = detail::difference_measure(fpr, ref);
    for (std::size_t g = 0; g < G; ++g)
      d.average_odds_difference.vs_reference.push_back((dt.vs_reference[g] + df.vs_reference[g]) / 2);
    d.average_odds_difference.across = (dt.across + df.across) / 2;
    // Equalized odds difference (Fairlearn equalized_odds_difference, between_groups):
    // max(TPR range, FPR range); against the reference, max(|ΔTPR|, |ΔFPR|).
    for (std::size_t g = 0; g < G; ++g) {
      const Real a = std::abs(dt.vs_reference[g]), b = std::abs(df.vs_reference[g]);
      d.equalized_odds_difference.vs_reference.push_back(
          std::isnan(a) || std::isnan(b) ? std::numeric_limits<Real>::quiet_NaN() : std::max(a, b));
    }
    d.equalized_odds_difference.across =
        std::isnan(dt.across) || std::isnan(df.across) ? std::numeric_limits<Real>::quiet_NaN()
                                                       : std::max(dt.across, df.across);
  }
  // Predictive parity (Chouldechova 2017): ΔP(good | approve), the positive predictive value.
  d.predictive_parity_difference = detail::difference_measure(ppv, ref);
  // Standardized mean difference (Cohen's d; Hall et al. 2021 for fair lending):
  // (mean_g − mean_ref) / s_pooled, s_pooled² = (M2_g + M2_ref)/(W_g + W_ref − 2);
  // across: (max − min mean) / sqrt(Σ M2 / (Σ W − G)).
  {
    for (std::size_t g = 0; g < G; ++g) {
      const Real den = c[g].weight + c[ref].weight - 2;
      const Real s2 = den > 0 ? (c[g].score_m2 + c[ref].score_m2) / den : Real(0);
      d.standardized_mean_difference.vs_reference.push_back(detail::divide<Real>(
          mean[g] - mean[ref], std::sqrt(s2), z, "standardized mean difference vs reference"));
    }
    Real m2 = 0, w = 0;
    for (std::size_t g = 0; g < G; ++g) {
      m2 += c[g].score_m2;
      w += c[g].weight;
    }
    const Real den = w - static_cast<Real>(G);
    const Real s2 = den > 0 ? m2 / den : Real(0);
    d.standardized_mean_difference.across = detail::divide<Real>(
        detail::range_of(mean), std::sqrt(s2), z, "standardized mean difference across groups");
  }
  // Marginal effect in percentage points (Hall et al. 2021): 100·(AR_g − AR_ref).
  d.marginal_effect = detail::difference_measure(ar, ref, Real(100));
  // True- and false-positive-rate ratios and the false-positive-rate difference (fairlearn's
  // true_positive_rate / false_positive_rate under MetricFrame's ratio / difference; AIF360's
  // true_positive_rate_difference's companions): TPR_g/TPR_ref, FPR_g/FPR_ref, FPR_g − FPR_ref;
  // across min/max and max − min.
  d.true_positive_rate_ratio = detail::ratio_measure(tpr, ref, z, "true positive rate ratio");
  d.false_positive_rate_ratio = detail::ratio_measure(fpr, ref, z, "false positive rate ratio");
  d.false_positive_rate_difference = detail::difference_measure(fpr, ref);
  // Equalized odds ratio (fairlearn equalized_odds_ratio, between_groups, worst case):
  // min(TPR min/max, FPR min/max); against the reference, min(r(TPR_g/TPR_ref), r(FPR_g/FPR_ref))
  // with r(x) = min(x, 1/x), so that it reads as fairlearn's, at most 1.
  {
    const Real nan = std::numeric_limits<Real>::quiet_NaN();
    auto worst = [&](Real a, Real b) {
      return std::isnan(a) || std::isnan(b) ? nan : std::min(a, b);
    };
    for (std::size_t g = 0; g < G; ++g)
      d.equalized_odds_ratio.vs_reference.push_back(
          worst(detail::ratio_below_one(d.true_positive_rate_ratio.vs_reference[g]),
                detail::ratio_below_one(d.false_positive_rate_ratio.vs_reference[g])));
    d.equalized_odds_ratio.across = worst(d.true_positive_rate_ratio.across, d.false_positive_rate_ratio.across);
  }
  // Each group against the whole population (fairlearn MetricFrame's to_overall): the
  // overall rates come from the sums of the groups' counts (hard groups partition the rows;
  // soft memberships that sum to 1 per row give the same totals).
  {
    group_cell<Real> all;
    for (std::size_t g = 0; g < G; ++g) {
      all.weight += c[g].weight;
      all.bad += c[g].bad;
      all.approved += c[g].approved;
      all.approved_bad += c[g].approved_bad;
    }
    using detail::divide;
    const Real o_ar = divide<Real>(all.approved, all.weight, z, "overall approval rate");
    const Real o_tpr = divide<Real>(all.approved_good(), all.good(), z, "overall true positive rate");
    const Real o_fpr = divide<Real>(all.approved_bad, all.bad, z, "overall false positive rate");
    const Real o_ppv = divide<Real>(all.approved_good(), all.approved, z, "overall precision");
    d.to_overall.approval_rate = detail::compare_to_overall(ar, o_ar, z, "approval rate");
    d.to_overall.true_positive_rate = detail::compare_to_overall(tpr, o_tpr, z, "true positive rate");
    d.to_overall.false_positive_rate = detail::compare_to_overall(fpr, o_fpr, z, "false positive rate");
    d.to_overall.precision = detail::compare_to_overall(ppv, o_ppv, z, "precision");
  }
  return d;
}

/// The full report: rates with Wilson intervals and calibration per group, every measure in
/// both conventions, and against the reference the impact-ratio interval, the four-fifths
/// flag and Fisher's, the z and the chi-squared tests.
template <class Real, zero_division_policy Z = zero_division::nan>
fairness_report<Real> assess(const group_counts<Real>& c, const assess_options& opt = {},
                             const Z& z = {}) {
  if (!(opt.confidence > 0 && opt.confidence < 1))
    CREDO_THROW(invalid_input, "credo.fairness.bad_confidence",
                "confidence " + std::to_string(opt.confidence) + " is not in (0, 1)");
  fairness_report<Real> r;
  r.cutoff = c.cutoff();
  r.measures = compare_groups(c, opt.reference, z);
  const std::size_t ref = r.measures.reference;
  const auto& bands = c.bands();
  for (std::size_t g = 0; g < c.groups(); ++g) {
    auto s = group_rates(c, g, z);
    const auto& k = c[g];
    s.small = k.rows < opt.small_group;
    const double cf = opt.confidence;
    s.approval_rate_ci = rate_interval(k.approved, k.weight, cf);
    s.bad_rate_ci = rate_interval(k.bad, k.weight, cf);
    s.approval_rate_goods_ci = rate_interval(k.approved_good(), k.good(), cf);
    s.approval_rate_bads_ci = rate_interval(k.approved_bad, k.bad, cf);
    s.precision_ci = rate_interval(k.approved_good(), k.approved, cf);
    for (std::size_t b = 0; b < k.band_weight.size(); ++b) {
      band_summary<Real> bs;
      bs.lower = b == 0 ? -std::numeric_limits<Real>::infinity() : bands[b - 1];
      bs.upper = b == bands.size() ? std::numeric_limits<Real>::infinity() : bands[b];
      bs.weight = k.band_weight[b];
      bs.rows = k.band_rows[b];
      bs.bad_rate = detail::divide<Real>(k.band_bad[b], k.band_weight[b], z,
                                         "group " + credo::detail::quoted(s.name) +
                                             ": bad rate in score band " + std::to_string(b));
      s.calibration.push_back(bs);
    }
    r.groups.push_back(std::move(s));
  }
  auto counts = [&](std::size_t g, double& x, double& n) {
    x = opt.raw_counts ? static_cast<double>(c[g].rows_approved) : static_cast<double>(c[g].approved);
    n = opt.raw_counts ? static_cast<double>(c[g].rows) : static_cast<double>(c[g].weight);
  };
  double xr = 0, nr = 0;
  counts(ref, xr, nr);
  for (std::size_t g = 0; g < c.groups(); ++g) {
    double x = 0, n = 0;
    counts(g, x, n);
    comparison<Real> cmp;
    cmp.adverse_impact_ratio_ci = impact_ratio_interval(x, n, xr, nr, opt.confidence, z);
    const Real air = r.measures.adverse_impact_ratio.vs_reference[g];
    cmp.below_four_fifths = air < static_cast<Real>(opt.four_fifths);
    cmp.z_test = two_proportion_z<Real>(x, n, xr, nr, z);
    cmp.chi_squared = chi_squared<Real>(x, n - x, xr, nr - xr, opt.yates, z);
    // Fisher's exact test needs whole counts: with fractional weighted counts (weights,
    // membership probabilities) it is not run, fisher_run says so and fisher stays NaN.
    auto whole = [](double v) { return std::floor(v) == v; };
    cmp.fisher_run = whole(x) && whole(n) && whole(xr) && whole(nr);
    if (cmp.fisher_run) cmp.fisher = fisher_exact<Real>(x, n - x, xr, nr - xr, z);
    r.vs_reference.push_back(cmp);
  }
  r.below_four_fifths_across = r.measures.adverse_impact_ratio.across < static_cast<Real>(opt.four_fifths);
  return r;
}

/// assess() with the AUC within each group filled in from `aucs` (same groups, same order).
template <class Real, class Rows, zero_division_policy Z = zero_division::nan>
fairness_report<Real> assess(const group_counts<Real>& c, const group_auc<Real, Rows>& aucs,
                             const assess_options& opt = {}, const Z& z = {}) {
  if (aucs.names() != c.names())
    CREDO_THROW(invalid_input, "credo.fairness.merge_mismatch",
                "the group AUCs and the group counts have different groups");
  auto r = assess(c, opt, z);
  for (std::size_t g = 0; g < c.groups(); ++g) r.groups[g].auc = aucs.value(g, z);
  return r;
}

}  // namespace credo::fairness
