// Solvers of the logistic regression's IRLS subproblem: policies checked by
// credo::model::solver_policy.
//
// Each IRLS (Fisher scoring = Newton, the logit link being canonical) iteration replaces the
// penalised negative log-likelihood at the current beta by its quadratic model
//     m(b) = 1/2 (b - beta)' A (b - beta) - g' (b - beta) + l1 * sum_{j>=1} |b_j|,
// A = X'WX + l2 * diag(0, 1, ..., 1),  g = X'(w (y - p)) - l2 * (0, beta_1, ..., beta_p),
// (McCullagh & Nelder, "Generalized Linear Models", 2nd ed., 1989, sec. 2.5; the l1 part as in
// Friedman, Hastie & Tibshirani 2010, sec. 3). Index 0 is the intercept, never penalised. A
// solver minimises m and writes the minimiser into beta; the outer loop (step halving,
// convergence) is logistic_regression's.
#pragma once

#include <Eigen/Cholesky>
#include <Eigen/Core>

#include <algorithm>
#include <cmath>
#include <concepts>

namespace credo::model {

/// What a solver must provide: minimise the quadratic model above in place; false when A is
/// not positive definite (a singular design).
template <class S>
concept solver_policy = std::copy_constructible<S> &&
                        requires(const S& s, const Eigen::MatrixXd& a, const Eigen::VectorXd& g,
                                 double l1, Eigen::VectorXd& beta) {
                          { s.minimize(a, g, l1, beta) } -> std::convertible_to<bool>;
                        };

namespace solver {

/// Cyclic coordinate descent on the quadratic model, with soft-thresholding for the l1 part
/// (glmnet's "covariance updates": only the (p+1)^2 matrix A is touched, never the rows).
/// Stops when a sweep moves no coordinate by more than `tolerance` in units of its standard
/// deviation under A (|delta_j| * sqrt(A_jj)), or after `max_sweeps` sweeps.
struct coordinate_descent {
  int max_sweeps = 100000;
  double tolerance = 1e-11;

  bool minimize(const Eigen::MatrixXd& a, const Eigen::VectorXd& g, double l1,
                Eigen::VectorXd& beta) const {
    const Eigen::Index n = beta.size();
    for (Eigen::Index j = 0; j < n; ++j)
      if (!(a(j, j) > 0)) return false;
    // ad = A (b - beta), kept up to date as coordinates move.
    Eigen::VectorXd ad = Eigen::VectorXd::Zero(n);
    for (int sweep = 0; sweep < max_sweeps; ++sweep) {
      double largest = 0;
      for (Eigen::Index j = 0; j < n; ++j) {
        const double ajj = a(j, j);
        // d m / d b_j (smooth part) = ad_j - g_j; the coordinate minimiser soft-thresholds
        // u = A_jj b_j - (ad_j - g_j) at l1 (Friedman et al. 2010, eq. 5).
        const double u = ajj * beta[j] - (ad[j] - g[j]);
        double next = u / ajj;
        if (j > 0 && l1 > 0) next = std::copysign(std::max(std::abs(u) - l1, 0.0), u) / ajj;
        const double step = next - beta[j];
        if (step != 0) {
          ad += step * a.col(j);
          beta[j] = next;
          largest = std::max(largest, std::abs(step) * std::sqrt(ajj));
        }
      }
      if (largest <= tolerance) return true;
    }
    return true;  // the outer loop's step halving and convergence test judge the result
  }
};

/// Newton: solves A delta = g by a Cholesky (LDL') factorisation after Jacobi scaling
/// (unit diagonal, so that columns on very different scales do not lose digits), then
/// beta += delta. With an l1 part the model is not smooth; the subproblem is then solved by
/// coordinate_descent (the glmnet scheme).
struct newton {
  coordinate_descent l1_subproblem{};

  bool minimize(const Eigen::MatrixXd& a, const Eigen::VectorXd& g, double l1,
                Eigen::VectorXd& beta) const {
    if (l1 > 0) return l1_subproblem.minimize(a, g, l1, beta);
    const Eigen::Index n = beta.size();
    Eigen::VectorXd s(n);
    for (Eigen::Index j = 0; j < n; ++j) {
      if (!(a(j, j) > 0)) return false;
      s[j] = 1 / std::sqrt(a(j, j));
    }
    const Eigen::MatrixXd scaled = s.asDiagonal() * a * s.asDiagonal();
    Eigen::LDLT<Eigen::MatrixXd> ldlt(scaled);
    if (ldlt.info() != Eigen::Success || !ldlt.isPositive()) return false;
    const Eigen::VectorXd d = ldlt.vectorD();
    if (d.minCoeff() <= 1e-14 * d.maxCoeff()) return false;
    beta += s.asDiagonal() * ldlt.solve(s.asDiagonal() * g);
    return true;
  }
};

}  // namespace solver
}  // namespace credo::model
