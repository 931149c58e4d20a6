// ROC curve, CAP curve, accuracy ratio and the gains/lift table of a score.
//
// Every curve runs from the riskiest score to the safest (direction says which end that is)
// and has one point per distinct score: flagging every row at least as risky as the point's
// threshold as bad gives
//   ROC: (false-positive rate, true-positive rate) = (G_flagged/G, B_flagged/B)
//        (Fawcett 2006; sklearn's roc_curve with drop_intermediate=False),
//   CAP: (population share, bad share) = ((B+G)_flagged/(B+G), B_flagged/B)
//        (Engelmann, Hayden & Tasche 2003).
// Accuracy ratio = (area under CAP − ½)/(area under the perfect CAP − ½) with the perfect
// area 1 − π/2, π = B/(B+G); with trapezoids (ties as straight segments) AR = 2·AUC − 1.
// Each function takes the rows as score_rows or score_histogram (the same distinct scores).
#pragma once

#include <credo/detail/bands.hpp>
#include <credo/metrics/bands.hpp>
#include <credo/metrics/common.hpp>
#include <credo/metrics/score_histogram.hpp>
#include <credo/metrics/score_rows.hpp>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <vector>

namespace credo::metrics {

struct roc_point {
  double threshold;            // flag rows at least as risky as this score
  double false_positive_rate;  // goods flagged / goods
  double true_positive_rate;   // bads flagged / bads
};

struct cap_point {
  double threshold;
  double population_share;  // rows flagged / rows (weighted)
  double bad_share;         // bads flagged / bads
};

namespace detail {
struct distinct_score {
  double score, bad_weight, good_weight;
  std::size_t bad_rows, good_rows;
};

/// Distinct scores ordered from the riskiest to the safest.
template <class Rows>
std::vector<distinct_score> riskiest_first(const Rows& rows, direction d) {
  using Real = typename Rows::real_type;
  std::vector<distinct_score> v;
  rows.for_each_distinct([&](Real s, double wb, double wg, std::size_t nb, std::size_t ng) {
    v.push_back({static_cast<double>(s), wb, wg, nb, ng});
  });
  if (d == direction::higher_is_riskier) std::reverse(v.begin(), v.end());
  return v;
}

inline double before_all(direction d) {
  return d == direction::higher_is_riskier ? std::numeric_limits<double>::infinity()
                                           : -std::numeric_limits<double>::infinity();
}
}  // namespace detail

/// The ROC curve, starting at (0, 0) with threshold ±∞ (nothing flagged).
template <class Rows>
std::vector<roc_point> roc_curve(const Rows& rows, direction d) {
  const double B = rows.bad_weight(), G = rows.good_weight();
  detail::check_classes("roc_curve", B, G);
  std::vector<roc_point> out{{detail::before_all(d), 0.0, 0.0}};
  double b = 0, g = 0;
  for (const auto& s : detail::riskiest_first(rows, d)) {
    b += s.bad_weight;
    g += s.good_weight;
    out.push_back({s.score, g / G, b / B});
  }
  return out;
}

/// The CAP (cumulative accuracy profile, "power curve"), starting at (0, 0).
template <class Rows>
std::vector<cap_point> cap_curve(const Rows& rows, direction d) {
  const double B = rows.bad_weight(), G = rows.good_weight();
  detail::check_classes("cap_curve", B, G);
  std::vector<cap_point> out{{detail::before_all(d), 0.0, 0.0}};
  double b = 0, n = 0;
  for (const auto& s : detail::riskiest_first(rows, d)) {
    b += s.bad_weight;
    n += s.bad_weight + s.good_weight;
    out.push_back({s.score, n / (B + G), b / B});
  }
  return out;
}

/// Accuracy ratio from the CAP's trapezoid area.
template <class Rows>
double accuracy_ratio(const Rows& rows, direction d) {
  const auto cap = cap_curve(rows, d);
  double area = 0;
  for (std::size_t i = 1; i < cap.size(); ++i)
    area += (cap[i].population_share - cap[i - 1].population_share) * (cap[i].bad_share + cap[i - 1].bad_share) / 2;
  const double pi = rows.bad_weight() / (rows.bad_weight() + rows.good_weight());
  return (area - 0.5) / ((1 - pi) / 2);
}

/// One band of a gains table, bands ordered riskiest first. Rates of an empty band are NaN.
struct gains_row {
  double score_min, score_max;  // observed scores in the band (NaN when empty)
  std::size_t rows;             // unweighted row count
  double weight, bads, goods;
  double bad_rate;              // bads / weight
  double cum_share;             // weight of this and riskier bands / total
  double cum_bad_share;         // bads captured so far / all bads
  double cum_good_share;
  double lift;                  // bad_rate / overall bad rate
  double cum_lift;              // cumulative bad rate / overall bad rate
  double approval_rate;         // share approved when this and every riskier band are declined
  double approved_bad_rate;     // bad rate among those approved (NaN when none)
};

/// Gains/lift table over quantile bands (deciles by default) or given cut-offs
/// (credo.metrics.bad_bands, no_bads, no_goods).
template <class Rows>
std::vector<gains_row> gains_table(const Rows& rows, direction d, const band_options& opt = {}) {
  detail::check_bands("gains_table", opt);
  const double B = rows.bad_weight(), G = rows.good_weight(), W = B + G;
  detail::check_classes("gains_table", B, G);
  const std::size_t k = detail::band_count(opt);
  const double nan = std::numeric_limits<double>::quiet_NaN();
  std::vector<gains_row> t(k, gains_row{nan, nan, 0, 0, 0, 0, nan, 0, 0, 0, nan, nan, 0, nan});
  double before = 0;
  for (const auto& s : detail::riskiest_first(rows, d)) {
    const double w = s.bad_weight + s.good_weight;
    std::size_t band;
    if (opt.cutoffs.empty()) {
      band = detail::quantile_band(before, w, W, k);
    } else {
      band = credo::detail::cutoff_band(s.score, opt.cutoffs);
      if (d == direction::higher_is_riskier) band = k - 1 - band;
    }
    before += w;
    auto& r = t[band];
    r.score_min = std::isnan(r.score_min) ? s.score : std::min(r.score_min, s.score);
    r.score_max = std::isnan(r.score_max) ? s.score : std::max(r.score_max, s.score);
    r.rows += s.bad_rows + s.good_rows;
    r.weight += w;
    r.bads += s.bad_weight;
    r.goods += s.good_weight;
  }
  double cw = 0, cb = 0, cg = 0;
  const double overall = B / W;
  for (auto& r : t) {
    cw += r.weight;
    cb += r.bads;
    cg += r.goods;
    r.bad_rate = r.weight > 0 ? r.bads / r.weight : nan;
    r.lift = r.bad_rate / overall;
    r.cum_share = cw / W;
    r.cum_bad_share = cb / B;
    r.cum_good_share = cg / G;
    r.cum_lift = cw > 0 ? (cb / cw) / overall : nan;
    r.approval_rate = (W - cw) / W;
    r.approved_bad_rate = W - cw > 0 ? (B - cb) / (W - cw) : nan;
  }
  // Declining every band approves nobody (not a rounding remainder of the running sums).
  t.back().approval_rate = 0;
  t.back().approved_bad_rate = nan;
  return t;
}

}  // namespace credo::metrics
