// Sufficient statistics of one IRLS step of the logistic regression, as a mergeable accumulator.
//
// At coefficients beta (intercept first) and for rows (x_i, y_i, w_i) with x~_i = (1, x_i),
//   eta_i = x~_i' beta,  p_i = 1 / (1 + exp(-eta_i)),  W_i = w_i p_i (1 - p_i),
//   z_i   = eta_i + (y_i - p_i) / (p_i (1 - p_i))           (the working response)
// the accumulator holds
//   X'WX  = sum_i W_i x~_i x~_i'                             (Fisher information = observed
//                                                            information, the link being canonical)
//   X'Wz  = sum_i (W_i eta_i + w_i (y_i - p_i)) x~_i         (no division: W_i z_i expanded)
//   score = sum_i w_i (y_i - p_i) x~_i                       (gradient of the log-likelihood)
//   loglik = sum_i w_i (y_i eta_i - log(1 + exp(eta_i)))
// (McCullagh & Nelder 1989, sec. 2.5 and 4.3.1). The IRLS update is beta' = (X'WX)^-1 X'Wz =
// beta + (X'WX)^-1 score. Rows are independent, so a thread or an MPI rank fills its own copy
// over its rows and the copies are merged with +=; sums are kept in double whatever the
// input's type.
#pragma once

#include <Eigen/Core>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>

namespace credo::model {

class irls_statistics {
public:
  irls_statistics() = default;

  /// An empty accumulator for `parameters` coefficients (the intercept included).
  explicit irls_statistics(Eigen::Index parameters)
      : xtwx_(Eigen::MatrixXd::Zero(parameters, parameters)),
        xtwz_(Eigen::VectorXd::Zero(parameters)),
        score_(Eigen::VectorXd::Zero(parameters)) {}

  Eigen::Index parameters() const noexcept { return xtwz_.size(); }

  /// Adds one row: its features x (without the intercept), target (1 = bad), weight, and the
  /// linear predictor eta = x~' beta at the current coefficients.
  template <class Row>
  void operator()(const Eigen::MatrixBase<Row>& x, double eta, bool bad, double weight = 1) {
    const double p = logistic(eta);
    const double w = weight * p * (1 - p);
    const double r = weight * ((bad ? 1.0 : 0.0) - p);
    Eigen::VectorXd xt(parameters());
    xt[0] = 1;
    xt.tail(parameters() - 1) = x.template cast<double>().transpose();
    xtwx_.selfadjointView<Eigen::Lower>().rankUpdate(xt, w);
    xtwz_ += (w * eta + r) * xt;
    score_ += r * xt;
    loglik_ += weight * ((bad ? eta : 0.0) - softplus(eta));
    rows_ += 1;
    weight_sum_ += weight;
  }

  /// Adds rows [first, first + count) of X (features only) with targets y, weights w (empty:
  /// all 1) at coefficients beta (intercept first). Works through the rows in cache-sized
  /// blocks: one pass over the data per call. With hessian = false, X'WX is not accumulated
  /// (it stays as it was; the p^2 work per row is most of the cost) and only X'Wz, the score
  /// and the log-likelihood are.
  template <class Matrix, class Target, class Weights>
  void add_rows(const Matrix& x, const Target& y, const Weights& w, const Eigen::VectorXd& beta,
                Eigen::Index first, Eigen::Index count, bool hessian = true,
                Eigen::Index block_rows = 1024) {
    const Eigen::Index k = parameters();
    Eigen::MatrixXd b(block_rows, k);  // the block of (1, x) rows, later scaled by sqrt(W)
    Eigen::VectorXd eta(block_rows), wv(block_rows), tv(block_rows), pv(block_rows), yv(block_rows),
        wt(block_rows);
    Eigen::MatrixXd rhs(block_rows, 2);  // columns: w (y - p) and W eta + w (y - p)
    Eigen::MatrixXd cross = Eigen::MatrixXd::Zero(k, 2);
    for (Eigen::Index start = first; start < first + count; start += block_rows) {
      const Eigen::Index n = std::min(block_rows, first + count - start);
      auto bb = b.topRows(n);
      if (hessian) {
        bb.col(0).setOnes();
        bb.rightCols(k - 1) = x.middleRows(start, n).template cast<double>();
        eta.head(n).noalias() = bb * beta;
      } else {  // no copy: the block is read in place (twice, from cache)
        eta.head(n).setConstant(beta[0]);
        eta.head(n).noalias() += x.middleRows(start, n).template cast<double>() * beta.tail(k - 1);
      }
      // Vectorised over the block; one exp per row: p and log(1 + exp(e)) both from
      // t = exp(-|e|), as p = 1/(1 + t) or t/(1 + t) and log(1 + exp(e)) = max(e, 0) + log1p(t).
      const auto e = eta.head(n).array();
      auto t = tv.head(n).array();
      auto pr = pv.head(n).array();
      auto yy = yv.head(n).array();
      auto ws = wt.head(n).array();
      yy = y.segment(start, n).template cast<double>().array();
      if (w.size() == 0) ws.setOnes();
      else ws = w.segment(start, n).template cast<double>().array();
      t = (-e.abs()).exp();
      pr = (e >= 0).select(1 / (1 + t), t / (1 + t));
      loglik_ += (ws * (yy * e - (e.max(0.0) + t.log1p()))).sum();
      weight_sum_ += ws.sum();
      rhs.col(0).head(n).array() = ws * (yy - pr);
      ws *= pr * (1 - pr);  // now W_i = w_i p_i (1 - p_i)
      rhs.col(1).head(n).array() = ws * e + rhs.col(0).head(n).array();
      wv.head(n).array() = ws.sqrt();
      if (!hessian) {
        cross.row(0) += rhs.topRows(n).colwise().sum();
        cross.bottomRows(k - 1).noalias() += x.middleRows(start, n).template cast<double>().transpose() * rhs.topRows(n);
        continue;
      }
      cross.noalias() += bb.transpose() * rhs.topRows(n);
      bb = wv.head(n).asDiagonal() * bb;
      xtwx_.selfadjointView<Eigen::Lower>().rankUpdate(bb.transpose());
    }
    score_ += cross.col(0);
    xtwz_ += cross.col(1);
    rows_ += static_cast<std::uint64_t>(count);
  }

  /// Merges another accumulator's rows (same coefficients, same parameter count).
  irls_statistics& operator+=(const irls_statistics& other) {
    if (parameters() == 0) return *this = other;
    if (other.parameters() == 0) return *this;
    xtwx_ += other.xtwx_;  // the upper triangles stay zero
    xtwz_ += other.xtwz_;
    score_ += other.score_;
    loglik_ += other.loglik_;
    rows_ += other.rows_;
    weight_sum_ += other.weight_sum_;
    return *this;
  }

  friend bool operator==(const irls_statistics& a, const irls_statistics& b) {
    return a.parameters() == b.parameters() && a.rows_ == b.rows_ &&
           a.weight_sum_ == b.weight_sum_ && a.loglik_ == b.loglik_ && a.xtwz_ == b.xtwz_ &&
           a.score_ == b.score_ && a.xtwx_ == b.xtwx_;
  }

  /// X'WX, symmetric, (intercept first).
  Eigen::MatrixXd xtwx() const { return xtwx_.selfadjointView<Eigen::Lower>(); }
  const Eigen::VectorXd& xtwz() const noexcept { return xtwz_; }
  const Eigen::VectorXd& score() const noexcept { return score_; }
  double loglik() const noexcept { return loglik_; }
  std::uint64_t rows() const noexcept { return rows_; }
  double weight_sum() const noexcept { return weight_sum_; }

  /// 1 / (1 + exp(-eta)) without overflow.
  static double logistic(double eta) {
    if (eta >= 0) return 1 / (1 + std::exp(-eta));
    const double e = std::exp(eta);
    return e / (1 + e);
  }
  /// log(1 + exp(eta)) without overflow or loss of digits.
  static double softplus(double eta) { return std::max(eta, 0.0) + std::log1p(std::exp(-std::abs(eta))); }

private:
  Eigen::MatrixXd xtwx_;  // the lower triangle holds the values, the upper one stays zero
  Eigen::VectorXd xtwz_;
  Eigen::VectorXd score_;
  double loglik_ = 0;
  std::uint64_t rows_ = 0;
  double weight_sum_ = 0;
};

}  // namespace credo::model
