// Variable selection for a scorecard's logistic regression: an information-value filter, a
// pairwise correlation filter, variance inflation factors, and stepwise selection (forward
// or backward, by AIC, BIC or Wald p-value). Formulas and sources: docs/model.md.
#pragma once

#include <credo/core/error.hpp>
#include <credo/detail/text.hpp>
#include <credo/model/logistic_regression.hpp>

#include <Eigen/Core>
#include <Eigen/QR>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <functional>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace credo::model {

/// Which columns a filter kept (in order of preference) and why it dropped the others.
struct selection_result {
  struct dropped_column {
    std::string name;
    std::string reason;
  };
  std::vector<std::string> kept;
  std::vector<dropped_column> dropped;
};

namespace detail {

inline void check_names(Eigen::Index cols, const std::vector<std::string>& names) {
  if (static_cast<std::size_t>(cols) != names.size())
    CREDO_THROW(invalid_input, "credo.model.name_count",
                "X has " + std::to_string(cols) + " columns but " + std::to_string(names.size()) +
                    " names were given");
}

inline std::size_t column_of(const std::vector<std::string>& names, const std::string& name) {
  for (std::size_t j = 0; j < names.size(); ++j)
    if (names[j] == name) return j;
  CREDO_THROW(invalid_input, "credo.model.unknown_column", "no column " + credo::detail::quoted(name) + " in X");
}

/// Weighted correlation matrix of the columns of X (w empty: unweighted).
template <class Derived>
Eigen::MatrixXd correlation(const Eigen::MatrixBase<Derived>& x, const Eigen::VectorXd& w) {
  const Eigen::Index n = x.rows();
  const Eigen::VectorXd ww = w.size() == 0 ? Eigen::VectorXd::Ones(n) : w;
  const double total = ww.sum();
  Eigen::MatrixXd c = x.template cast<double>();
  const Eigen::RowVectorXd mean = (ww.transpose() * c) / total;
  c.rowwise() -= mean;
  Eigen::MatrixXd cov = c.transpose() * ww.asDiagonal() * c;
  const Eigen::VectorXd sd = cov.diagonal().cwiseSqrt();
  for (Eigen::Index i = 0; i < cov.rows(); ++i)
    for (Eigen::Index j = 0; j < cov.cols(); ++j) cov(i, j) /= sd[i] * sd[j];
  return cov;
}

}  // namespace detail

/// Keeps the columns whose information value is at least `min_iv` (and at most `max_iv`: an IV
/// above about 0.5 is "suspicious" in Siddiqi 2017, ch. 6), strongest first (ties by name).
/// Siddiqi's rule of thumb: < 0.02 unpredictive, 0.02-0.1 weak, 0.1-0.3 medium, > 0.3 strong.
inline selection_result iv_filter(const std::map<std::string, double, std::less<>>& iv, double min_iv = 0.02,
                                  double max_iv = std::numeric_limits<double>::infinity()) {
  std::vector<std::pair<std::string, double>> all(iv.begin(), iv.end());
  for (const auto& [name, v] : all)
    if (!std::isfinite(v) || v < 0)
      CREDO_THROW(invalid_input, "credo.model.bad_iv",
                  "column " + credo::detail::quoted(name) + ": IV " + credo::detail::format_general(v) +
                      " is not a finite number >= 0");
  std::stable_sort(all.begin(), all.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
  selection_result r;
  for (const auto& [name, v] : all) {
    if (v < min_iv)
      r.dropped.push_back(
          {name, "IV " + credo::detail::format_general(v) + " < " + credo::detail::format_general(min_iv)});
    else if (v > max_iv)
      r.dropped.push_back(
          {name, "IV " + credo::detail::format_general(v) + " > " + credo::detail::format_general(max_iv)});
    else
      r.kept.push_back(name);
  }
  return r;
}

/// Pairwise correlation filter. Goes through the columns in order of `priority` (strongest
/// first; every column of X must appear once) and keeps a column when its |Pearson r| with
/// every column kept so far is at most `max_abs_r`; otherwise drops it, naming the stronger
/// column it is correlated with. So of each pair above the threshold the weaker is dropped,
/// unless the stronger one was itself dropped already. Weights w (empty: none) weight the rows.
/// The correlation filter on a correlation matrix R of the named columns (a streamed fit
/// accumulates R over passes; see correlation_filter on X for the rule).
inline selection_result correlation_filter_of(const Eigen::MatrixXd& r, const std::vector<std::string>& names,
                                              double max_abs_r, const std::vector<std::string>& priority) {
  detail::check_names(r.cols(), names);
  if (!(max_abs_r >= 0 && max_abs_r <= 1))
    CREDO_THROW(invalid_input, "credo.model.bad_option",
                "correlation_filter: max_abs_r = " + credo::detail::format_general(max_abs_r) + " is outside [0, 1]");
  if (priority.size() != names.size())
    CREDO_THROW(invalid_input, "credo.model.bad_priority",
                "the priority names " + std::to_string(priority.size()) + " columns, X has " +
                    std::to_string(names.size()));
  std::vector<std::size_t> order;
  for (const auto& name : priority) order.push_back(detail::column_of(names, name));
  selection_result out;
  std::vector<std::size_t> kept;
  for (auto j : order) {
    std::optional<std::size_t> with;
    for (auto k : kept)
      if (std::abs(r(static_cast<Eigen::Index>(j), static_cast<Eigen::Index>(k))) > max_abs_r) {
        with = k;
        break;
      }
    if (with) {
      out.dropped.push_back({names[j], "|r| = " + credo::detail::format_general(std::abs(r(static_cast<Eigen::Index>(j),
                                                                                   static_cast<Eigen::Index>(*with)))) +
                                           " with " + credo::detail::quoted(names[*with]) + ", which ranks higher"});
    } else {
      kept.push_back(j);
      out.kept.push_back(names[j]);
    }
  }
  return out;
}

/// The order of `names` by information value, higher first (ties in the order of names);
/// every name needs an IV (credo.model.bad_priority).
inline std::vector<std::string> by_iv(const std::vector<std::string>& names,
                                      const std::map<std::string, double, std::less<>>& iv) {
  std::vector<std::string> priority = names;
  for (const auto& n : names)
    if (!iv.contains(n))
      CREDO_THROW(invalid_input, "credo.model.bad_priority", "column " + credo::detail::quoted(n) + " has no IV");
  std::stable_sort(priority.begin(), priority.end(),
                   [&](const std::string& a, const std::string& b) { return iv.find(a)->second > iv.find(b)->second; });
  return priority;
}

template <class Derived>
selection_result correlation_filter(const Eigen::MatrixBase<Derived>& x, const std::vector<std::string>& names,
                                    double max_abs_r, const std::vector<std::string>& priority,
                                    const Eigen::VectorXd& w = Eigen::VectorXd()) {
  detail::check_names(x.cols(), names);
  return correlation_filter_of(detail::correlation(x, w), names, max_abs_r, priority);  // it checks the options
}

/// The correlation filter with the columns ranked by information value (higher first, ties in
/// the order of X); every column of X needs an IV.
template <class Derived>
selection_result correlation_filter(const Eigen::MatrixBase<Derived>& x, const std::vector<std::string>& names,
                                    double max_abs_r, const std::map<std::string, double, std::less<>>& iv,
                                    const Eigen::VectorXd& w = Eigen::VectorXd()) {
  detail::check_names(x.cols(), names);
  return correlation_filter(x, names, max_abs_r, by_iv(names, iv), w);
}

/// Variance inflation factors: VIF_j = 1 / (1 - R_j^2), R_j^2 that of the least-squares
/// regression of column j on the other columns and an intercept (Belsley, Kuh & Welsch 1980;
/// statsmodels' variance_inflation_factor on add_constant(X)). Computed from the (weighted)
/// correlation matrix R as 1 - R_j^2 = 1 - r_j' R_{-j}^{-1} r_j, with a rank-revealing QR so that
/// an exact linear dependence gives +infinity instead of noise.
template <class Derived>
Eigen::VectorXd vif(const Eigen::MatrixBase<Derived>& x, const Eigen::VectorXd& w = Eigen::VectorXd()) {
  const Eigen::Index p = x.cols();
  if (x.rows() < 2) CREDO_THROW(invalid_input, "credo.model.no_rows", "VIF needs at least 2 rows");
  const Eigen::MatrixXd r = detail::correlation(x, w);
  Eigen::VectorXd out(p);
  for (Eigen::Index j = 0; j < p; ++j) {
    if (p == 1) {
      out[j] = 1;
      continue;
    }
    Eigen::MatrixXd others(p - 1, p - 1);
    Eigen::VectorXd rj(p - 1);
    for (Eigen::Index a = 0, ia = 0; a < p; ++a) {
      if (a == j) continue;
      rj[ia] = r(a, j);
      for (Eigen::Index b = 0, ib = 0; b < p; ++b) {
        if (b == j) continue;
        others(ia, ib++) = r(a, b);
      }
      ++ia;
    }
    Eigen::CompleteOrthogonalDecomposition<Eigen::MatrixXd> cod(others);
    cod.setThreshold(1e-12);
    const double resid = 1 - rj.dot(cod.solve(rj));
    out[j] = resid <= 1e-12 || !std::isfinite(resid) ? std::numeric_limits<double>::infinity() : 1 / resid;
  }
  return out;
}

/// Drops, one at a time, the column with the largest VIF while it exceeds max_vif (a common
/// cut-off is 5 or 10), recomputing the VIFs after each drop.
template <class Derived>
selection_result vif_filter(const Eigen::MatrixBase<Derived>& x, const std::vector<std::string>& names,
                            double max_vif = 5, const Eigen::VectorXd& w = Eigen::VectorXd()) {
  detail::check_names(x.cols(), names);
  std::vector<Eigen::Index> cols;
  for (Eigen::Index j = 0; j < x.cols(); ++j) cols.push_back(j);
  selection_result out;
  while (cols.size() > 1) {
    Eigen::MatrixXd sub(x.rows(), static_cast<Eigen::Index>(cols.size()));
    for (std::size_t c = 0; c < cols.size(); ++c) sub.col(static_cast<Eigen::Index>(c)) = x.col(cols[c]).template cast<double>();
    const Eigen::VectorXd v = vif(sub, w);
    Eigen::Index worst = 0;
    v.maxCoeff(&worst);
    if (!(v[worst] > max_vif)) break;
    out.dropped.push_back({names[static_cast<std::size_t>(cols[static_cast<std::size_t>(worst)])],
                           "VIF " + credo::detail::format_general(v[worst]) + " > " +
                               credo::detail::format_general(max_vif)});
    cols.erase(cols.begin() + worst);
  }
  for (auto c : cols) out.kept.push_back(names[static_cast<std::size_t>(c)]);
  return out;
}

// --- stepwise selection ------------------------------------------------------------------------

enum class stepwise_direction { forward, backward };
enum class stepwise_criterion { aic, bic, p_value };

/// Settings of stepwise(). Direction and criterion are run-time choices (they come from a
/// modelling plan, not from the code); each candidate model is a full logistic_regression fit.
struct stepwise_options {
  stepwise_direction direction = stepwise_direction::forward;
  stepwise_criterion criterion = stepwise_criterion::aic;
  /// p-value criterion: forward adds the candidate with the smallest Wald p-value if below
  /// p_enter; backward removes the column with the largest p-value if above p_remove.
  double p_enter = 0.05;
  double p_remove = 0.05;
  /// Columns always in the model (never added or removed by a step).
  std::vector<std::string> keep;
  /// The fits' settings.
  fit_options fit{};
};

struct stepwise_step {
  std::string name;    ///< the column added or removed
  bool added = false;  ///< true: added (forward), false: removed (backward)
  double value = 0;    ///< AIC or BIC of the model after the step, or the column's p-value
};

struct stepwise_result {
  std::vector<std::string> selected;  ///< the final model's columns, in the order of X
  std::vector<stepwise_step> path;
  double value = 0;                   ///< the final model's AIC or BIC (p-value criterion: its AIC)
};

/// One candidate model of a stepwise search: whether it was fitted, its AIC or BIC, and the
/// Wald p-value of each column (NaN for a column not in the model).
struct stepwise_fit {
  bool ok = false;
  double value = 0;
  std::vector<double> p_values;
};

/// The stepwise search of stepwise() over any way of fitting a candidate: fit(in) fits the
/// columns j with in[j] (plus the intercept) and returns a stepwise_fit. A streamed fit passes
/// one that runs its IRLS passes over the data; stepwise() one over the matrix X.
template <class Fit>
stepwise_result stepwise_search(const std::vector<std::string>& names, const stepwise_options& opt, Fit&& fit) {
  const auto p = static_cast<Eigen::Index>(names.size());
  std::vector<bool> in(static_cast<std::size_t>(p), opt.direction == stepwise_direction::backward);
  std::vector<bool> forced(static_cast<std::size_t>(p), false);
  for (const auto& k : opt.keep) {
    const auto j = detail::column_of(names, k);
    forced[j] = in[j] = true;
  }
  using fitted = stepwise_fit;
  stepwise_result out;
  fitted current = fit(in);
  if (!current.ok)
    CREDO_THROW(numeric_error, "credo.model.stepwise_start",
                std::string("stepwise: the starting model (") +
                    (opt.direction == stepwise_direction::forward ? "the kept columns" : "every column") +
                    ") cannot be fitted; check it with logistic_regression first");
  const bool forward = opt.direction == stepwise_direction::forward;
  while (true) {
    std::optional<std::size_t> best;
    fitted best_fit;
    double best_score = std::numeric_limits<double>::infinity();
    if (opt.criterion == stepwise_criterion::p_value && !forward) {
      // Backward by p-value: the current model's weakest removable column.
      double worst = -1;
      for (std::size_t j = 0; j < in.size(); ++j)
        if (in[j] && !forced[j] && current.p_values[j] > worst) worst = current.p_values[j], best = j;
      if (!best || !(worst > opt.p_remove)) break;
      in[*best] = false;
      const fitted next = fit(in);
      if (!next.ok) {
        in[*best] = true;
        break;
      }
      out.path.push_back({names[*best], false, worst});
      current = next;
      continue;
    }
    for (std::size_t j = 0; j < in.size(); ++j) {
      if (forced[j] || in[j] != !forward) continue;
      std::vector<bool> cand = in;
      cand[j] = forward;
      const fitted f = fit(cand);
      if (!f.ok) continue;
      const double score = opt.criterion == stepwise_criterion::p_value ? f.p_values[j] : f.value;
      if (score < best_score) best_score = score, best = j, best_fit = f;
    }
    if (!best) break;
    const bool improves = opt.criterion == stepwise_criterion::p_value ? best_score < opt.p_enter
                                                                       : best_score < current.value;
    if (!improves) break;
    in[*best] = forward;
    out.path.push_back({names[*best], forward, best_score});
    current = best_fit;
  }
  for (Eigen::Index j = 0; j < p; ++j)
    if (in[static_cast<std::size_t>(j)]) out.selected.push_back(names[static_cast<std::size_t>(j)]);
  out.value = current.value;
  return out;
}

/// Stepwise selection with the logistic log-likelihood: forward from `keep` (plus the
/// intercept) or backward from every column. By AIC or BIC a step takes the candidate that
/// lowers the criterion most and the search stops when none lowers it; by p-value it follows
/// p_enter / p_remove. A candidate whose fit does not succeed (separation, singular, no
/// convergence) is skipped. (Hosmer, Lemeshow & Sturdivant, "Applied Logistic Regression",
/// 3rd ed., 2013, sec. 4.3.)
template <class Derived>
stepwise_result stepwise(const Eigen::MatrixBase<Derived>& x, const Eigen::VectorXd& y,
                         const std::vector<std::string>& names, const stepwise_options& opt = {},
                         const Eigen::VectorXd& w = Eigen::VectorXd()) {
  detail::check_names(x.cols(), names);
  const Eigen::Index p = x.cols();
  return stepwise_search(names, opt, [&](const std::vector<bool>& cols) {
    std::vector<Eigen::Index> idx;
    std::vector<std::string> sub_names;
    for (Eigen::Index j = 0; j < p; ++j)
      if (cols[static_cast<std::size_t>(j)]) idx.push_back(j), sub_names.push_back(names[static_cast<std::size_t>(j)]);
    Eigen::MatrixXd sub(x.rows(), static_cast<Eigen::Index>(idx.size()));
    for (std::size_t c = 0; c < idx.size(); ++c) sub.col(static_cast<Eigen::Index>(c)) = x.col(idx[c]).template cast<double>();
    logistic_regression<double> m(opt.fit);
    stepwise_fit f;
    if (m.fit(sub, y, sub_names, w) != fit_status::success) return f;
    f.ok = true;
    f.value = opt.criterion == stepwise_criterion::bic ? m.bic() : m.aic();
    f.p_values.assign(static_cast<std::size_t>(p), std::numeric_limits<double>::quiet_NaN());
    const Eigen::VectorXd pv = m.p_values();
    for (std::size_t c = 0; c < idx.size(); ++c) f.p_values[static_cast<std::size_t>(idx[c])] = pv[static_cast<Eigen::Index>(c + 1)];
    return f;
  });
}

}  // namespace credo::model
