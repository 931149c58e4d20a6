// credo::model::logistic_regression: binary logistic regression (bad = 1) by Newton / IRLS
// with step halving, an unpenalised intercept, sample (frequency) weights, and ridge or
// elastic-net penalties. Formulas and sources: docs/model.md.
//
//   credo::model::logistic_regression<> m;               // double, penalty::none, solver::newton
//   if (m.fit(X, y, names) != credo::model::fit_status::success) std::cerr << m.message();
//   m.params(); m.std_errors(); m.p_values(); m.predict_proba(X_new);
//
// The fit is a loop over IRLS steps; each step's sufficient statistics (irls_statistics) are
// computed over row blocks on several threads and merged. Bad input throws credo::invalid_input
// with an id; a fit that cannot give an estimate (separation, a singular design) or does not
// converge reports it through info() and message(), as Eigen's decompositions do.
#pragma once

#include <credo/core/error.hpp>
#include <credo/core/table.hpp>
#include <credo/detail/enum_names.hpp>
#include <credo/detail/parallel.hpp>
#include <credo/detail/text.hpp>
#include <credo/fwd.hpp>
#include <credo/model/irls_statistics.hpp>
#include <credo/model/penalty.hpp>
#include <credo/model/solver.hpp>
#include <credo/model/summary.hpp>

#include <Eigen/Cholesky>
#include <Eigen/Core>
#include <boost/math/distributions/normal.hpp>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace credo::model {

/// How a fit ended (read with info(), explained by message()).
enum class fit_status {
  success,         ///< converged; the estimates are the optimum
  no_convergence,  ///< max_iter reached or step halving failed; estimates are the last iterate
  separation,      ///< a column separates the classes: the MLE does not exist; no estimates
  singular,        ///< collinear columns: X'WX is singular; no estimates
};

}  // namespace credo::model

template <>
struct credo::detail::enum_names<credo::model::fit_status> {
  using e = credo::model::fit_status;
  static constexpr enum_name<e> table[] = {
      {e::success, "success"}, {e::no_convergence, "no_convergence"}, {e::separation, "separation"},
      {e::singular, "singular"}};
};

namespace credo::model {

inline const char* to_string(fit_status s) noexcept { return credo::detail::name_of(s); }

/// Run-time settings of logistic_regression::fit.
struct fit_options {
  /// Most IRLS (Newton) iterations.
  int max_iter = 100;
  /// Convergence: an iteration whose step moves every coefficient by at most
  /// tolerance * (1 + |beta_j|) ends the fit (the step is applied). Newton converges
  /// quadratically, so the estimate is then accurate to about tolerance^2 (statsmodels' Logit
  /// uses max_j |step_j| < 1e-8).
  double tolerance = 1e-8;
  /// Most halvings of one step while the penalised objective does not decrease.
  int max_halvings = 30;
  /// Threads for the sufficient statistics of each step; 0: std::thread::hardware_concurrency().
  unsigned threads = 0;
  /// The rows are summed in blocks of this many, each block on one thread, and the blocks are
  /// merged in row order: floating-point sums are not associative, so a split that followed the
  /// thread count would change the last bits with it. Fixed blocks give the same bits with any
  /// number of threads. Data with fewer rows than this stays on one thread.
  std::size_t rows_per_block = 32768;
  /// A column whose 1 - R^2 on the earlier columns and the intercept (weighted, at the start
  /// of the fit) is below this is collinear with them (VIF above 1/singular_tolerance).
  double singular_tolerance = 1e-10;
  /// Look for a single column separating the classes before an unpenalised fit.
  bool check_separation = true;
  /// Once a step moves no coefficient by more than this (relative, as `tolerance`), the next
  /// steps reuse the last X'WX instead of recomputing it (a chord / simplified Newton step,
  /// which still converges, linearly at rate O(distance to the optimum)); the standard errors
  /// always come from X'WX recomputed at the final estimates. 0 recomputes it every step.
  double reuse_hessian_below = 1e-2;
  /// An unpenalised fit on at least 4 * warm_start_rows rows starts from a fit on about
  /// warm_start_rows evenly spaced rows and its X'WX (chord steps), which saves most passes
  /// over the data; the estimates are still those of all the rows. 0 turns this off.
  std::size_t warm_start_rows = 50000;
};

namespace detail {

inline std::string quoted_list(const std::vector<std::string>& names) {
  std::string s;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i > 0) s += i + 1 == names.size() ? " and " : ", ";
    s += names[i] == "" ? "the intercept" : credo::detail::quoted(names[i]);
  }
  return s;
}

/// Looks for linear dependence among the columns of a symmetric positive semi-definite
/// cross-product matrix A (intercept first): each column is regressed on the earlier independent
/// ones in the metric of A (Jacobi-scaled to unit diagonal), 1 - R^2 = A_jj - A_jS A_SS^-1 A_Sj.
/// Returns an explanation naming the first dependent column and those it depends on, or "".
inline std::string collinearity(const Eigen::MatrixXd& a, const std::vector<std::string>& names,
                                double tolerance) {
  const Eigen::Index k = a.rows();
  auto label = [&](Eigen::Index j) { return j == 0 ? std::string() : names[static_cast<std::size_t>(j - 1)]; };
  std::vector<Eigen::Index> kept;
  for (Eigen::Index j = 0; j < k; ++j) {
    if (!(a(j, j) > 0))
      return "column " + credo::detail::quoted(label(j)) + " is 0 in every row with a positive weight";
    if (kept.empty()) {
      kept.push_back(j);
      continue;
    }
    const auto m = static_cast<Eigen::Index>(kept.size());
    Eigen::MatrixXd ss(m, m);
    Eigen::VectorXd sj(m);
    for (Eigen::Index r = 0; r < m; ++r) {
      sj[r] = a(kept[r], j) / std::sqrt(a(kept[r], kept[r]) * a(j, j));
      for (Eigen::Index c = 0; c < m; ++c)
        ss(r, c) = a(kept[r], kept[c]) / std::sqrt(a(kept[r], kept[r]) * a(kept[c], kept[c]));
    }
    const Eigen::VectorXd coef = ss.ldlt().solve(sj);
    const double residual = 1 - sj.dot(coef);
    if (residual < tolerance) {
      std::vector<std::string> with;
      bool intercept = false;
      for (Eigen::Index r = 0; r < m; ++r)
        if (std::abs(coef[r]) > 1e-6) {
          if (kept[r] == 0) intercept = true;
          else with.push_back(label(kept[r]));
        }
      if (intercept) with.push_back("");
      if (with.size() == 1 && intercept)
        return "column " + credo::detail::quoted(label(j)) +
               " is constant, collinear with the intercept; drop it";
      return "column " + credo::detail::quoted(label(j)) + " is collinear with " + quoted_list(with) +
             " (1 - R^2 = " + credo::detail::format_general(std::max(residual, 0.0)) + "); drop one of them";
    }
    kept.push_back(j);
  }
  return "";
}

/// Inverse of a symmetric positive definite matrix after Jacobi scaling; NaN when it is not.
inline Eigen::MatrixXd spd_inverse(const Eigen::MatrixXd& a) {
  const Eigen::Index k = a.rows();
  Eigen::VectorXd s(k);
  for (Eigen::Index j = 0; j < k; ++j) {
    if (!(a(j, j) > 0)) return Eigen::MatrixXd::Constant(k, k, std::numeric_limits<double>::quiet_NaN());
    s[j] = 1 / std::sqrt(a(j, j));
  }
  Eigen::LDLT<Eigen::MatrixXd> ldlt(s.asDiagonal() * a * s.asDiagonal());
  if (ldlt.info() != Eigen::Success || !ldlt.isPositive() || ldlt.vectorD().minCoeff() <= 0)
    return Eigen::MatrixXd::Constant(k, k, std::numeric_limits<double>::quiet_NaN());
  return s.asDiagonal() * ldlt.solve(Eigen::MatrixXd::Identity(k, k)) * s.asDiagonal();
}

}  // namespace detail

/// Binary logistic regression, P(bad | x) = 1 / (1 + exp(-(beta_0 + x' beta))).
/// Real: the type of the input matrix and of the reported coefficients (float or double);
/// sums are kept in double either way. Penalty: a penalty_policy (penalty::none, l2,
/// elastic_net). Solver: a solver_policy (solver::newton, coordinate_descent).
/// The defaults are declared in credo/fwd.hpp.
template <class Real, class Penalty, class Solver>
class logistic_regression {
  static_assert(std::is_floating_point_v<Real>, "logistic_regression: Real must be float or double");
  static_assert(penalty_policy<Penalty>,
                "logistic_regression: Penalty must model credo::model::penalty_policy");
  static_assert(solver_policy<Solver>,
                "logistic_regression: Solver must model credo::model::solver_policy");

public:
  using real_type = Real;
  using penalty_type = Penalty;
  using solver_type = Solver;
  using matrix_type = Eigen::Matrix<Real, Eigen::Dynamic, Eigen::Dynamic>;
  using vector_type = Eigen::Matrix<Real, Eigen::Dynamic, 1>;

  /// The estimates of a fit as a model file keeps them (io::logistic_to_json). Vectors are
  /// intercept first; covariance is NaN where an l1 penalty left a coefficient at 0.
  struct fitted_parts {
    std::vector<std::string> names;
    fit_status status = fit_status::success;
    std::string message;
    int iterations = 0;
    Eigen::VectorXd params;
    Eigen::MatrixXd covariance;
    double log_likelihood = 0, null_log_likelihood = 0, nobs = 0;
    Eigen::Index n_parameters = 0;
    irls_statistics statistics;
  };

  logistic_regression() = default;
  explicit logistic_regression(Penalty penalty, fit_options options = {}, Solver solver = {})
      : penalty_(std::move(penalty)), options_(std::move(options)), solver_(std::move(solver)) {}
  explicit logistic_regression(fit_options options) : options_(std::move(options)) {}

  const Penalty& penalty() const noexcept { return penalty_; }
  const Solver& solver() const noexcept { return solver_; }
  fit_options& options() noexcept { return options_; }
  const fit_options& options() const noexcept { return options_; }

  /// Fits on X (rows x features, one name per column), target y (0 = good, 1 = bad) and
  /// frequency weights (empty: every row weighs 1; a weight of 2 counts the row twice).
  /// Throws credo::invalid_input for bad input (ids credo.model.*); otherwise returns info().
  fit_status fit(const Eigen::Ref<const matrix_type>& x, const Eigen::Ref<const vector_type>& y,
                 std::vector<std::string> names,
                 const Eigen::Ref<const vector_type>& weights = vector_type()) {
    const auto scan = validate(x, y, names, weights);
    fit_validated(x, y, std::move(names), weights, scan);
    return status_;
  }

  /// Fits on a target given as bytes (a credo::table's target()).
  fit_status fit(const Eigen::Ref<const matrix_type>& x, std::span<const std::uint8_t> y,
                 std::vector<std::string> names,
                 const Eigen::Ref<const vector_type>& weights = vector_type()) {
    vector_type yy(static_cast<Eigen::Index>(y.size()));
    for (std::size_t i = 0; i < y.size(); ++i) yy[static_cast<Eigen::Index>(i)] = static_cast<Real>(y[i]);
    return fit(x, yy, std::move(names), weights);
  }

  /// Fits on the numeric columns `columns` of a table, with its target and weights.
  fit_status fit(const table& t, const std::vector<std::string>& columns) {
    matrix_type x(static_cast<Eigen::Index>(t.rows()), static_cast<Eigen::Index>(columns.size()));
    for (std::size_t j = 0; j < columns.size(); ++j) {
      const auto v = t[columns[j]].values();
      for (std::size_t i = 0; i < v.size(); ++i)
        x(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) = static_cast<Real>(v[i]);
    }
    vector_type w(static_cast<Eigen::Index>(t.weights().size()));
    for (std::size_t i = 0; i < t.weights().size(); ++i) w[static_cast<Eigen::Index>(i)] = static_cast<Real>(t.weights()[i]);
    return fit(x, t.target(), columns, w);
  }

  /// The estimates of the last fit (credo.model.not_fitted without them).
  fitted_parts parts() const {
    const auto& e = estimates();
    return {names_, status_, message_, iterations_, e.params, e.covariance, e.loglik, e.null_loglik,
            e.weight_sum, e.k, e.statistics};
  }

  /// Puts estimates kept elsewhere (a model file) in place of the model's, as if a fit had
  /// made them; every accessor and prediction then gives what it gave for the fit that made
  /// them, bit for bit. Throws credo.model.bad_estimates, naming what does not fit, and then
  /// leaves the model as it was: status success or no_convergence (the others carry no
  /// estimates), k = features + 1 parameters everywhere, finite params, a k x k covariance,
  /// 1 <= n_parameters <= k, finite fit statistics.
  void restore(fitted_parts f) {
    const auto k = static_cast<Eigen::Index>(f.names.size()) + 1;
    auto bad = [](const std::string& why) { CREDO_THROW(invalid_input, "credo.model.bad_estimates", why); };
    if (f.status != fit_status::success && f.status != fit_status::no_convergence)
      bad(std::string("a fit with status ") + to_string(f.status) + " has no estimates");
    if (f.params.size() != k) bad(std::to_string(f.params.size()) + " parameters for " + std::to_string(k - 1) + " features and the intercept");
    if (!f.params.allFinite()) bad("a parameter is not finite");
    if (f.covariance.rows() != k || f.covariance.cols() != k) bad("the covariance is not " + std::to_string(k) + " x " + std::to_string(k));
    if (f.statistics.parameters() != k) bad("the statistics are for " + std::to_string(f.statistics.parameters()) + " parameters, not " + std::to_string(k));
    if (f.n_parameters < 1 || f.n_parameters > k) bad("n_parameters = " + std::to_string(f.n_parameters) + " is outside [1, " + std::to_string(k) + "]");
    if (!std::isfinite(f.log_likelihood) || !std::isfinite(f.null_log_likelihood) || !(f.nobs > 0) || !std::isfinite(f.nobs))
      bad("the log-likelihoods must be finite and nobs > 0");
    if (f.iterations < 0) bad("iterations = " + std::to_string(f.iterations) + " is negative");
    names_ = std::move(f.names);
    status_ = f.status;
    message_ = std::move(f.message);
    iterations_ = f.iterations;
    est_ = estimates_t{std::move(f.params), std::move(f.covariance), f.log_likelihood, f.null_log_likelihood, f.nobs,
                       f.n_parameters, std::move(f.statistics)};
    has_estimates_ = true;
  }

  // --- status -------------------------------------------------------------------------------

  /// How the last fit ended; success before any fit is not reported: see fitted().
  fit_status info() const noexcept { return status_; }
  /// Why: the iterations, or the separating / collinear column and what to do about it.
  const std::string& message() const noexcept { return message_; }
  /// True when estimates exist (a fit ended in success or no_convergence).
  bool fitted() const noexcept { return has_estimates_; }
  /// IRLS iterations of the last fit (each may include step halvings).
  int iterations() const noexcept { return iterations_; }

  // --- estimates (intercept first) ------------------------------------------------------------

  const std::vector<std::string>& feature_names() const noexcept { return names_; }
  /// "intercept" followed by the feature names: the order of params() and friends.
  std::vector<std::string> param_names() const {
    std::vector<std::string> n{"intercept"};
    n.insert(n.end(), names_.begin(), names_.end());
    return n;
  }
  vector_type params() const { return cast(estimates().params); }
  Real intercept() const { return static_cast<Real>(estimates().params[0]); }
  /// The slopes, in the order of the fitted columns.
  vector_type coefficients() const { return cast(estimates().params.tail(names_.size())); }
  /// The slope of the column called `name`.
  Real coefficient(std::string_view name) const {
    const auto& e = estimates();
    for (std::size_t j = 0; j < names_.size(); ++j)
      if (names_[j] == name) return static_cast<Real>(e.params[static_cast<Eigen::Index>(j + 1)]);
    CREDO_THROW(invalid_input, "credo.model.unknown_column",
                "no column " + credo::detail::quoted(name) + " in the model");
  }
  /// Covariance of the estimates: the inverse of the (penalised) observed information at the
  /// optimum, (X'WX + l2 * diag(0, 1, ..., 1))^-1; for an l1 penalty, on the non-zero
  /// coefficients only (NaN rows and columns for coefficients at exactly 0). docs/model.md.
  matrix_type covariance() const { return estimates().covariance.template cast<Real>(); }
  /// Square roots of the covariance's diagonal.
  vector_type std_errors() const { return cast(estimates().covariance.diagonal().cwiseSqrt()); }
  /// Wald z = beta_j / se_j.
  vector_type z_values() const { return cast(z_double()); }
  /// Two-sided Wald p-values 2 (1 - Phi(|z|)), Phi the standard normal CDF (Boost.Math).
  vector_type p_values() const {
    const Eigen::VectorXd z = z_double();
    Eigen::VectorXd p(z.size());
    const boost::math::normal_distribution<double> normal;
    for (Eigen::Index j = 0; j < z.size(); ++j)
      p[j] = std::isnan(z[j]) ? z[j] : 2 * boost::math::cdf(boost::math::complement(normal, std::abs(z[j])));
    return cast(p);
  }

  // --- fit statistics --------------------------------------------------------------------------

  /// Weighted log-likelihood sum_i w_i (y_i eta_i - log(1 + exp(eta_i))) at the estimates.
  double log_likelihood() const { return estimates().loglik; }
  /// Log-likelihood of the intercept-only model, p = sum w y / sum w.
  double null_log_likelihood() const { return estimates().null_loglik; }
  /// Parameters counted by AIC and BIC: the intercept plus the slopes (for an l1 penalty, the
  /// slopes not at exactly 0).
  Eigen::Index n_parameters() const { return estimates().k; }
  /// Observations: the sum of the frequency weights (the row count without weights).
  double nobs() const { return estimates().weight_sum; }
  /// AIC = -2 loglik + 2 k (Akaike 1974).
  double aic() const { return -2 * log_likelihood() + 2 * static_cast<double>(n_parameters()); }
  /// BIC = -2 loglik + k ln(n), n = nobs() (Schwarz 1978).
  double bic() const {
    return -2 * log_likelihood() + static_cast<double>(n_parameters()) * std::log(nobs());
  }
  /// McFadden's pseudo R^2 = 1 - loglik / loglik_null (McFadden 1974).
  double pseudo_r2() const { return 1 - log_likelihood() / null_log_likelihood(); }
  /// The sufficient statistics at the estimates (X'WX, score, ...), e.g. for score tests.
  const irls_statistics& statistics() const { return estimates().statistics; }

  // --- summary (model/summary.hpp; statsmodels' Logit summary, Stata's logit) ----------------

  /// Wald intervals β_j ± z_{1−α/2}·se_j, one row per parameter (intercept first), columns
  /// lower and upper: statsmodels' conf_int(alpha). NaN where se_j is NaN (l1 zeros).
  /// Throws credo.model.bad_alpha unless 0 < alpha < 1.
  Eigen::Matrix<Real, Eigen::Dynamic, 2> conf_int(double alpha = 0.05) const {
    const auto& e = estimates();
    const double z = summary::normal_quantile(alpha);
    Eigen::Matrix<Real, Eigen::Dynamic, 2> ci(e.params.size(), 2);
    for (Eigen::Index j = 0; j < e.params.size(); ++j) {
      const double h = z * std::sqrt(e.covariance(j, j));
      ci(j, 0) = static_cast<Real>(e.params[j] - h);
      ci(j, 1) = static_cast<Real>(e.params[j] + h);
    }
    return ci;
  }
  /// Odds ratios exp(β_j), intercept first (the intercept's is the odds of bad at x = 0).
  vector_type odds_ratios() const { return cast(estimates().params.array().exp().matrix()); }
  /// The odds ratios' intervals exp(lower), exp(upper) of conf_int(alpha).
  Eigen::Matrix<Real, Eigen::Dynamic, 2> odds_ratio_conf_int(double alpha = 0.05) const {
    const auto& e = estimates();
    const double z = summary::normal_quantile(alpha);
    Eigen::Matrix<Real, Eigen::Dynamic, 2> ci(e.params.size(), 2);
    for (Eigen::Index j = 0; j < e.params.size(); ++j) {
      const auto c = summary::odds_ratio_interval(
          {e.params[j] - z * std::sqrt(e.covariance(j, j)), e.params[j] + z * std::sqrt(e.covariance(j, j))});
      ci(j, 0) = static_cast<Real>(c.lower);
      ci(j, 1) = static_cast<Real>(c.upper);
    }
    return ci;
  }
  /// Deviance −2ℓ (weighted: Σ wᵢ dᵢ², statsmodels' GLM deviance with freq_weights).
  double deviance() const { return summary::deviance(log_likelihood()); }
  /// Deviance of the intercept-only model, −2ℓ₀.
  double null_deviance() const { return summary::deviance(null_log_likelihood()); }
  /// Likelihood-ratio test against the intercept-only model: 2(ℓ − ℓ₀) on n_parameters() − 1
  /// degrees of freedom, its χ² p-value (statsmodels' llr, df_model, llr_pvalue). For a
  /// penalised fit ℓ is at the penalised estimates and the test is only indicative.
  likelihood_ratio_test lr_test() const {
    return summary::lr_test(log_likelihood(), null_log_likelihood(), static_cast<double>(n_parameters() - 1));
  }
  /// McFadden's, Cox–Snell's and Nagelkerke's R², n = nobs() (summary::pseudo_r2).
  pseudo_r2_measures pseudo_r2_all() const { return summary::pseudo_r2(log_likelihood(), null_log_likelihood(), nobs()); }
  /// Cox–Snell's R² = 1 − exp(2(ℓ₀ − ℓ)/n) (Cox & Snell 1989).
  double cox_snell_r2() const { return pseudo_r2_all().cox_snell; }
  /// Nagelkerke's R² = Cox–Snell / (1 − exp(2ℓ₀/n)) (Nagelkerke 1991).
  double nagelkerke_r2() const { return pseudo_r2_all().nagelkerke; }

  /// Pearson residuals (y_i − p_i)/√(p_i(1 − p_i)) of the rows of X with targets y (0/1), as
  /// statsmodels' GLM resid_pearson; a row's weight does not enter its residual. Throws
  /// credo.model.column_count, credo.model.row_count (y's length) and
  /// credo.model.target_not_binary (the row).
  vector_type pearson_residuals(const Eigen::Ref<const matrix_type>& x, const Eigen::Ref<const vector_type>& y) const {
    return residuals(x, y, &summary::pearson_residual);
  }
  /// Deviance residuals sign(y_i − p_i)·√(−2[y_i ln p_i + (1 − y_i) ln(1 − p_i)]), as
  /// statsmodels' GLM resid_deviance; Σ w_i d_i² = deviance() on the fitted rows.
  vector_type deviance_residuals(const Eigen::Ref<const matrix_type>& x, const Eigen::Ref<const vector_type>& y) const {
    return residuals(x, y, &summary::deviance_residual);
  }

  // --- prediction ------------------------------------------------------------------------------

  /// Log-odds of bad, beta_0 + x' beta, per row of X. A NaN in a row gives NaN for that row.
  vector_type decision_function(const Eigen::Ref<const matrix_type>& x) const {
    vector_type out(x.rows());
    predict_rows(x, false, out);
    return out;
  }
  /// P(bad) = 1 / (1 + exp(-log-odds)) per row of X.
  vector_type predict_proba(const Eigen::Ref<const matrix_type>& x) const {
    vector_type out(x.rows());
    predict_rows(x, true, out);
    return out;
  }
  /// decision_function into the caller's vector of x.rows() entries: a service that scores batch
  /// after batch keeps one buffer and allocates (and page-faults) nothing per batch.
  void decision_function(const Eigen::Ref<const matrix_type>& x, Eigen::Ref<vector_type> out) const {
    predict_rows(x, false, out);
  }
  /// predict_proba into the caller's vector of x.rows() entries.
  void predict_proba(const Eigen::Ref<const matrix_type>& x, Eigen::Ref<vector_type> out) const {
    predict_rows(x, true, out);
  }

public:
  /// Per column of X: whether every value is finite, and the extremes of each class (rows of
  /// weight 0 left out); fit_rows' separation check reads it.
  struct column_summary {
    bool finite;
    double min_bad, max_bad, min_good, max_good;
  };

private:

  struct estimates_t {
    Eigen::VectorXd params;
    Eigen::MatrixXd covariance;
    double loglik = 0, null_loglik = 0, weight_sum = 0;
    Eigen::Index k = 0;
    irls_statistics statistics;
  };

  template <class V>
  static vector_type cast(const V& v) {
    return v.template cast<Real>();
  }

  const estimates_t& estimates() const {
    if (!has_estimates_) {
      if (message_.empty())
        CREDO_THROW(logic_error, "credo.model.not_fitted", "the model has not been fitted; call fit()");
      CREDO_THROW(logic_error, "credo.model.not_fitted",
                  std::string("the last fit ended with status ") + to_string(status_) +
                      " and has no estimates: " + message_);
    }
    return est_;
  }

  vector_type residuals(const Eigen::Ref<const matrix_type>& x, const Eigen::Ref<const vector_type>& y,
                        double (*residual)(double, bool)) const {
    if (y.size() != x.rows())
      CREDO_THROW(invalid_input, "credo.model.row_count",
                  "the target has " + std::to_string(y.size()) + " rows, X " + std::to_string(x.rows()));
    for (Eigen::Index i = 0; i < y.size(); ++i)
      if (!(y[i] == 0 || y[i] == 1))
        CREDO_THROW(invalid_input, "credo.model.target_not_binary",
                    "target, row " + std::to_string(i) + ": " +
                        credo::detail::format_general(static_cast<double>(y[i])) + " is neither 0 (good) nor 1 (bad)");
    const auto& e = estimates();
    if (x.cols() != static_cast<Eigen::Index>(names_.size()))
      CREDO_THROW(invalid_input, "credo.model.column_count",
                  "X has " + std::to_string(x.cols()) + " columns, the model " + std::to_string(names_.size()));
    // η in double whatever Real (predict's order of the sums), so a float model's residuals
    // lose no digits to a float η.
    Eigen::VectorXd eta(x.rows());
    detail::linear_predictor(x, e.params, 0, x.rows(), 0, eta);
    vector_type out(x.rows());
    for (Eigen::Index i = 0; i < x.rows(); ++i) out[i] = static_cast<Real>(residual(eta[i], y[i] == 1));
    return out;
  }

  Eigen::VectorXd z_double() const {
    const auto& e = estimates();
    return e.params.cwiseQuotient(e.covariance.diagonal().cwiseSqrt());
  }

  /// Checks the options and the input (throws credo::invalid_input) and returns the scan of
  /// X's columns.
  std::vector<column_summary> validate(const Eigen::Ref<const matrix_type>& x, const Eigen::Ref<const vector_type>& y,
                                       const std::vector<std::string>& names,
                                       const Eigen::Ref<const vector_type>& w) const {
    penalty_.validate();
    if (options_.max_iter < 1 || !(options_.tolerance > 0) || options_.max_halvings < 0)
      CREDO_THROW(invalid_input, "credo.model.bad_option",
                  "fit_options: max_iter must be >= 1, tolerance > 0 and max_halvings >= 0");
    if (x.rows() == 0) CREDO_THROW(invalid_input, "credo.model.no_rows", "X has no rows");
    if (static_cast<std::size_t>(x.cols()) != names.size())
      CREDO_THROW(invalid_input, "credo.model.name_count",
                  "X has " + std::to_string(x.cols()) + " columns but " +
                      std::to_string(names.size()) + " names were given");
    if (y.size() != x.rows())
      CREDO_THROW(invalid_input, "credo.model.row_count",
                  "the target has " + std::to_string(y.size()) + " rows, X " + std::to_string(x.rows()));
    if (w.size() != 0 && w.size() != x.rows())
      CREDO_THROW(invalid_input, "credo.model.row_count",
                  "the weights have " + std::to_string(w.size()) + " rows, X " + std::to_string(x.rows()));
    for (Eigen::Index i = 0; i < y.size(); ++i)
      if (!(y[i] == 0 || y[i] == 1))
        CREDO_THROW(invalid_input, "credo.model.target_not_binary",
                    "target, row " + std::to_string(i) + ": " +
                        credo::detail::format_general(static_cast<double>(y[i])) + " is neither 0 (good) nor 1 (bad)");
    for (Eigen::Index i = 0; i < w.size(); ++i)
      if (!(std::isfinite(w[i]) && w[i] >= 0))
        CREDO_THROW(invalid_input, "credo.model.bad_weight",
                    "weight, row " + std::to_string(i) + ": " +
                        credo::detail::format_general(static_cast<double>(w[i])) + " is not a finite number >= 0");
    auto scan = scan_columns(x, y, w);
    for (Eigen::Index j = 0; j < x.cols(); ++j) {
      if (scan[static_cast<std::size_t>(j)].finite) continue;
      const auto col = x.col(j);
      for (Eigen::Index i = 0; i < x.rows(); ++i)
        if (!std::isfinite(col[i]))
          CREDO_THROW(invalid_input, "credo.model.not_finite",
                      "X row " + std::to_string(i) + ", column " +
                          credo::detail::quoted(names[static_cast<std::size_t>(j)]) + ": " +
                          credo::detail::format_general(static_cast<double>(col[i])) + " is not a finite number");
    }
    double bad = 0, good = 0;
    for (Eigen::Index i = 0; i < y.size(); ++i) {
      const double wi = w.size() == 0 ? 1.0 : static_cast<double>(w[i]);
      (y[i] == 1 ? bad : good) += wi;
    }
    if (bad == 0 || good == 0)
      CREDO_THROW(invalid_input, "credo.model.single_class",
                  std::string("every row with a positive weight is ") + (bad == 0 ? "good" : "bad") +
                      "; a logistic regression needs both classes");
    return scan;
  }

  /// One sweep over X, the rows in blocks shared among threads: per column, whether every
  /// value is finite and the extremes of each class (rows of weight 0 left out). Validation
  /// and the separation check share it, so X is read once for both.
  std::vector<column_summary> scan_columns(const Eigen::Ref<const matrix_type>& x,
                                           const Eigen::Ref<const vector_type>& y,
                                           const Eigen::Ref<const vector_type>& w) const {
    constexpr double inf = std::numeric_limits<double>::infinity();
    constexpr Eigen::Index block = 4096;
    const Eigen::Index n = x.rows();
    const auto p = static_cast<std::size_t>(x.cols());
    const column_summary empty{true, inf, -inf, inf, -inf};
    // Per block and column, plain vectorised reductions: sum(0 * v) is 0 exactly when every v
    // is finite (0 * inf and 0 * NaN are NaN); a row outside a class has +inf added (for the
    // minimum) or subtracted (for the maximum), so it cannot be chosen. Minima and maxima are
    // exact, so merging the blocks in any order gives the same result.
    const auto blocks = static_cast<std::size_t>((n + block - 1) / block);
    std::vector<column_summary> part(blocks * p, empty);
    run_tasks(blocks, [&](std::size_t task) {
      const Eigen::Index s = static_cast<Eigen::Index>(task) * block, m = std::min(block, n - s);
      Eigen::ArrayXd off_bad(m), off_good(m);
      for (Eigen::Index i = 0; i < m; ++i) {
        const bool counts = w.size() == 0 || w[s + i] > 0, bad = y[s + i] == 1;
        off_bad[i] = counts && bad ? 0.0 : inf;
        off_good[i] = counts && !bad ? 0.0 : inf;
      }
      for (std::size_t j = 0; j < p; ++j) {
        const auto v = x.col(static_cast<Eigen::Index>(j)).segment(s, m).template cast<double>().array();
        part[task * p + j] = {(0.0 * v).sum() == 0, (v + off_bad).minCoeff(), (v - off_bad).maxCoeff(),
                              (v + off_good).minCoeff(), (v - off_good).maxCoeff()};
      }
    });
    std::vector<column_summary> scan(p, empty);
    for (std::size_t b = 0; b < blocks; ++b)
      for (std::size_t j = 0; j < p; ++j) {
        const column_summary& q = part[b * p + j];
        column_summary& e = scan[j];
        e = {e.finite && q.finite, std::min(e.min_bad, q.min_bad), std::max(e.max_bad, q.max_bad),
             std::min(e.min_good, q.min_good), std::max(e.max_good, q.max_good)};
      }
    return scan;
  }

  /// The first column whose values alone separate bads from goods (quasi-complete separation:
  /// max over goods <= min over bads or the reverse, the column not constant), or "".
  /// Then no finite maximum-likelihood estimate exists (Albert & Anderson 1984).
  static std::string separation(const std::vector<column_summary>& scan, const std::vector<std::string>& names) {
    for (std::size_t j = 0; j < scan.size(); ++j) {
      const double min_bad = scan[j].min_bad, max_bad = scan[j].max_bad, min_good = scan[j].min_good,
                   max_good = scan[j].max_good;
      if (std::min(min_bad, min_good) == std::max(max_bad, max_good)) continue;  // constant
      const auto& name = names[j];
      const bool up = max_good <= min_bad, down = max_bad <= min_good;
      if (!up && !down) continue;
      using credo::detail::format_general;
      const std::string how =
          up ? "every bad row has " + name + " >= " + format_general(min_bad) + " and every good row " + name +
                   " <= " + format_general(max_good)
             : "every bad row has " + name + " <= " + format_general(max_bad) + " and every good row " + name +
                   " >= " + format_general(min_good);
      return "column " + credo::detail::quoted(name) + " separates the classes (" + how +
             "): the maximum-likelihood estimate does not exist; drop or re-bin the column, or "
             "fit with penalty::l2";
    }
    return "";
  }

  unsigned thread_count(std::size_t blocks) const {
    return credo::detail::thread_count(options_.threads, blocks);
  }


  /// The log-odds (or P(bad)) of every row of X, in blocks of rows shared among threads
  /// (options().threads); P from detail::logistic, which never overflows. Each row is computed
  /// the same way whatever the thread count.
  void predict_rows(const Eigen::Ref<const matrix_type>& x, bool probability, Eigen::Ref<vector_type> out) const {
    const auto& e = estimates();
    if (x.cols() != static_cast<Eigen::Index>(names_.size()))
      CREDO_THROW(invalid_input, "credo.model.column_count",
                  "X has " + std::to_string(x.cols()) + " columns, the model " +
                      std::to_string(names_.size()));
    if (out.size() != x.rows())
      CREDO_THROW(invalid_input, "credo.model.output_size",
                  "the output has " + std::to_string(out.size()) + " entries, X " +
                      std::to_string(x.rows()) + " rows");
    constexpr Eigen::Index block = 8192, blocks_per_task = 2;
    const Eigen::Index n = x.rows(), rows_per_task = block * blocks_per_task;
    run_tasks(static_cast<std::size_t>((n + rows_per_task - 1) / rows_per_task), [&](std::size_t task) {
      const Eigen::Index first = static_cast<Eigen::Index>(task) * rows_per_task,
                         last = std::min(n, first + rows_per_task);
      Eigen::VectorXd eta(block);
      Eigen::ArrayXd t(block), p(block);
      for (Eigen::Index s = first; s < last; s += block) {
        const Eigen::Index m = std::min(block, last - s);
        detail::linear_predictor(x, e.params, s, m, std::min(block, last - s - m), eta);
        if (probability) {
          detail::logistic(eta.head(m).array(), t.head(m), p.head(m));
          out.segment(s, m) = p.head(m).matrix().template cast<Real>();
        } else {
          out.segment(s, m) = eta.head(m).template cast<Real>();
        }
      }
    });
  }

  /// Runs task(i) for every i in [0, tasks) on thread_count(tasks) threads, in contiguous
  /// parts (credo::detail::run_items: the lowest part's exception is rethrown).
  template <class Task>
  void run_tasks(std::size_t tasks, const Task& task) const {
    credo::detail::run_items(tasks, thread_count(tasks), task);
  }

  /// One pass over the rows: the IRLS statistics at beta. Rows are summed in fixed blocks of
  /// options_.rows_per_block, the blocks shared among threads and merged in block order, so the
  /// result is bit-identical whatever the thread count.
  irls_statistics pass(const Eigen::Ref<const matrix_type>& x, const Eigen::Ref<const vector_type>& y,
                       const Eigen::Ref<const vector_type>& w, const Eigen::VectorXd& beta,
                       bool hessian = true) const {
    const auto n = static_cast<std::size_t>(x.rows());
    const auto block = std::max<std::size_t>(1, options_.rows_per_block);
    const std::size_t blocks = std::max<std::size_t>(1, (n + block - 1) / block);
    std::vector<irls_statistics> parts(blocks, irls_statistics(beta.size()));
    auto add_block = [&](std::size_t b) {
      const std::size_t first = b * block, last = std::min(n, first + block);
      parts[b].add_rows(x, y, w, beta, static_cast<Eigen::Index>(first),
                        static_cast<Eigen::Index>(last - first), hessian);
    };
    run_tasks(blocks, add_block);
    for (std::size_t b = 1; b < blocks; ++b) parts[0] += parts[b];
    return std::move(parts[0]);
  }

  /// For an unpenalised fit on many rows: the estimates and X'WX (scaled to all the rows) of a
  /// fit on about warm_start_rows rows spread evenly, or nothing when that fit fails. Newton
  /// from there needs fewer passes over all the rows, and X'WX can be reused (chord steps).
  /// The sample is only a starting point: the fit on all rows decides the estimates.
  std::optional<std::pair<Eigen::VectorXd, Eigen::MatrixXd>> warm_start(
      const Eigen::Ref<const matrix_type>& x, const Eigen::Ref<const vector_type>& y,
      const Eigen::Ref<const vector_type>& w, double weight_sum) const {
    const Eigen::Index step = warm_start_step(static_cast<double>(x.rows()));
    if (step == 0) return std::nullopt;
    std::vector<Eigen::Index> rows;
    for (Eigen::Index r0 = 0; r0 < x.rows(); r0 += step * warm_start_run)
      for (Eigen::Index i = r0; i < std::min(r0 + warm_start_run, x.rows()); ++i) rows.push_back(i);
    const auto m = static_cast<Eigen::Index>(rows.size());
    matrix_type xs(m, x.cols());
    vector_type ys(m), ws(w.size() == 0 ? 0 : m);
    for (Eigen::Index j = 0; j < x.cols(); ++j)
      for (Eigen::Index i = 0; i < m; ++i) xs(i, j) = x(rows[static_cast<std::size_t>(i)], j);
    for (Eigen::Index i = 0; i < m; ++i) {
      ys[i] = y[rows[static_cast<std::size_t>(i)]];
      if (w.size() != 0) ws[i] = w[rows[static_cast<std::size_t>(i)]];
    }
    return warm_start_from_sample(xs, ys, ws, weight_sum);
  }

public:
  /// The warm start's sample of n rows (see warm_start): every step-th run of warm_start_run
  /// consecutive rows, step = n / warm_start_rows; 0 (no warm start) below 4 · warm_start_rows
  /// rows. A stream takes the runs from the start of each shard, so one shard samples fit()'s
  /// rows. Every s-th run of 8 rows rather than single rows: a run is one cache line of a
  /// column of doubles, so the sample reads 1/s of X where single rows would touch most lines.
  static constexpr Eigen::Index warm_start_run = 8;
  Eigen::Index warm_start_step(double n) const {
    const auto sample = static_cast<double>(options_.warm_start_rows);
    if (sample == 0 || n < 4 * sample) return 0;
    return static_cast<Eigen::Index>(n / sample);
  }

  /// The warm start from sampled rows (xs, ys, ws) of rows whose weights sum to weight_sum:
  /// the sample's estimates and its X'WX scaled to all the rows, or nothing when the sample's
  /// fit fails.
  std::optional<std::pair<Eigen::VectorXd, Eigen::MatrixXd>> warm_start_from_sample(
      const Eigen::Ref<const matrix_type>& xs, const Eigen::Ref<const vector_type>& ys,
      const Eigen::Ref<const vector_type>& ws, double weight_sum) const {
    fit_options o = options_;
    o.warm_start_rows = 0;
    o.check_separation = false;
    // The sample's own estimates differ from the full data's by their sampling error (~1e-2
    // relative); solving the sample more finely than 1e-3 only costs passes.
    o.tolerance = 1e-3;
    // Blocks small enough to share the sample evenly among threads (a fixed size still, so the
    // bits do not depend on the thread count).
    o.rows_per_block = std::min<std::size_t>(o.rows_per_block, 8192);
    logistic_regression sub(penalty_, o, solver_);
    try {
      if (sub.fit(xs, ys, names_, ws) != fit_status::success) return std::nullopt;
    } catch (const invalid_input&) {  // e.g. a single class in the sample
      return std::nullopt;
    }
    return std::pair{sub.est_.params, Eigen::MatrixXd(sub.est_.statistics.xtwx() * (weight_sum / sub.est_.weight_sum))};
  }

private:
  /// Between chord steps, the X'WX in use learns the curvature along the last step: with the
  /// step s and the change of the score y = score(beta) - score(beta + s) (= X'WX s on
  /// average over the step), the BFGS update H + y y'/y's - H s s'H/s'Hs (Nocedal & Wright
  /// 2006, eq. 6.19) makes H s = y and keeps H positive definite when y's > 0, which holds
  /// for the convex log-likelihood. The error of chord steps shrinks fastest along a few
  /// directions, and these are the ones the update corrects, so fewer passes are needed.
  static void secant_update(Eigen::MatrixXd& h, const Eigen::VectorXd& step, const Eigen::VectorXd& change) {
    const double ys = change.dot(step);
    const Eigen::VectorXd hs = h * step;
    const double shs = step.dot(hs);
    if (!(ys > 0) || !(shs > 0)) return;
    h.noalias() += change * change.transpose() / ys - hs * hs.transpose() / shs;
  }

  /// The convergence measure of a step: max_j |next_j - beta_j| / (1 + |next_j|).
  static double relative_change(const Eigen::VectorXd& beta, const Eigen::VectorXd& next) {
    double change = 0;
    for (Eigen::Index j = 0; j < beta.size(); ++j)
      change = std::max(change, std::abs(next[j] - beta[j]) / (1 + std::abs(next[j])));
    return change;
  }

  double objective(const irls_statistics& s, const Eigen::VectorXd& beta) const {
    return -s.loglik() + penalty_.value(beta.tail(beta.size() - 1));
  }

  /// The rows of an in-memory fit, as fit_rows reads them.
  struct memory_rows {
    const logistic_regression& fit;
    const Eigen::Ref<const matrix_type>& x;
    const Eigen::Ref<const vector_type>& y;
    const Eigen::Ref<const vector_type>& w;

    Eigen::Index columns() const { return x.cols(); }
    void totals(double& bad, double& all) const {
      bad = all = 0;
      for (Eigen::Index i = 0; i < y.size(); ++i) {
        const double wi = w.size() == 0 ? 1.0 : static_cast<double>(w[i]);
        bad += wi * static_cast<double>(y[i]);
        all += wi;
      }
    }
    irls_statistics pass(const Eigen::VectorXd& beta, bool hessian) const { return fit.pass(x, y, w, beta, hessian); }
    std::optional<std::pair<Eigen::VectorXd, Eigen::MatrixXd>> warm_start(double weight_sum) const {
      return fit.warm_start(x, y, w, weight_sum);
    }
  };

  void fit_validated(const Eigen::Ref<const matrix_type>& x, const Eigen::Ref<const vector_type>& y,
                     std::vector<std::string> names, const Eigen::Ref<const vector_type>& w,
                     const std::vector<column_summary>& scan) {
    memory_rows rows{*this, x, y, w};
    fit_rows(rows, std::move(names), scan);
  }

public:
  /// Fits on rows that a source passes over (a stream of chunks, shards on other processes):
  /// `rows.columns()` features; `rows.totals(bad, all)` the weighted bads and all rows;
  /// `rows.pass(beta, hessian)` one pass's irls_statistics at beta (X'WX only when hessian);
  /// `rows.warm_start(all)` a starting point or std::nullopt. `scan` summarises each column
  /// (finite, and the extremes of each class) for the separation check. The Newton steps,
  /// step halving, chord steps and covariance are those of fit(), so a source whose passes
  /// return fit()'s statistics gives fit()'s estimates. The caller validates the rows.
  template <class Rows>
  fit_status fit_rows(Rows& rows, std::vector<std::string> names, const std::vector<column_summary>& scan) {
    penalty_.validate();
    if (static_cast<std::size_t>(rows.columns()) != names.size() || scan.size() != names.size())
      CREDO_THROW(invalid_input, "credo.model.name_count",
                  "the rows have " + std::to_string(rows.columns()) + " columns but " + std::to_string(names.size()) +
                      " names and " + std::to_string(scan.size()) + " column summaries were given");
    fit_loop(rows, std::move(names), scan);
    return status_;
  }

private:
  template <class Rows>
  void fit_loop(Rows& rows, std::vector<std::string> names, const std::vector<column_summary>& scan) {
    has_estimates_ = false;
    est_ = estimates_t{};
    iterations_ = 0;
    names_ = std::move(names);
    const Eigen::Index p = rows.columns(), k = p + 1;
    const double l2 = penalty_.l2_weight(), l1 = penalty_.l1_weight();
    const bool penalised = l2 > 0 || l1 > 0;

    if (!penalised && options_.check_separation) {
      if (auto why = separation(scan, names_); !why.empty()) return finish(fit_status::separation, why);
    }

    double bad = 0, all = 0;
    rows.totals(bad, all);
    // The intercept-only model: p = sum w y / sum w, log-likelihood in closed form
    // sum w [y ln p + (1 - y) ln(1 - p)].
    const double null_loglik = bad * std::log(bad / all) + (all - bad) * std::log1p(-bad / all);

    Eigen::VectorXd penalty_diagonal = Eigen::VectorXd::Constant(k, l2);
    penalty_diagonal[0] = 0;
    Eigen::VectorXd beta = Eigen::VectorXd::Zero(k);
    Eigen::MatrixXd hessian;  // the X'WX in use (see reuse_hessian_below)
    bool reuse = false;       // whether the next passes skip X'WX (chord steps)
    irls_statistics stats;
    const auto warm = penalised ? std::nullopt : rows.warm_start(all);
    if (warm) {
      beta = warm->first;
      hessian = warm->second;
      reuse = true;
      stats = rows.pass(beta, false);
    } else {
      // Start at the intercept-only optimum: beta_0 = logit(p), slopes 0.
      beta[0] = std::log(bad / (all - bad));
      stats = rows.pass(beta, true);
      hessian = stats.xtwx();
      if (l2 == 0) {
        // At the start W is a constant times w, so X'WX is the weighted cross-product matrix.
        if (auto why = detail::collinearity(hessian, names_, options_.singular_tolerance); !why.empty())
          return finish(fit_status::singular, why);
      }
    }
    bool stats_have_hessian = !reuse;
    double previous_change = std::numeric_limits<double>::infinity();
    double f = objective(stats, beta);
    fit_status status = fit_status::no_convergence;
    std::string why;
    while (true) {
      if (iterations_ == options_.max_iter) {
        why = "no convergence in " + std::to_string(iterations_) + " iterations (max_iter = " +
              std::to_string(options_.max_iter) + "); raise max_iter, or scale or drop columns";
        break;
      }
      const Eigen::MatrixXd a = hessian + Eigen::MatrixXd(penalty_diagonal.asDiagonal());
      const Eigen::VectorXd g = stats.score() - penalty_diagonal.cwiseProduct(beta);
      Eigen::VectorXd next = beta;
      if (!solver_.minimize(a, g, l1, next)) {
        auto named = detail::collinearity(a, names_, options_.singular_tolerance);
        return finish(fit_status::singular,
                      "X'WX is not positive definite at iteration " + std::to_string(iterations_ + 1) +
                          (named.empty() ? std::string("; the fitted probabilities may be at 0 or 1")
                                         : ": " + named));
      }
      ++iterations_;
      // A step below the tolerance ends the fit: its pass then computes X'WX too, for the
      // standard errors at the final estimates.
      if (reuse && relative_change(beta, next) <= options_.tolerance) reuse = false;
      irls_statistics next_stats = rows.pass(next, !reuse);
      double f_next = objective(next_stats, next);
      // Step halving (McCullagh & Nelder 1989, sec. 2.5; R's glm.fit): the penalised
      // objective must not increase. NaN compares false and is halved too.
      const double slack = 1e-12 * std::abs(f);
      int halvings = 0;
      while (!(f_next <= f + slack) && halvings < options_.max_halvings) {
        next = 0.5 * (beta + next);
        next_stats = rows.pass(next, !reuse);
        f_next = objective(next_stats, next);
        ++halvings;
      }
      if (!(f_next <= f + slack)) {
        why = "step halving could not decrease the objective at iteration " + std::to_string(iterations_) +
              "; the estimates are the previous iterate";
        break;
      }
      const double change = relative_change(beta, next);
      if (reuse) secant_update(hessian, next - beta, stats.score() - next_stats.score());
      beta = std::move(next);
      stats = std::move(next_stats);
      stats_have_hessian = !reuse;
      if (!reuse) hessian = stats.xtwx();
      f = f_next;
      if (change <= options_.tolerance) {
        status = fit_status::success;
        why = "converged in " + std::to_string(iterations_) + " iterations";
        break;
      }
      // Chord steps while they are small (or follow the warm start) and contract fast; Newton
      // steps otherwise.
      reuse = (change <= options_.reuse_hessian_below || (warm && reuse)) && change <= 0.5 * previous_change;
      previous_change = change;
    }
    // The reported statistics (covariance, score) are at the final estimates.
    if (!stats_have_hessian) stats = rows.pass(beta, true);

    // Covariance: inverse of the penalised observed information on the active set.
    Eigen::MatrixXd h = stats.xtwx() + Eigen::MatrixXd(penalty_diagonal.asDiagonal());
    std::vector<Eigen::Index> active;
    for (Eigen::Index j = 0; j < k; ++j)
      if (j == 0 || l1 == 0 || beta[j] != 0) active.push_back(j);
    const auto m = static_cast<Eigen::Index>(active.size());
    Eigen::MatrixXd ha(m, m);
    for (Eigen::Index r = 0; r < m; ++r)
      for (Eigen::Index c = 0; c < m; ++c) ha(r, c) = h(active[r], active[c]);
    const Eigen::MatrixXd inv = detail::spd_inverse(ha);
    est_.covariance = Eigen::MatrixXd::Constant(k, k, std::numeric_limits<double>::quiet_NaN());
    for (Eigen::Index r = 0; r < m; ++r)
      for (Eigen::Index c = 0; c < m; ++c) est_.covariance(active[r], active[c]) = inv(r, c);
    est_.params = beta;
    est_.loglik = stats.loglik();
    est_.null_loglik = null_loglik;
    est_.weight_sum = stats.weight_sum();
    est_.k = l1 > 0 ? m : k;
    est_.statistics = std::move(stats);
    has_estimates_ = true;
    finish(status, why);
  }

  void finish(fit_status s, std::string why) {
    status_ = s;
    message_ = std::move(why);
  }

  Penalty penalty_{};
  fit_options options_{};
  Solver solver_{};
  fit_status status_ = fit_status::success;
  std::string message_;
  bool has_estimates_ = false;
  int iterations_ = 0;
  std::vector<std::string> names_;
  estimates_t est_;
};

}  // namespace credo::model
