// Mitigation: reweighing before training (Kamiran & Calders 2012) and group cut-offs after
// scoring (post-processing in the manner of Hardt, Price & Srebro 2016, with a search that
// keeps the lender's approval volume).
#pragma once

#include <credo/core/error.hpp>
#include <credo/fwd.hpp>
#include <credo/core/table.hpp>
#include <credo/fairness/counts.hpp>
#include <credo/fairness/groups.hpp>

#include <algorithm>
#include <cmath>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <numeric>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace credo::fairness {

// --- reweighing ------------------------------------------------------------------------------

/// Reweighing (Kamiran & Calders 2012, "Data preprocessing techniques for classification
/// without discrimination", sec. 4.2; AIF360's Reweighing): each row of group g and outcome
/// y gets the training weight
///     W(g, y) = P(g)·P(y) / P(g, y),
/// the expected over the observed probability of its (group, outcome) cell, so that under the
/// new weights group and outcome are independent. Probabilities are weighted by the rows'
/// own weights w_i, and the returned weight is w_i·W(g_i, y_i). With soft groups (membership
/// p_ig) the cells are weighted by p_ig and a row gets w_i·Σ_g p_ig·W(g, y_i).
inline std::vector<double> reweighing(const group_assignment& groups, std::span<const std::uint8_t> bad,
                                      std::span<const double> weights = {}) {
  const std::size_t n = groups.rows(), G = groups.groups();
  if (bad.size() != n)
    CREDO_THROW(invalid_input, "credo.fairness.length_mismatch",
                "target has " + std::to_string(bad.size()) + " rows, the groups " + std::to_string(n));
  if (!weights.empty() && weights.size() != n)
    CREDO_THROW(invalid_input, "credo.fairness.length_mismatch",
                "weights has " + std::to_string(weights.size()) + " rows, the groups " +
                    std::to_string(n));
  auto w_of = [&](std::size_t r) { return weights.empty() ? 1.0 : weights[r]; };
  std::vector<double> cell(G * 2, 0.0);  // cell[g * 2 + y]: Σ w over group g, outcome y
  for (std::size_t r = 0; r < n; ++r) {
    if (bad[r] > 1)
      CREDO_THROW(invalid_input, "credo.fairness.target_not_binary",
                  "row " + std::to_string(r) + ": target " + std::to_string(bad[r]) +
                      " is neither 0 nor 1");
    const double w = w_of(r);
    if (!(std::isfinite(w) && w >= 0))
      CREDO_THROW(invalid_input, "credo.fairness.bad_weight",
                  "row " + std::to_string(r) + ": the weight is not a finite number >= 0");
    if (groups.is_soft()) {
      const auto m = groups.membership(r);
      for (std::size_t g = 0; g < G; ++g) cell[g * 2 + bad[r]] += w * m[g];
    } else {
      cell[static_cast<std::size_t>(groups.group_of(r)) * 2 + bad[r]] += w;
    }
  }
  const double total = std::accumulate(cell.begin(), cell.end(), 0.0);
  if (!(total > 0))
    CREDO_THROW(invalid_input, "credo.fairness.no_rows", "no rows (or only zero weights) to reweigh");
  double py[2] = {0, 0};
  std::vector<double> pg(G, 0.0), factor(G * 2, 0.0);
  for (std::size_t g = 0; g < G; ++g)
    for (int y = 0; y < 2; ++y) {
      pg[g] += cell[g * 2 + y] / total;
      py[y] += cell[g * 2 + y] / total;
    }
  for (std::size_t g = 0; g < G; ++g)
    for (int y = 0; y < 2; ++y) {
      const double pgy = cell[g * 2 + y] / total;
      // An empty cell holds no row, so its factor is never used; 0 marks it.
      factor[g * 2 + y] = pgy > 0 ? pg[g] * py[y] / pgy : 0.0;
    }
  std::vector<double> out(n);
  for (std::size_t r = 0; r < n; ++r) {
    double f = 0;
    if (groups.is_soft()) {
      const auto m = groups.membership(r);
      for (std::size_t g = 0; g < G; ++g)
        if (m[g] > 0) f += m[g] * factor[g * 2 + bad[r]];
    } else {
      f = factor[static_cast<std::size_t>(groups.group_of(r)) * 2 + bad[r]];
    }
    out[r] = w_of(r) * f;
  }
  return out;
}

/// Reweighing of a table's rows: its target and weights, groups from its columns.
inline std::vector<double> reweighing(const table& t, const group_assignment& groups) {
  if (t.rows() != groups.rows())
    CREDO_THROW(invalid_input, "credo.fairness.length_mismatch",
                "the table has " + std::to_string(t.rows()) + " rows, the groups " +
                    std::to_string(groups.rows()));
  return reweighing(groups, t.target(), t.weights());
}

// --- group cut-offs --------------------------------------------------------------------------

namespace parity {

/// Parity of approval rates (demographic / statistical parity): P(approve | g).
struct approval_rate {
  static constexpr std::string_view name = "approval rate";
  static double rate(double approved, double approved_good, double weight, double goods) {
    (void)approved_good;
    (void)goods;
    return approved / weight;
  }
};

/// Parity of approval among goods (equal opportunity, Hardt et al. 2016): P(approve | good).
struct equal_opportunity {
  static constexpr std::string_view name = "approval rate among goods";
  static double rate(double approved, double approved_good, double weight, double goods) {
    (void)approved;
    (void)weight;
    return approved_good / goods;
  }
};

}  // namespace parity

/// What group_cutoffs() needs of the measure to equalise: a name and the group's rate from
/// its weighted approved, approved goods, total and goods.
template <class P>
concept parity_measure = requires(double a, double ag, double w, double g) {
  { P::name } -> std::convertible_to<std::string_view>;
  { P::rate(a, ag, w, g) } -> std::convertible_to<double>;
};

/// Run-time settings of group_cutoffs().
struct cutoff_options {
  /// The largest allowed max − min of the measure over groups after mitigation.
  double tolerance = 0.02;
  /// The largest overall approval rate after mitigation; NaN (default) = the rate at the
  /// single cut-off, so the lender keeps its volume and the search cannot "solve" parity by
  /// approving everyone.
  double max_approval_rate = std::numeric_limits<double>::quiet_NaN();
};

/// Overall figures of a set of decisions.
template <class Real>
struct decision_summary {
  Real approval_rate = 0;      // Σ w approved / Σ w
  Real bad_rate_approved = 0;  // Σ w approved bads / Σ w approved (NaN when none approved)
  Real approved_goods = 0;     // Σ w approved goods
  /// AUC of the approve/deny decision as a binary score against the outcome (ties count ½):
  /// ½(1 + P(approve | good) − P(approve | bad)).
  Real decision_auc = 0;
  Real disparity = 0;          // max − min over groups of the parity measure
  std::vector<Real> group_rates;  // the parity measure per group
};

template <class Real>
struct cutoff_result {
  std::vector<std::string> names;
  std::vector<Real> cutoffs;  // per group; +inf approves nobody
  decision_summary<Real> before, after;
};

namespace detail {

template <class Real>
struct group_options {
  std::vector<Real> cut;                       // cut[j]: approve score >= cut[j]; cut[0] = +inf
  std::vector<double> approved, approved_good; // weighted, at each option
  std::vector<double> rate;                    // parity measure at each option (non-decreasing)
  double weight = 0, goods = 0, bads = 0;
};

}  // namespace detail

/// Per-group cut-offs that bring the max − min of the parity measure P over groups within
/// `tolerance`, keeping as many approved goods (weighted) as possible, with the overall
/// approval rate at most `max_approval_rate`. Deterministic.
///
/// Search: the final rates lie in a band [L, L + tolerance]; L runs over every rate a group
/// can reach. For each L every group starts at its highest cut-off inside the band (fewest
/// approvals); then, while the approval budget allows, the cut-off that adds the largest
/// share of goods per approval is lowered to its next score that adds goods (ties: the
/// first group).
/// The greedy step is exact when each group's share of goods falls as its cut-off falls (a
/// score that ranks within the group); the best L wins, the lowest L on a tie. Cost
/// O(K·n·G) for K distinct rates, n rows and G groups. Hard groups only.
template <parity_measure P = parity::approval_rate, class Real>
cutoff_result<Real> group_cutoffs(const group_assignment& groups, std::span<const Real> scores,
                                  std::span<const std::uint8_t> bad, std::span<const double> weights,
                                  Real cutoff, const cutoff_options& opt = {}) {
  detail::check_rows<Real>(groups, scores, bad, weights);
  if (groups.is_soft())
    CREDO_THROW(invalid_input, "credo.fairness.soft_groups",
                "group cut-offs need one group per row; membership probabilities cannot pick a "
                "row's cut-off");
  if (!(opt.tolerance >= 0))
    CREDO_THROW(invalid_input, "credo.fairness.bad_tolerance",
                "tolerance " + std::to_string(opt.tolerance) + " is not a number >= 0");
  const std::size_t G = groups.groups(), n = groups.rows();
  auto w_of = [&](std::size_t r) { return weights.empty() ? 1.0 : weights[r]; };
  // Rows of each group by score, highest first.
  std::vector<std::vector<std::size_t>> rows(G);
  for (std::size_t r = 0; r < n; ++r) rows[static_cast<std::size_t>(groups.group_of(r))].push_back(r);
  std::vector<detail::group_options<Real>> opts(G);
  double total_w = 0, total_good = 0, total_bad = 0;
  for (std::size_t g = 0; g < G; ++g) {
    auto& rg = rows[g];
    std::stable_sort(rg.begin(), rg.end(), [&](std::size_t a, std::size_t b) { return scores[a] > scores[b]; });
    auto& o = opts[g];
    for (auto r : rg) {
      o.weight += w_of(r);
      (bad[r] ? o.bads : o.goods) += w_of(r);
    }
    if (!(o.weight > 0))
      CREDO_THROW(invalid_input, "credo.fairness.empty_group",
                  "group " + credo::detail::quoted(groups.names()[g]) +
                      " has no rows (or only zero weights); its rates are undefined");
    if (std::is_same_v<P, parity::equal_opportunity> && !(o.goods > 0))
      CREDO_THROW(invalid_input, "credo.fairness.empty_group",
                  "group " + credo::detail::quoted(groups.names()[g]) +
                      " has no goods; its approval rate among goods is undefined");
    total_w += o.weight;
    total_good += o.goods;
    total_bad += o.bads;
    o.cut.push_back(std::numeric_limits<Real>::infinity());
    o.approved.push_back(0);
    o.approved_good.push_back(0);
    double a = 0, ag = 0;
    for (std::size_t i = 0; i < rg.size();) {
      const Real s = scores[rg[i]];
      for (; i < rg.size() && scores[rg[i]] == s; ++i) {
        a += w_of(rg[i]);
        if (!bad[rg[i]]) ag += w_of(rg[i]);
      }
      o.cut.push_back(s);
      o.approved.push_back(a);
      o.approved_good.push_back(ag);
    }
    for (std::size_t j = 0; j < o.cut.size(); ++j)
      o.rate.push_back(P::rate(o.approved[j], o.approved_good[j], o.weight, o.goods));
  }

  // The option of group g at cut-off c: approved = rows with score >= c.
  auto option_at = [&](std::size_t g, Real c) {
    const auto& cut = opts[g].cut;  // decreasing after cut[0] = +inf
    std::size_t j = 0;
    while (j + 1 < cut.size() && cut[j + 1] >= c) ++j;
    return j;
  };
  auto summarise = [&](const std::vector<std::size_t>& choice) {
    decision_summary<Real> s;
    double a = 0, ag = 0;
    for (std::size_t g = 0; g < G; ++g) {
      a += opts[g].approved[choice[g]];
      ag += opts[g].approved_good[choice[g]];
      s.group_rates.push_back(static_cast<Real>(opts[g].rate[choice[g]]));
    }
    s.approval_rate = static_cast<Real>(a / total_w);
    s.bad_rate_approved = a > 0 ? static_cast<Real>((a - ag) / a) : std::numeric_limits<Real>::quiet_NaN();
    s.approved_goods = static_cast<Real>(ag);
    const double tpr = total_good > 0 ? ag / total_good : 0, fpr = total_bad > 0 ? (a - ag) / total_bad : 0;
    s.decision_auc = static_cast<Real>((1 + tpr - fpr) / 2);
    const auto [lo, hi] = std::minmax_element(s.group_rates.begin(), s.group_rates.end());
    s.disparity = *hi - *lo;
    return s;
  };

  std::vector<std::size_t> before(G);
  double budget = 0;
  for (std::size_t g = 0; g < G; ++g) {
    before[g] = option_at(g, cutoff);
    budget += opts[g].approved[before[g]];
  }
  if (!std::isnan(opt.max_approval_rate)) {
    if (!(opt.max_approval_rate >= 0 && opt.max_approval_rate <= 1))
      CREDO_THROW(invalid_input, "credo.fairness.bad_budget",
                  "max_approval_rate " + std::to_string(opt.max_approval_rate) + " is not in [0, 1]");
    budget = opt.max_approval_rate * total_w;
  }
  const double eps = 1e-12;
  budget += eps * total_w;

  std::vector<double> levels;
  for (const auto& o : opts) levels.insert(levels.end(), o.rate.begin(), o.rate.end());
  std::sort(levels.begin(), levels.end());
  levels.erase(std::unique(levels.begin(), levels.end()), levels.end());

  std::vector<std::size_t> best;
  double best_goods = -1;
  std::vector<std::size_t> lo(G), hi(G), cur(G);
  for (double L : levels) {
    const double U = L + opt.tolerance;
    bool feasible = true;
    double a = 0;
    for (std::size_t g = 0; g < G && feasible; ++g) {
      const auto& r = opts[g].rate;
      lo[g] = static_cast<std::size_t>(std::lower_bound(r.begin(), r.end(), L - eps) - r.begin());
      hi[g] = static_cast<std::size_t>(std::upper_bound(r.begin(), r.end(), U + eps) - r.begin());
      if (lo[g] >= hi[g]) {
        feasible = false;
        break;
      }
      --hi[g];  // last option inside the band
      cur[g] = lo[g];
      a += opts[g].approved[cur[g]];
    }
    if (!feasible || a > budget) continue;
    // A move lowers a group's cut-off to its next option that adds goods (jumping over
    // options that add only bads, which would spend budget for nothing).
    auto next_move = [&](std::size_t g) {
      std::size_t k = cur[g] + 1;
      while (k <= hi[g] && !(opts[g].approved_good[k] > opts[g].approved_good[cur[g]])) ++k;
      return k;  // > hi[g]: no move left
    };
    std::vector<bool> closed(G, false);
    while (true) {
      std::size_t pick = G, pick_k = 0;
      double pick_share = -1;
      for (std::size_t g = 0; g < G; ++g) {
        if (closed[g]) continue;
        const std::size_t k = next_move(g);
        if (k > hi[g]) continue;
        const auto& o = opts[g];
        const double da = o.approved[k] - o.approved[cur[g]];
        const double dg = o.approved_good[k] - o.approved_good[cur[g]];
        const double share = dg / da;  // da >= dg > 0
        if (share > pick_share) {
          pick_share = share;
          pick = g;
          pick_k = k;
        }
      }
      if (pick == G) break;
      const double da = opts[pick].approved[pick_k] - opts[pick].approved[cur[pick]];
      if (a + da > budget) {
        closed[pick] = true;  // this group's next move does not fit; others' may
        continue;
      }
      a += da;
      cur[pick] = pick_k;
    }
    double goods = 0;
    for (std::size_t g = 0; g < G; ++g) goods += opts[g].approved_good[cur[g]];
    if (goods > best_goods + eps * total_w) {
      best_goods = goods;
      best = cur;
    }
  }
  cutoff_result<Real> res;
  res.names = groups.names();
  for (std::size_t g = 0; g < G; ++g) res.cutoffs.push_back(opts[g].cut[best[g]]);
  res.before = summarise(before);
  res.after = summarise(best);
  return res;
}

/// Group cut-offs for a table's rows (its target and weights) and `scores`.
template <parity_measure P = parity::approval_rate, class Real>
cutoff_result<Real> group_cutoffs(const table& t, const group_assignment& groups,
                                  std::span<const Real> scores, Real cutoff,
                                  const cutoff_options& opt = {}) {
  if (t.rows() != groups.rows())
    CREDO_THROW(invalid_input, "credo.fairness.length_mismatch",
                "the table has " + std::to_string(t.rows()) + " rows, the groups " +
                    std::to_string(groups.rows()));
  return group_cutoffs<P, Real>(groups, scores, t.target(), t.weights(), cutoff, opt);
}

}  // namespace credo::fairness
