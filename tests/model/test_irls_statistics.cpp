#include "model_data.hpp"

#include <credo/model/irls_statistics.hpp>

#include <doctest/doctest.h>

#include <cmath>

using credo::model::irls_statistics;

TEST_CASE("IRLS statistics of one row, by hand") {
  // x = (2), y = 1, w = 3, beta = (0.5, -0.25): eta = 0, p = 1/2, W = 3/4, w (y - p) = 3/2.
  irls_statistics s(2);
  Eigen::RowVectorXd x(1);
  x << 2.0;
  s(x, 0.0, true, 3.0);
  CHECK(s.xtwx()(0, 0) == 0.75);
  CHECK(s.xtwx()(1, 0) == 1.5);
  CHECK(s.xtwx()(0, 1) == 1.5);
  CHECK(s.xtwx()(1, 1) == 3.0);
  CHECK(s.score()[0] == 1.5);
  CHECK(s.score()[1] == 3.0);
  CHECK(s.xtwz()[1] == 3.0);  // W eta + w (y - p) = 0 + 3/2, times x = 2
  CHECK(s.loglik() == doctest::Approx(-3 * std::log(2.0)));
  CHECK(s.rows() == 1);
  CHECK(s.weight_sum() == 3);
}

TEST_CASE("blocks, single rows and merged parts give the same statistics") {
  const auto d = credo::test::german_design_matrix<double>();
  Eigen::VectorXd beta = Eigen::VectorXd::Zero(d.x.cols() + 1);
  beta[0] = -0.8;
  beta[1] = 0.02;
  beta[2] = 1e-4;
  const Eigen::VectorXd w;  // no weights
  const Eigen::Index n = d.x.rows(), k = beta.size();

  irls_statistics whole(k);
  whole.add_rows(d.x, d.y, w, beta, 0, n);
  irls_statistics rows(k);
  for (Eigen::Index i = 0; i < n; ++i) {
    const double eta = beta[0] + d.x.row(i).dot(beta.tail(k - 1));
    rows(d.x.row(i), eta, d.y[i] == 1);
  }
  irls_statistics a(k), b(k);
  a.add_rows(d.x, d.y, w, beta, 0, 300);
  b.add_rows(d.x, d.y, w, beta, 300, n - 300);
  irls_statistics merged = a;
  merged += b;

  for (const auto* s : {&rows, &merged}) {
    CHECK(s->rows() == 1000);
    CHECK(s->weight_sum() == 1000);
    CHECK(s->loglik() == doctest::Approx(whole.loglik()).epsilon(1e-12));
    CHECK((s->xtwx() - whole.xtwx()).cwiseAbs().maxCoeff() <= 1e-10 * whole.xtwx().cwiseAbs().maxCoeff());
    CHECK((s->xtwz() - whole.xtwz()).cwiseAbs().maxCoeff() <= 1e-10 * whole.xtwz().cwiseAbs().maxCoeff());
    CHECK((s->score() - whole.score()).cwiseAbs().maxCoeff() <= 1e-9 * whole.score().cwiseAbs().maxCoeff());
  }
  // X'Wz = X'WX beta + score (the working response expanded).
  const Eigen::VectorXd expanded = whole.xtwx() * beta + whole.score();
  CHECK((whole.xtwz() - expanded).cwiseAbs().maxCoeff() <= 1e-9 * whole.xtwz().cwiseAbs().maxCoeff());

  // Merging is exact and order-free for two parts; an empty accumulator is neutral.
  irls_statistics ba = b;
  ba += a;
  CHECK(ba == merged);
  irls_statistics empty;
  empty += merged;
  CHECK(empty == merged);
  merged += irls_statistics{};
  CHECK(empty == merged);
  CHECK_FALSE(a == b);
}
