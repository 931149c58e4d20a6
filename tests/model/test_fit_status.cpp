#include "model_data.hpp"

#include <credo/model/logistic_regression.hpp>

#include <doctest/doctest.h>

#include <string>
#include <vector>

using credo::model::fit_options;
using credo::model::fit_status;
using credo::model::logistic_regression;
namespace penalty = credo::model::penalty;
using credo::test::german_design_matrix;

namespace {

template <class Real>
using matrix = Eigen::Matrix<Real, Eigen::Dynamic, Eigen::Dynamic>;

// The 7 numeric German credit columns plus one more column `extra`.
template <class Real>
credo::test::german_design<Real> with_extra(const Eigen::Matrix<Real, Eigen::Dynamic, 1>& extra) {
  auto d = german_design_matrix<Real>();
  matrix<Real> x(d.x.rows(), 8);
  x << d.x.leftCols(7), extra;
  d.x = x;
  d.names.resize(7);
  d.names.push_back("extra");
  return d;
}

}  // namespace

TEST_CASE_TEMPLATE("a column that separates the classes is named, with a way out", Real, float, double) {
  auto d = german_design_matrix<Real>();
  // 'flag' is 1 on a few bad rows and 0 elsewhere: every row with flag = 1 is bad, so its
  // coefficient runs to +infinity (quasi-complete separation).
  Eigen::Matrix<Real, Eigen::Dynamic, 1> flag = Eigen::Matrix<Real, Eigen::Dynamic, 1>::Zero(d.y.size());
  int set = 0;
  for (Eigen::Index i = 0; i < d.y.size() && set < 20; ++i)
    if (d.y[i] == 1) flag[i] = 1, ++set;
  auto e = with_extra<Real>(flag);
  e.names.back() = "flag";
  logistic_regression<Real> m;
  CHECK(m.fit(e.x, e.y, e.names) == fit_status::separation);
  CHECK(m.info() == fit_status::separation);
  CHECK(m.message() ==
        "column 'flag' separates the classes (every bad row has flag >= 0 and every good row flag <= 0): "
        "the maximum-likelihood estimate does not exist; drop or re-bin the column, or fit with penalty::l2");
  CHECK_FALSE(m.fitted());
  CHECK_THROWS_WITH_AS(m.params(),
                       ("[credo.model.not_fitted] the last fit ended with status separation and has no estimates: " +
                        m.message()).c_str(),
                       credo::logic_error);

  SUBCASE("a ridge penalty gives finite estimates") {
    logistic_regression<Real, penalty::l2> r(penalty::l2{1.0});
    CHECK(r.fit(e.x, e.y, e.names) == fit_status::success);
    CHECK(std::isfinite(static_cast<double>(r.coefficient("flag"))));
    CHECK(r.coefficient("flag") > 1);
  }
}

TEST_CASE("a continuous column separating the classes completely is named") {
  Eigen::MatrixXd x(6, 2);
  x << 1, 0.3, 2, 0.1, 3, 0.7, 4, 0.2, 5, 0.9, 6, 0.4;
  Eigen::VectorXd y(6);
  y << 1, 1, 1, 0, 0, 0;
  logistic_regression<> m;
  CHECK(m.fit(x, y, {"score", "noise"}) == fit_status::separation);
  CHECK(m.message() ==
        "column 'score' separates the classes (every bad row has score <= 3 and every good row score >= 4): "
        "the maximum-likelihood estimate does not exist; drop or re-bin the column, or fit with penalty::l2");
}

TEST_CASE_TEMPLATE("a duplicate column makes the design singular and is named", Real, float, double) {
  const auto base = german_design_matrix<Real>();
  auto d = with_extra<Real>(base.x.col(1));  // credit_amount again
  d.names.back() = "credit_amount_copy";
  logistic_regression<Real> m;
  CHECK(m.fit(d.x, d.y, d.names) == fit_status::singular);
  CHECK(m.message().starts_with("column 'credit_amount_copy' is collinear with 'credit_amount' (1 - R^2 = "));
  CHECK(m.message().ends_with("); drop one of them"));
  CHECK_FALSE(m.fitted());

  SUBCASE("a linear combination names every column in it") {
    Eigen::Matrix<Real, Eigen::Dynamic, 1> sum = base.x.col(0) + base.x.col(4);  // duration + age
    auto s = with_extra<Real>(sum);
    CHECK(m.fit(s.x, s.y, s.names) == fit_status::singular);
    CHECK(m.message().starts_with("column 'extra' is collinear with 'duration' and 'age' (1 - R^2 = "));
  }
  SUBCASE("a constant column is collinear with the intercept") {
    auto c = with_extra<Real>(Eigen::Matrix<Real, Eigen::Dynamic, 1>::Constant(base.y.size(), 3));
    CHECK(m.fit(c.x, c.y, c.names) == fit_status::singular);
    CHECK(m.message() == "column 'extra' is constant, collinear with the intercept; drop it");
  }
  SUBCASE("an all-zero column") {
    auto c = with_extra<Real>(Eigen::Matrix<Real, Eigen::Dynamic, 1>::Zero(base.y.size()));
    CHECK(m.fit(c.x, c.y, c.names) == fit_status::singular);
    CHECK(m.message() == "column 'extra' is 0 in every row with a positive weight");
  }
}

TEST_CASE_TEMPLATE("max_iter = 1 reports no convergence and keeps the iterate", Real, float, double) {
  const auto d = german_design_matrix<Real>();
  fit_options o;
  o.max_iter = 1;
  logistic_regression<Real> m(o);
  CHECK(m.fit(d.x, d.y, d.names) == fit_status::no_convergence);
  CHECK(m.message() == "no convergence in 1 iterations (max_iter = 1); raise max_iter, or scale or drop columns");
  CHECK(m.iterations() == 1);
  REQUIRE(m.fitted());
  // One Newton step from the null model already improves the likelihood but is not the optimum.
  logistic_regression<Real> full;
  REQUIRE(full.fit(d.x, d.y, d.names) == fit_status::success);
  CHECK(m.log_likelihood() > m.null_log_likelihood());
  CHECK(m.log_likelihood() < full.log_likelihood());
}

TEST_CASE("before any fit the model has no estimates") {
  logistic_regression<> m;
  CHECK_FALSE(m.fitted());
  CHECK_THROWS_WITH_AS(m.params(), "[credo.model.not_fitted] the model has not been fitted; call fit()",
                       credo::logic_error);
  CHECK(std::string(credo::model::to_string(fit_status::singular)) == "singular");
}
