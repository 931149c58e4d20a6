#include "german_credit.hpp"
#include "model_data.hpp"

#include <credo/model/logistic_regression.hpp>

#include <doctest/doctest.h>

#include <Eigen/LU>

#include <cmath>
#include <vector>

using credo::model::fit_options;
using credo::model::fit_status;
using credo::model::logistic_regression;
namespace penalty = credo::model::penalty;
namespace solver = credo::model::solver;
using credo::test::german_design_matrix;
using credo::test::logit_reference;
using credo::test::rel_diff;

namespace {

// The float input is exact here (German credit holds integers and 0/1), and sums are kept in
// double, so float differs from double only by the final rounding of the estimates.
template <class Real>
constexpr double tolerance() {
  return std::is_same_v<Real, float> ? 1e-5 : 1e-6;
}

template <class Vec>
void check_close(const Vec& got, const nlohmann::json& want, double tol, const char* what) {
  REQUIRE(static_cast<std::size_t>(got.size()) == want.size());
  for (Eigen::Index j = 0; j < got.size(); ++j) {
    INFO(what << "[" << j << "] = " << got[j] << ", reference " << want[static_cast<std::size_t>(j)].get<double>());
    CHECK(rel_diff(static_cast<double>(got[j]), want[static_cast<std::size_t>(j)].get<double>()) <= tol);
  }
}

}  // namespace

TEST_CASE_TEMPLATE("maximum likelihood matches statsmodels' Logit on German credit", Real, float, double) {
  const auto d = german_design_matrix<Real>();
  const auto& ref = logit_reference()["unweighted"];
  logistic_regression<Real> m;
  REQUIRE(m.fit(d.x, d.y, d.names) == fit_status::success);
  CHECK(m.message() == "converged in " + std::to_string(m.iterations()) + " iterations");
  CHECK(m.iterations() <= 10);
  const double tol = tolerance<Real>();
  check_close(m.params(), ref["params"], tol, "params");
  check_close(m.std_errors(), ref["bse"], tol, "bse");
  check_close(m.z_values(), ref["z"], tol, "z");
  check_close(m.p_values(), ref["pvalues"], 1e3 * tol, "p");  // p-values amplify z's error
  CHECK(rel_diff(m.log_likelihood(), ref["llf"]) <= 1e-9);
  CHECK(rel_diff(m.null_log_likelihood(), ref["llnull"]) <= 1e-9);
  CHECK(rel_diff(m.aic(), ref["aic"]) <= 1e-9);
  CHECK(rel_diff(m.bic(), ref["bic"]) <= 1e-9);
  CHECK(rel_diff(m.pseudo_r2(), ref["prsquared"]) <= 1e-8);
  CHECK(m.nobs() == 1000);
  CHECK(m.n_parameters() == 17);  // 16 columns and the intercept
  CHECK(m.param_names().front() == "intercept");
  CHECK(m.coefficient("duration") == m.params()[1]);
  CHECK(m.intercept() == m.params()[0]);
  CHECK(m.coefficients().size() == 16);

  // Predictions: log-odds and probabilities agree with the coefficients.
  const auto eta = m.decision_function(d.x.topRows(3));
  const auto p = m.predict_proba(d.x.topRows(3));
  for (Eigen::Index i = 0; i < 3; ++i) {
    double e = static_cast<double>(m.intercept());
    for (Eigen::Index j = 0; j < d.x.cols(); ++j)
      e += static_cast<double>(m.coefficients()[j]) * static_cast<double>(d.x(i, j));
    CHECK(static_cast<double>(eta[i]) == doctest::Approx(e).epsilon(tolerance<Real>()));
    CHECK(static_cast<double>(p[i]) == doctest::Approx(1 / (1 + std::exp(-e))).epsilon(tolerance<Real>()));
  }
}

TEST_CASE_TEMPLATE("frequency weights match statsmodels' GLM Binomial with freq_weights", Real, float, double) {
  const auto d = german_design_matrix<Real>();
  const auto& ref = logit_reference()["weighted"];
  Eigen::Matrix<Real, Eigen::Dynamic, 1> w(d.y.size());
  for (Eigen::Index i = 0; i < w.size(); ++i) w[i] = static_cast<Real>(i % 3 + 1);  // "row % 3 + 1"
  logistic_regression<Real> m;
  REQUIRE(m.fit(d.x, d.y, d.names, w) == fit_status::success);
  check_close(m.params(), ref["params"], tolerance<Real>(), "params");
  check_close(m.std_errors(), ref["bse"], tolerance<Real>(), "bse");
  CHECK(rel_diff(m.log_likelihood(), ref["llf"]) <= 1e-9);
  CHECK(rel_diff(m.null_log_likelihood(), ref["llnull"]) <= 1e-9);
  CHECK(rel_diff(m.aic(), ref["aic"]) <= 1e-9);
  CHECK(rel_diff(m.bic(), ref["bic"]) <= 1e-9);
  CHECK(m.nobs() == ref["nobs"].get<double>());

  SUBCASE("a weight of 2 is the row twice") {
    const Eigen::Index n = d.x.rows();
    Eigen::Matrix<Real, Eigen::Dynamic, Eigen::Dynamic> x2(2 * n, d.x.cols());
    Eigen::Matrix<Real, Eigen::Dynamic, 1> y2(2 * n), w2(n);
    x2 << d.x, d.x;
    y2 << d.y, d.y;
    w2.setConstant(2);
    logistic_regression<Real> doubled, weighted;
    REQUIRE(doubled.fit(x2, y2, d.names) == fit_status::success);
    REQUIRE(weighted.fit(d.x, d.y, d.names, w2) == fit_status::success);
    for (Eigen::Index j = 0; j < 17; ++j) {
      CHECK(rel_diff(weighted.params()[j], doubled.params()[j]) <= tolerance<Real>());
      CHECK(rel_diff(weighted.std_errors()[j], doubled.std_errors()[j]) <= tolerance<Real>());
    }
  }
}

TEST_CASE_TEMPLATE("ridge matches scikit-learn's LogisticRegression with lambda = 1/C", Real, float, double) {
  const auto d = german_design_matrix<Real>();
  const auto& ref = logit_reference()["l2"];
  logistic_regression<Real, penalty::l2> m(penalty::l2{ref["lambda"].get<double>()});
  REQUIRE(m.fit(d.x, d.y, d.names) == fit_status::success);
  check_close(m.params(), ref["params"], tolerance<Real>(), "params");
  // The penalised score vanishes at the optimum: X'(y - p) = lambda * beta (intercept: 0).
  const auto& s = m.statistics();
  const auto beta = m.params();
  CHECK(std::abs(s.score()[0]) <= 1e-8);
  for (Eigen::Index j = 1; j < 17; ++j)
    CHECK(s.score()[j] == doctest::Approx(ref["lambda"].get<double>() * beta[j]).epsilon(1e-5).scale(1e-7));
  // Reported covariance: the inverse of the penalised information X'WX + lambda I (docs/model.md).
  Eigen::MatrixXd h = s.xtwx();
  h.diagonal().tail(16).array() += ref["lambda"].get<double>();
  const Eigen::MatrixXd cov = h.inverse();
  for (Eigen::Index j = 0; j < 17; ++j)
    CHECK(rel_diff(m.std_errors()[j], std::sqrt(cov(j, j))) <= tolerance<Real>());

  SUBCASE("coordinate descent reaches the same optimum") {
    logistic_regression<Real, penalty::l2, solver::coordinate_descent> cd(penalty::l2{ref["lambda"].get<double>()});
    REQUIRE(cd.fit(d.x, d.y, d.names) == fit_status::success);
    check_close(cd.params(), ref["params"], std::is_same_v<Real, float> ? 1e-5 : 1e-6, "params");
  }
}

namespace {

/// Checks the elastic net's optimality (KKT) conditions at beta: with g the score X'(y - p),
///   g_0 = 0;  g_j - l2 beta_j = l1 sign(beta_j) when beta_j != 0;  |g_j| <= l1 when beta_j = 0.
/// (Friedman, Hastie & Tibshirani 2010, eq. 5). Returns the largest violation relative to l1.
double kkt_violation(const Eigen::VectorXd& g, const Eigen::VectorXd& beta, double l1, double l2) {
  double worst = std::abs(g[0]) / l1;
  for (Eigen::Index j = 1; j < beta.size(); ++j) {
    if (beta[j] != 0) worst = std::max(worst, std::abs(g[j] - l2 * beta[j] - l1 * (beta[j] > 0 ? 1 : -1)) / l1);
    else worst = std::max(worst, std::max(std::abs(g[j]) - l1, 0.0) / l1);
  }
  return worst;
}

}  // namespace

TEST_CASE("lasso matches statsmodels' fit_regularized(method='l1')") {
  const auto d = german_design_matrix<double>();
  const auto& ref = logit_reference()["l1"];
  const double lambda = ref["lambda"].get<double>();
  logistic_regression<double, penalty::elastic_net> m(penalty::elastic_net{lambda, 1.0});
  REQUIRE(m.fit(d.x, d.y, d.names) == fit_status::success);
  const auto beta = m.params();
  for (Eigen::Index j = 0; j < 17; ++j) {
    const double want = ref["params"][static_cast<std::size_t>(j)].get<double>();
    INFO("j = " << j << ": " << beta[j] << " vs " << want);
    if (want == 0) CHECK(beta[j] == 0);
    else CHECK(rel_diff(beta[j], want) <= 1e-5);
  }
  CHECK(kkt_violation(m.statistics().score(), beta, lambda, 0) <= 1e-6);
  // Standard errors exist for the non-zero coefficients only; AIC counts those.
  CHECK(std::isnan(m.std_errors()[4]));
  CHECK(m.std_errors()[1] > 0);
  CHECK(m.n_parameters() == 1 + (beta.tail(16).array() != 0).count());
}

TEST_CASE("elastic net: optimal (KKT) and no worse than scikit-learn's saga") {
  const auto& ref = logit_reference()["elastic_net"];
  auto d = german_design_matrix<double>();
  // The reference z-scores the columns (population standard deviation).
  for (Eigen::Index j = 0; j < d.x.cols(); ++j) {
    const double mean = d.x.col(j).mean();
    const double sd = std::sqrt((d.x.col(j).array() - mean).square().mean());
    d.x.col(j) = (d.x.col(j).array() - mean) / sd;
  }
  const double lambda = ref["lambda"].get<double>(), alpha = ref["alpha"].get<double>();
  penalty::elastic_net en{lambda, alpha};
  logistic_regression<double, penalty::elastic_net> m(en);
  REQUIRE(m.fit(d.x, d.y, d.names) == fit_status::success);
  const Eigen::VectorXd beta = m.params();
  CHECK(kkt_violation(m.statistics().score(), beta, lambda * alpha, lambda * (1 - alpha)) <= 1e-7);
  const double objective = -m.log_likelihood() + en.value(beta.tail(16));
  CHECK(objective <= ref["objective"].get<double>() + 1e-9 * std::abs(objective));
  CHECK(objective == doctest::Approx(ref["objective"].get<double>()).epsilon(1e-8));
  for (Eigen::Index j = 0; j < 17; ++j)
    CHECK(beta[j] == doctest::Approx(ref["params"][static_cast<std::size_t>(j)].get<double>()).epsilon(1e-4).scale(1e-4));

  SUBCASE("solver::coordinate_descent gives the same coefficients") {
    logistic_regression<double, penalty::elastic_net, solver::coordinate_descent> cd(en);
    REQUIRE(cd.fit(d.x, d.y, d.names) == fit_status::success);
    CHECK((cd.params() - beta).cwiseAbs().maxCoeff() <= 1e-8);
  }
}

TEST_CASE("threads give the same fit as one thread") {
  const auto d = german_design_matrix<double>();
  fit_options one, many;
  one.threads = 1;
  many.threads = 4;
  one.rows_per_block = many.rows_per_block = 100;  // ten blocks of the 1,000 rows
  logistic_regression<> a(one), b(many);
  REQUIRE(a.fit(d.x, d.y, d.names) == fit_status::success);
  REQUIRE(b.fit(d.x, d.y, d.names) == fit_status::success);
  // Fixed row blocks merged in order: not close, the same bits.
  CHECK((a.params().array() == b.params().array()).all());
  CHECK((a.std_errors().array() == b.std_errors().array()).all());
}

TEST_CASE_TEMPLATE("predictions over many row blocks and threads are the formula's, row by row", Real, float,
                   double) {
  // 40,000 rows: several blocks of rows and tasks for two threads. Each row's log-odds and
  // probability from the fitted coefficients, in double, must match; and threads change no bit.
  const auto d = german_design_matrix<Real>();
  logistic_regression<Real> m(fit_options{.threads = 1});
  REQUIRE(m.fit(d.x, d.y, d.names) == fit_status::success);
  using matrix = typename logistic_regression<Real>::matrix_type;
  matrix x(40000, d.x.cols());
  for (Eigen::Index i = 0; i < x.rows(); ++i) x.row(i) = d.x.row(i % d.x.rows());
  x(123, 1) = static_cast<Real>(3000);  // a large log-odds: p near 0 or 1 without overflow
  const auto eta = m.decision_function(x);
  const auto p = m.predict_proba(x);
  for (Eigen::Index i = 0; i < x.rows(); ++i) {
    double e = static_cast<double>(m.params()[0]);
    for (Eigen::Index j = 0; j < x.cols(); ++j)
      e += static_cast<double>(m.params()[j + 1]) * static_cast<double>(x(i, j));
    // params() are rounded to Real, the model keeps double: float differs by that rounding.
    const double tol = std::is_same_v<Real, float> ? 1e-5 : 1e-14;
    if (std::abs(static_cast<double>(eta[i]) - e) > tol * (1 + std::abs(e)) ||
        std::abs(static_cast<double>(p[i]) - 1 / (1 + std::exp(-e))) > tol) {
      INFO("row ", i, ": eta ", eta[i], " vs ", e, ", p ", p[i], " vs ", 1 / (1 + std::exp(-e)));
      CHECK(false);
      break;
    }
  }
  m.options().threads = 2;
  CHECK((m.predict_proba(x).array() == p.array()).all());
  CHECK((m.decision_function(x).array() == eta.array()).all());
  // Into a caller's vector (a segment of a larger one, as Eigen::Ref allows): the same bits.
  typename logistic_regression<Real>::vector_type buffer(x.rows() + 2);
  buffer.setConstant(Real(-1));
  m.predict_proba(x, buffer.segment(1, x.rows()));
  CHECK((buffer.segment(1, x.rows()).array() == p.array()).all());
  CHECK(buffer[0] == Real(-1));
  CHECK(buffer[x.rows() + 1] == Real(-1));
  m.decision_function(x, buffer.segment(1, x.rows()));
  CHECK((buffer.segment(1, x.rows()).array() == eta.array()).all());
}

TEST_CASE("a fit from a credo::table equals the fit from a matrix") {
  const auto t = credo::test::german_credit();
  const auto d = german_design_matrix<double>();
  const std::vector<std::string> numeric(d.names.begin(), d.names.begin() + 7);
  logistic_regression<> from_table, from_matrix;
  REQUIRE(from_table.fit(t, numeric) == fit_status::success);
  REQUIRE(from_matrix.fit(d.x.leftCols(7), d.y, numeric) == fit_status::success);
  CHECK(from_table.params() == from_matrix.params());
}

TEST_CASE("a warm start from a row sample with chord steps reaches the same estimates") {
  const auto d = german_design_matrix<double>();
  fit_options cold, warm;
  cold.warm_start_rows = 0;
  cold.reuse_hessian_below = 0;  // plain Newton: X'WX recomputed every step
  warm.warm_start_rows = 200;    // 1000 rows >= 4 * 200: start from every 5th run of 8 rows
  logistic_regression<> a(cold), b(warm);
  REQUIRE(a.fit(d.x, d.y, d.names) == fit_status::success);
  REQUIRE(b.fit(d.x, d.y, d.names) == fit_status::success);
  CHECK(a.iterations() != b.iterations());
  CHECK((a.params() - b.params()).cwiseAbs().maxCoeff() <= 1e-9);
  CHECK((a.std_errors() - b.std_errors()).cwiseAbs().maxCoeff() <= 1e-10);
  CHECK(a.log_likelihood() == doctest::Approx(b.log_likelihood()).epsilon(1e-13));
  check_close(b.params(), logit_reference()["unweighted"]["params"], 1e-6, "params");
  check_close(b.std_errors(), logit_reference()["unweighted"]["bse"], 1e-6, "bse");
}
