// Penalties of the logistic regression: policies checked by credo::model::penalty_policy.
//
// Every penalty here is separable and of the elastic-net family
//     P(beta) = lambda * ( alpha * sum_j |beta_j|  +  (1 - alpha)/2 * sum_j beta_j^2 ),
// summed over the slopes only: the intercept is never penalised (Hastie, Tibshirani &
// Friedman, "The Elements of Statistical Learning", 2nd ed., 2009, sec. 3.4 and 4.4.4).
// The fitted objective is  -loglik(beta) + P(beta)  with the log-likelihood *summed* (not
// averaged) over the weighted rows, so scikit-learn's
//     C * sum(loss) + l1_ratio * ||b||_1 + (1 - l1_ratio)/2 * ||b||^2
// is lambda = 1/C, alpha = l1_ratio, and glmnet's (mean-loss) lambda is lambda / sum(weights).
#pragma once

#include <credo/core/error.hpp>

#include <Eigen/Core>

#include <cmath>
#include <concepts>
#include <string>
#include <string_view>

namespace credo::model {

/// What a penalty must give the IRLS solver. `value(slopes)` is P(beta) (slopes only, no
/// intercept); `l2_weight()` is the curvature it adds to each slope's diagonal of the Hessian;
/// `l1_weight()` the weight of its |beta_j| part (0 for a smooth penalty); `validate()` throws
/// credo.model.bad_penalty for a parameter out of range.
template <class P>
concept penalty_policy = std::copy_constructible<P> &&
                         requires(const P& p, const Eigen::VectorXd& slopes) {
                           { p.value(slopes) } -> std::convertible_to<double>;
                           { p.l2_weight() } -> std::convertible_to<double>;
                           { p.l1_weight() } -> std::convertible_to<double>;
                           p.validate();
                         };

namespace penalty {

/// Maximum likelihood, no penalty.
struct none {
  static constexpr std::string_view name = "none";  // in model files
  double value(const Eigen::VectorXd&) const { return 0; }
  double l2_weight() const { return 0; }
  double l1_weight() const { return 0; }
  void validate() const {}
};

/// Ridge: P(beta) = lambda/2 * sum_j beta_j^2 (scikit-learn's C = 1/lambda).
struct l2 {
  static constexpr std::string_view name = "l2";
  double lambda = 1.0;

  double value(const Eigen::VectorXd& slopes) const { return 0.5 * lambda * slopes.squaredNorm(); }
  double l2_weight() const { return lambda; }
  double l1_weight() const { return 0; }
  void validate() const {
    if (!(std::isfinite(lambda) && lambda >= 0))
      CREDO_THROW(invalid_input, "credo.model.bad_penalty",
                  "penalty::l2: lambda = " + std::to_string(lambda) + " is not a finite number >= 0");
  }
};

/// Elastic net: P(beta) = lambda * (alpha * ||beta||_1 + (1 - alpha)/2 * ||beta||_2^2);
/// alpha = 1 is the lasso, alpha = 0 ridge (Zou & Hastie 2005; glmnet's parametrisation with a
/// summed loss). Fitted by coordinate descent on each IRLS quadratic, as glmnet does
/// (Friedman, Hastie & Tibshirani 2010, J. Stat. Softw. 33(1), sec. 3).
struct elastic_net {
  static constexpr std::string_view name = "elastic_net";
  double lambda = 1.0;
  double alpha = 0.5;

  double value(const Eigen::VectorXd& slopes) const {
    return lambda * (alpha * slopes.cwiseAbs().sum() + 0.5 * (1 - alpha) * slopes.squaredNorm());
  }
  double l2_weight() const { return lambda * (1 - alpha); }
  double l1_weight() const { return lambda * alpha; }
  void validate() const {
    if (!(std::isfinite(lambda) && lambda >= 0))
      CREDO_THROW(invalid_input, "credo.model.bad_penalty",
                  "penalty::elastic_net: lambda = " + std::to_string(lambda) +
                      " is not a finite number >= 0");
    if (!(alpha >= 0 && alpha <= 1))
      CREDO_THROW(invalid_input, "credo.model.bad_penalty",
                  "penalty::elastic_net: alpha = " + std::to_string(alpha) + " is outside [0, 1]");
  }
};

}  // namespace penalty
}  // namespace credo::model
