// The IRLS pass's cache hint (detail/kernels/prefetch.hpp) changes when memory is read, never
// a result: the linear predictor is the same bit for bit with the hint and with the plain
// reference, on contiguous, strided and row-major X.
#include <credo/model/irls_statistics.hpp>

#include <doctest/doctest.h>

#include <Eigen/Core>

#include <random>

namespace {

template <class Matrix>
void check_same(const Matrix& x) {
  std::mt19937_64 rng(3);
  std::normal_distribution<double> z;
  Eigen::VectorXd beta(x.cols() + 1);
  for (Eigen::Index j = 0; j < beta.size(); ++j) beta[j] = z(rng);
  const Eigen::Index n = x.rows();
  for (Eigen::Index start : {Eigen::Index{0}, n / 3}) {
    const Eigen::Index m = std::min<Eigen::Index>(97, n - start), next = std::min<Eigen::Index>(97, n - start - m);
    Eigen::VectorXd with(m), without(m);
    credo::model::detail::linear_predictor(x, beta, start, m, next, with, credo::model::detail::prefetch_hint{});
    credo::model::detail::linear_predictor(x, beta, start, m, next, without, credo::model::detail::no_prefetch_hint{});
    CHECK((with.array() == without.array()).all());
    // and both are the predictor by its definition, eta = beta_0 + sum_j beta_{j+1} x_ij
    for (Eigen::Index i = 0; i < m; ++i) {
      double eta = beta[0];
      for (Eigen::Index j = 0; j < x.cols(); ++j) eta += beta[j + 1] * static_cast<double>(x(start + i, j));
      CHECK(with[i] == doctest::Approx(eta).epsilon(1e-12));
    }
  }
}

}  // namespace

TEST_CASE("linear_predictor: the prefetch hint and the plain reference agree bit for bit") {
  std::mt19937_64 rng(9);
  std::normal_distribution<double> z;
  for (Eigen::Index cols : {1, 4, 5, 7, 11}) {
    CAPTURE(cols);
    Eigen::MatrixXd x(300, cols);
    for (Eigen::Index i = 0; i < x.size(); ++i) x.data()[i] = z(rng);
    check_same(x);
    const Eigen::MatrixXf xf = x.cast<float>();
    check_same(xf);
    const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> rows = x;
    check_same(rows);
    Eigen::MatrixXd wide(300, 2 * cols);
    wide.leftCols(cols) = x;
    check_same(Eigen::Ref<const Eigen::MatrixXd>(wide.leftCols(cols)));
  }
}
