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

#include <credo/detail/kernels/prefetch.hpp>

#include <Eigen/Core>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>

namespace credo::model {

namespace detail {

// The cache hint of the pass lives under credo/detail/kernels/prefetch.hpp beside its plain
// reference (no hint); the linear predictor takes either, for the test that they agree.
struct prefetch_hint {
  template <class Matrix>
  void operator()(const Matrix& x, Eigen::Index j, Eigen::Index start, Eigen::Index n) const noexcept {
    credo::detail::kernels::prefetch_rows(x, j, start, n);
  }
};
struct no_prefetch_hint {
  template <class Matrix>
  void operator()(const Matrix& x, Eigen::Index j, Eigen::Index start, Eigen::Index n) const noexcept {
    credo::detail::kernels::prefetch_rows_reference(x, j, start, n);
  }
};

/// eta_i = beta_0 + sum_j beta_{j+1} x_ij for rows [start, start + n) of X into eta.head(n),
/// column after column (the same order for every row, block and thread count), prefetching the
/// `next` rows after the block. Five columns are read in one sweep of eta, ((eta + b1 x1) +
/// b2 x2) + ..., the order of one column at a time: five streams at once keep more reads in
/// flight than one, and eta is loaded and stored a fifth as often.
template <class Matrix, class Prefetch = prefetch_hint>
void linear_predictor(const Matrix& x, const Eigen::VectorXd& beta, Eigen::Index start, Eigen::Index n,
                      Eigen::Index next, Eigen::VectorXd& eta, Prefetch prefetch_rows = {}) {
  auto e = eta.head(n);
  e.setConstant(beta[0]);
  auto column = [&](Eigen::Index j) { return x.col(j).segment(start, n).template cast<double>(); };
  constexpr Eigen::Index group = 5;
  Eigen::Index j = 0;
  for (; j + group <= x.cols(); j += group) {
    for (Eigen::Index k = j; k < j + group; ++k) prefetch_rows(x, k, start + n, next);
    e = e + beta[j + 1] * column(j) + beta[j + 2] * column(j + 1) + beta[j + 3] * column(j + 2) +
        beta[j + 4] * column(j + 3) + beta[j + 5] * column(j + 4);
  }
  for (; j < x.cols(); ++j) {
    prefetch_rows(x, j, start + n, next);
    e += beta[j + 1] * column(j);
  }
}

/// p = 1 / (1 + exp(-eta)) elementwise without overflow, vectorised: from t = exp(-|eta|),
/// p = 1/(1 + t) where eta >= 0 and t/(1 + t) elsewhere (one exp and one division per
/// element). t is left in `t` for callers that need it (the log-likelihood).
template <class Eta, class T, class P>
void logistic(const Eta& eta, T&& t, P&& p) {
  t = (-eta.abs()).exp();
  p = 1 / (1 + t);
  p = (eta >= 0).select(p, t * p);
}

}  // namespace detail

class irls_statistics {
public:
  irls_statistics() = default;

  /// An empty accumulator for `parameters` coefficients (the intercept included).
  explicit irls_statistics(Eigen::Index parameters)
      : xtwx_(Eigen::MatrixXd::Zero(parameters, parameters)),
        xtwz_(Eigen::VectorXd::Zero(parameters)),
        score_(Eigen::VectorXd::Zero(parameters)) {}

  /// Sums kept elsewhere (a model file): X'WX (symmetric; its lower triangle is kept), X'Wz,
  /// the score X'(w(y - p)), the log-likelihood, the rows and the weight sum.
  irls_statistics(const Eigen::MatrixXd& xtwx, Eigen::VectorXd xtwz, Eigen::VectorXd score, double loglik,
                  std::uint64_t rows, double weight_sum)
      : xtwx_(xtwx.triangularView<Eigen::Lower>()),
        xtwz_(std::move(xtwz)),
        score_(std::move(score)),
        loglik_(loglik),
        rows_(rows),
        weight_sum_(weight_sum) {}

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
    // The block of sqrt(W) (1, x) rows for X'WX, its columns padded with zeros to a multiple
    // of the Gram kernel's tile.
    Eigen::MatrixXd b;
    if (hessian) b = Eigen::MatrixXd::Zero(block_rows, (k + gram_tile - 1) / gram_tile * gram_tile);
    Eigen::VectorXd eta(block_rows), tv(block_rows), pv(block_rows), yv(block_rows), wt(block_rows);
    Eigen::MatrixXd rhs(block_rows, 2);  // columns: w (y - p) and W eta + w (y - p)
    Eigen::MatrixXd cross = Eigen::MatrixXd::Zero(k, 2);
    for (Eigen::Index start = first; start < first + count; start += block_rows) {
      const Eigen::Index n = std::min(block_rows, first + count - start);
      const Eigen::Index next = std::min(block_rows, first + count - start - n);  // rows of the next block
      const auto xb = x.middleRows(start, n).template cast<double>();
      detail::linear_predictor(x, beta, start, n, next, eta);
      // Vectorised over the block; one exp per row: p and log(1 + exp(e)) both from
      // t = exp(-|e|) (detail::logistic), log(1 + exp(e)) = max(e, 0) + log(1 + t).
      // log(1 + t) rather than log1p(t) (which has no vectorised form): for t in (0, 1] its
      // absolute error is below 2^-52, far under the rounding of a sum of many rows.
      const auto e = eta.head(n).array();
      auto t = tv.head(n).array();
      auto pr = pv.head(n).array();
      auto yy = yv.head(n).array();
      auto ws = wt.head(n).array();
      yy = y.segment(start, n).template cast<double>().array();
      if (w.size() == 0) ws.setOnes();
      else ws = w.segment(start, n).template cast<double>().array();
      detail::logistic(e, t, pr);
      loglik_ += (ws * (yy * e - (e.max(0.0) + (1 + t).log()))).sum();
      weight_sum_ += ws.sum();
      rhs.col(0).head(n).array() = ws * (yy - pr);
      ws *= pr * (1 - pr);  // now W_i = w_i p_i (1 - p_i)
      rhs.col(1).head(n).array() = ws * e + rhs.col(0).head(n).array();
      // X'(w (y - p)) and X'(W eta + w (y - p)): two dot products per column, each column's
      // slice of the block read from the cache (a matrix product would first copy the block).
      cross.row(0) += rhs.topRows(n).colwise().sum();
      for (Eigen::Index j = 1; j < k; ++j) {
        const auto col = xb.col(j - 1);
        cross(j, 0) += col.dot(rhs.col(0).head(n));
        cross(j, 1) += col.dot(rhs.col(1).head(n));
      }
      if (!hessian) continue;
      auto bb = b.topRows(n);
      bb.col(0) = ws.sqrt().matrix();
      bb.middleCols(1, k - 1) = bb.col(0).asDiagonal() * xb;
      add_gram(bb, k);
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

  /// Writes or reads the state (credo/core/archive.hpp).
  template <class Archive>
  void serialize(Archive& ar) {
    ar(xtwx_, xtwz_, score_, loglik_, rows_, weight_sum_);
    ar.check(xtwx_.rows() == xtwz_.size() && xtwx_.cols() == xtwz_.size() && score_.size() == xtwz_.size(),
             "irls_statistics: X'WX, X'Wz and the score of unequal sizes");
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
  /// Rows and columns of one tile of the Gram kernel.
  static constexpr Eigen::Index gram_tile = 4;

  /// The lower triangle of X'WX += B'B for the block B (n rows, the first k of its columns;
  /// its column count a multiple of gram_tile, the extra columns zero). Tiles of 4 x 4
  /// entries, each a sum over the rows in SIMD packets: 16 accumulators and 8 loads per packet
  /// of rows, so the multiply-adds rather than the loads set the pace; Eigen's rank update
  /// first packs (copies) a block this narrow. The order of the sums is fixed, so the result
  /// does not depend on threads.
  void add_gram(const Eigen::Ref<const Eigen::MatrixXd>& bb, Eigen::Index k) {
    using namespace Eigen::internal;
    using packet = packet_traits<double>::type;
    constexpr Eigen::Index lanes = packet_traits<double>::size;
    const Eigen::Index n = bb.rows(), ld = bb.outerStride(), vec_rows = n / lanes * lanes;
    for (Eigen::Index a0 = 0; a0 < k; a0 += gram_tile) {
      const double* a[gram_tile];
      for (Eigen::Index r = 0; r < gram_tile; ++r) a[r] = bb.data() + (a0 + r) * ld;
      for (Eigen::Index c0 = 0; c0 <= a0; c0 += gram_tile) {
        const double* c[gram_tile];
        for (Eigen::Index q = 0; q < gram_tile; ++q) c[q] = bb.data() + (c0 + q) * ld;
        // Sixteen named accumulators: as an array, GCC kept them in memory.
        packet s00 = pset1<packet>(0.0), s01 = s00, s02 = s00, s03 = s00, s10 = s00, s11 = s00, s12 = s00,
               s13 = s00, s20 = s00, s21 = s00, s22 = s00, s23 = s00, s30 = s00, s31 = s00, s32 = s00, s33 = s00;
        for (Eigen::Index i = 0; i < vec_rows; i += lanes) {
          const packet c0v = ploadu<packet>(c[0] + i), c1v = ploadu<packet>(c[1] + i),
                       c2v = ploadu<packet>(c[2] + i), c3v = ploadu<packet>(c[3] + i);
          packet av = ploadu<packet>(a[0] + i);
          s00 = pmadd(av, c0v, s00), s01 = pmadd(av, c1v, s01), s02 = pmadd(av, c2v, s02), s03 = pmadd(av, c3v, s03);
          av = ploadu<packet>(a[1] + i);
          s10 = pmadd(av, c0v, s10), s11 = pmadd(av, c1v, s11), s12 = pmadd(av, c2v, s12), s13 = pmadd(av, c3v, s13);
          av = ploadu<packet>(a[2] + i);
          s20 = pmadd(av, c0v, s20), s21 = pmadd(av, c1v, s21), s22 = pmadd(av, c2v, s22), s23 = pmadd(av, c3v, s23);
          av = ploadu<packet>(a[3] + i);
          s30 = pmadd(av, c0v, s30), s31 = pmadd(av, c1v, s31), s32 = pmadd(av, c2v, s32), s33 = pmadd(av, c3v, s33);
        }
        const packet sums[gram_tile][gram_tile] = {
            {s00, s01, s02, s03}, {s10, s11, s12, s13}, {s20, s21, s22, s23}, {s30, s31, s32, s33}};
        for (Eigen::Index r = 0; r < gram_tile; ++r)
          for (Eigen::Index q = 0; q < gram_tile; ++q) {
            const Eigen::Index ar = a0 + r, cq = c0 + q;
            if (ar >= k || cq > ar) continue;
            double sum = predux(sums[r][q]);
            for (Eigen::Index i = vec_rows; i < n; ++i) sum += a[r][i] * c[q][i];
            xtwx_(ar, cq) += sum;
          }
      }
    }
  }

  Eigen::MatrixXd xtwx_;  // the lower triangle holds the values, the upper one stays zero
  Eigen::VectorXd xtwz_;
  Eigen::VectorXd score_;
  double loglik_ = 0;
  std::uint64_t rows_ = 0;
  double weight_sum_ = 0;
};

}  // namespace credo::model
