// The scorecard workflow in one call: bin every column, select characteristics, fit the
// logistic regression on their WoE, scale the scorecard and keep its training score
// distribution (for later PSI). `credo fit`, `./dev demo` and examples/researcher.cpp use it;
// each step is also a public function of its own area for a workflow of one's own.
//
// Selection (Siddiqi 2017, ch. 6-7): characteristics with IV below `min_iv` are dropped, then
// of each pair of WoE columns correlated above `max_correlation` the weaker by IV; stepwise
// selection (by AIC, BIC or p-value) optionally follows. After the fit, a characteristic
// whose coefficient is positive (its WoE raising the PD, against its own bins' evidence) is
// dropped and the model refitted, as scorecard practice requires (Siddiqi 2017, ch. 7).
#pragma once

#include <credo/binning/woe_encoder.hpp>
#include <credo/core/error.hpp>
#include <credo/core/table.hpp>
#include <credo/metrics/score_histogram.hpp>
#include <credo/metrics/stability.hpp>
#include <credo/model/logistic_regression.hpp>
#include <credo/model/penalty.hpp>
#include <credo/model/scorecard.hpp>
#include <credo/model/selection.hpp>
#include <credo/model/solver.hpp>

#include <Eigen/Core>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <type_traits>
#include <variant>
#include <vector>

namespace credo::model {

enum class selection_method { none, iv, stepwise };
/// The penalty of the workflow's fit, one of the penalty policies with its weights
/// (penalty::l2{λ}, penalty::elastic_net{λ, α}); elastic net is fitted by coordinate
/// descent, the others by Newton (IRLS).
using penalty_choice = std::variant<penalty::none, penalty::l2, penalty::elastic_net>;

/// What fit_scorecard does, step by step; the defaults are a practitioner's.
struct scorecard_plan {
  binning::encoder_options binning;
  selection_method selection = selection_method::iv;
  double min_iv = 0.02;          ///< IV filter (selection iv and stepwise)
  double max_correlation = 0.7;  ///< |r| between WoE columns (selection iv and stepwise)
  stepwise_options stepwise;     ///< selection stepwise, after the two filters
  bool drop_positive = true;     ///< drop characteristics with a coefficient > 0 and refit
  penalty_choice penalty = penalty::none{};
  fit_options fit;
  scorecard_options scaling;
  std::size_t distribution_bands = 10;  ///< training score histogram kept for PSI
  /// The coefficients' Wald intervals are at level 1 − alpha (model_summary).
  double alpha = 0.05;
};

struct coefficient_row {
  std::string name;  ///< "(intercept)" or the characteristic
  double estimate = 0, std_error = 0, z = 0, p_value = 0;
  confidence_interval conf_int;             ///< Wald, estimate ± z_{1−α/2}·std_error
  double odds_ratio = 0;                    ///< exp(estimate)
  confidence_interval odds_ratio_conf_int;  ///< exp of conf_int
};

/// The fitted logistic model as plain numbers.
struct model_summary {
  fit_status status = fit_status::success;
  std::string message;
  std::vector<coefficient_row> coefficients;  ///< the intercept first
  double log_likelihood = 0, null_log_likelihood = 0, aic = 0, bic = 0, pseudo_r2 = 0;
  int iterations = 0;
  double nobs = 0;
  double alpha = 0.05;  ///< the coefficients' intervals are at level 1 − alpha
  double deviance = 0, null_deviance = 0;  ///< −2ℓ, −2ℓ₀
  likelihood_ratio_test lr_test;           ///< against the intercept-only model
  pseudo_r2_measures r2;                   ///< McFadden (= pseudo_r2), Cox–Snell, Nagelkerke
};

struct fitted_scorecard {
  binning::woe_encoder encoder;
  std::vector<std::string> selected;                       ///< the card's characteristics
  std::vector<selection_result::dropped_column> dropped;   ///< why each other column left
  model_summary model;
  scorecard<> card;
  std::vector<double> training_scores;
};

/// A histogram of scores over `bands` quantile bands, open at both ends, for
/// scorecard::set_score_distribution (the PSI reference of later data).
inline score_distribution distribution_of(std::span<const double> scores, std::size_t bands = 10) {
  const auto cuts = metrics::reference_cutoffs<double>(scores, {}, bands);
  score_distribution d;
  d.edges.push_back(-std::numeric_limits<double>::infinity());
  d.edges.insert(d.edges.end(), cuts.begin(), cuts.end());
  d.edges.push_back(std::numeric_limits<double>::infinity());
  d.counts.assign(d.edges.size() - 1, 0.0);
  for (double s : scores) {
    const auto it = std::upper_bound(d.edges.begin(), d.edges.end(), s);
    d.counts[static_cast<std::size_t>(it - d.edges.begin()) - 1] += 1;
  }
  return d;
}

/// The same histogram from the distinct scores of a metrics::score_histogram (its rows
/// counted unweighted, as above): what a streamed fit keeps instead of one score per row.
inline score_distribution distribution_of(const metrics::score_histogram<double>& scores, std::size_t bands = 10) {
  std::vector<double> distinct, rows;
  scores.for_each_distinct([&](double s, double, double, std::size_t bad_rows, std::size_t good_rows) {
    distinct.push_back(s);
    rows.push_back(static_cast<double>(bad_rows + good_rows));
  });
  const auto cuts = metrics::reference_cutoffs<double>(distinct, rows, bands);
  score_distribution d;
  d.edges.push_back(-std::numeric_limits<double>::infinity());
  d.edges.insert(d.edges.end(), cuts.begin(), cuts.end());
  d.edges.push_back(std::numeric_limits<double>::infinity());
  d.counts.assign(d.edges.size() - 1, 0.0);
  for (std::size_t i = 0; i < distinct.size(); ++i) {
    const auto it = std::upper_bound(d.edges.begin(), d.edges.end(), distinct[i]);
    d.counts[static_cast<std::size_t>(it - d.edges.begin()) - 1] += rows[i];
  }
  return d;
}

namespace detail {

template <class Model>
model_summary summarize(const Model& m, double alpha = 0.05) {
  model_summary s;
  s.alpha = alpha;
  s.status = m.info();
  s.message = m.message();
  s.iterations = m.iterations();
  if (!m.fitted()) return s;
  const auto names = m.param_names();
  const auto b = m.params();
  const auto se = m.std_errors();
  const auto z = m.z_values();
  const auto p = m.p_values();
  const auto ci = m.conf_int(alpha);
  const auto odds = m.odds_ratios();
  const auto odds_ci = m.odds_ratio_conf_int(alpha);
  for (std::size_t i = 0; i < names.size(); ++i) {
    const auto k = static_cast<Eigen::Index>(i);
    s.coefficients.push_back({names[i], static_cast<double>(b[k]), static_cast<double>(se[k]),
                              static_cast<double>(z[k]), static_cast<double>(p[k]),
                              {static_cast<double>(ci(k, 0)), static_cast<double>(ci(k, 1))},
                              static_cast<double>(odds[k]),
                              {static_cast<double>(odds_ci(k, 0)), static_cast<double>(odds_ci(k, 1))}});
  }
  s.log_likelihood = m.log_likelihood();
  s.null_log_likelihood = m.null_log_likelihood();
  s.aic = m.aic();
  s.bic = m.bic();
  s.pseudo_r2 = m.pseudo_r2();
  s.nobs = m.nobs();
  s.deviance = m.deviance();
  s.null_deviance = m.null_deviance();
  s.lr_test = m.lr_test();
  s.r2 = m.pseudo_r2_all();
  return s;
}

/// The logistic regression of a penalty choice: elastic net by coordinate descent, the others
/// by Newton (IRLS). fit(model) fits it and returns the summary.
template <class Fit>
model_summary with_penalty(const penalty_choice& choice, const fit_options& options, Fit&& fit, double alpha = 0.05) {
  return std::visit(
      [&]<class P>(const P& p) {
        using solver_type = std::conditional_t<std::is_same_v<P, penalty::elastic_net>, solver::coordinate_descent,
                                               solver::newton>;
        logistic_regression<double, P, solver_type> m(p, options);
        fit(m);
        return summarize(m, alpha);
      },
      choice);
}

/// Fits a penalty on X and returns the summary (coefficients by name).
inline model_summary fit_logistic(const Eigen::MatrixXd& x, std::span<const std::uint8_t> y,
                                  const std::vector<std::string>& names, const Eigen::VectorXd& w,
                                  const penalty_choice& choice, const fit_options& options,
                                  double alpha = 0.05) {
  return with_penalty(choice, options, [&](auto& m) { m.fit(x, y, names, w); }, alpha);
}

inline Eigen::MatrixXd columns_of(const Eigen::MatrixXd& x, const std::vector<std::string>& all,
                                  const std::vector<std::string>& chosen) {
  Eigen::MatrixXd out(x.rows(), static_cast<Eigen::Index>(chosen.size()));
  for (std::size_t j = 0; j < chosen.size(); ++j) {
    const auto it = std::find(all.begin(), all.end(), chosen[j]);
    out.col(static_cast<Eigen::Index>(j)) = x.col(static_cast<Eigen::Index>(it - all.begin()));
  }
  return out;
}

/// The steps of fit_scorecard after binning, over any source of the WoE columns (a table in
/// memory, or passes over a stream): correlation(chosen) gives the weighted correlation matrix
/// of the chosen columns; fit(chosen, penalty) the model_summary of a fit on them. Fills
/// f.dropped, f.selected, f.model and f.card from f.encoder's tables.
template <class Correlation, class FitColumns>
void select_and_fit(fitted_scorecard& f, const scorecard_plan& plan, Correlation&& correlation, FitColumns&& fit) {
  summary::normal_quantile(plan.alpha);  // credo.model.bad_alpha before any pass, not after the fits
  const auto& all = f.encoder.columns();
  std::map<std::string, double, std::less<>> iv;
  for (const auto& t : f.encoder.tables()) iv[t.column()] = t.iv();

  std::vector<std::string> chosen = all;
  auto take_result = [&](const selection_result& r) {
    chosen = r.kept;
    f.dropped.insert(f.dropped.end(), r.dropped.begin(), r.dropped.end());
  };
  if (plan.selection != selection_method::none) {
    take_result(iv_filter(iv, plan.min_iv));
    if (chosen.size() > 1) {
      std::map<std::string, double, std::less<>> iv_chosen;
      for (const auto& c : chosen) iv_chosen[c] = iv[c];
      take_result(correlation_filter_of(correlation(chosen), chosen, plan.max_correlation, by_iv(chosen, iv_chosen)));
    }
  }
  // Keep the encoder's column order.
  auto in_encoder_order = [&] {
    std::vector<std::string> ordered;
    for (const auto& c : all)
      if (std::find(chosen.begin(), chosen.end(), c) != chosen.end()) ordered.push_back(c);
    chosen = ordered;
  };
  if (plan.selection == selection_method::stepwise && !chosen.empty()) {
    auto so = plan.stepwise;
    so.fit = plan.fit;
    const auto r = stepwise_search(chosen, so, [&](const std::vector<bool>& cols) {
      std::vector<std::string> names;
      std::vector<std::size_t> idx;
      for (std::size_t j = 0; j < cols.size(); ++j)
        if (cols[j]) names.push_back(chosen[j]), idx.push_back(j);
      stepwise_fit out;
      const model_summary m = fit(names, penalty_choice(penalty::none{}));
      if (m.status != fit_status::success) return out;
      out.ok = true;
      out.value = so.criterion == stepwise_criterion::bic ? m.bic : m.aic;
      out.p_values.assign(cols.size(), std::numeric_limits<double>::quiet_NaN());
      for (std::size_t c = 0; c < idx.size(); ++c) out.p_values[idx[c]] = m.coefficients[c + 1].p_value;
      return out;
    });
    for (const auto& c : chosen)
      if (std::find(r.selected.begin(), r.selected.end(), c) == r.selected.end())
        f.dropped.push_back({c, "not selected by stepwise " + std::string(so.direction == stepwise_direction::forward
                                                                               ? "forward"
                                                                               : "backward") +
                                    " selection"});
    chosen = r.selected;
  }
  in_encoder_order();

  while (true) {
    if (chosen.empty())
      CREDO_THROW(invalid_input, "credo.workflow.no_characteristic",
                  "selection left no characteristic (IV filter at " + std::to_string(plan.min_iv) + ")");
    f.model = fit(chosen, plan.penalty);
    if (f.model.status != fit_status::success)
      CREDO_THROW(numeric_error, "credo.workflow.fit_failed", "the logistic fit failed: " + f.model.message);
    if (!plan.drop_positive) break;
    // WoE is positive for safe bins and the model predicts bad, so β_j should be negative;
    // drop the most positive one and refit.
    std::size_t worst = 0;
    double worst_beta = 0;
    for (std::size_t i = 1; i < f.model.coefficients.size(); ++i)
      if (f.model.coefficients[i].estimate > worst_beta) {
        worst_beta = f.model.coefficients[i].estimate;
        worst = i;
      }
    if (worst == 0) break;
    const std::string name = f.model.coefficients[worst].name;
    f.dropped.push_back({name, "positive coefficient " + std::to_string(worst_beta) +
                                   " in the multivariate fit (against its WoE)"});
    chosen.erase(std::find(chosen.begin(), chosen.end(), name));
  }
  f.selected = chosen;

  std::vector<binning::binning_table> tables;
  std::vector<double> beta;
  for (const auto& c : chosen) tables.push_back(f.encoder.table_of(c));
  for (std::size_t i = 1; i < f.model.coefficients.size(); ++i) beta.push_back(f.model.coefficients[i].estimate);
  f.card = scorecard<>::from_tables(tables, std::span<const double>(beta), f.model.coefficients[0].estimate,
                                    plan.scaling);
}

}  // namespace detail

/// Runs the plan on `train` (target needed; weights used when present). Throws the binning's
/// and the model's input errors; credo.workflow.no_characteristic when selection leaves
/// nothing; credo.workflow.fit_failed (with the solver's message) when the final fit fails.
/// fit_scorecard_stream (model/stream_workflow.hpp) runs the same steps over passes of a stream.
inline fitted_scorecard fit_scorecard(const table& train, const scorecard_plan& plan = {}) {
  fitted_scorecard f;
  f.encoder = binning::woe_encoder(plan.binning);
  f.encoder.fit(train);
  const auto& all = f.encoder.columns();
  const Eigen::MatrixXd x_all = f.encoder.transform(train);
  Eigen::VectorXd w;
  if (train.has_weights()) w = Eigen::Map<const Eigen::VectorXd>(train.weights().data(), static_cast<Eigen::Index>(train.rows()));
  detail::select_and_fit(
      f, plan,
      [&](const std::vector<std::string>& chosen) { return detail::correlation(detail::columns_of(x_all, all, chosen), w); },
      [&](const std::vector<std::string>& chosen, const penalty_choice& p) {
        return detail::fit_logistic(detail::columns_of(x_all, all, chosen), train.target(), chosen, w, p, plan.fit,
                                    plan.alpha);
      });
  for (const auto& r : f.card.score(train)) f.training_scores.push_back(static_cast<double>(r.score));
  f.card.set_score_distribution(distribution_of(f.training_scores, plan.distribution_bands));
  return f;
}

}  // namespace credo::model
