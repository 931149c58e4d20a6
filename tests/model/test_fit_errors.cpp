#include <credo/model/logistic_regression.hpp>

#include <doctest/doctest.h>

#include <limits>
#include <string>
#include <vector>

using credo::model::fit_options;
using credo::model::logistic_regression;
namespace penalty = credo::model::penalty;
namespace solver = credo::model::solver;

namespace {

template <class Real>
struct small {
  Eigen::Matrix<Real, Eigen::Dynamic, Eigen::Dynamic> x{{1, 5}, {2, 7}, {3, 8}, {4, 1}, {5, 2}, {6, 3}};
  Eigen::Matrix<Real, Eigen::Dynamic, 1> y{{0, 1, 0, 1, 1, 0}};
  std::vector<std::string> names{"a", "b"};
};

}  // namespace

TEST_CASE_TEMPLATE("bad input is refused with an id, the row and the column", Real, float, double) {
  small<Real> s;
  logistic_regression<Real> m;
  using vec = Eigen::Matrix<Real, Eigen::Dynamic, 1>;
  using mat = Eigen::Matrix<Real, Eigen::Dynamic, Eigen::Dynamic>;

  CHECK_THROWS_WITH_AS(m.fit(s.x, vec(s.y.head(5)), s.names),
                       "[credo.model.row_count] the target has 5 rows, X 6", credo::invalid_input);
  CHECK_THROWS_WITH_AS(m.fit(s.x, s.y, s.names, vec::Ones(4)),
                       "[credo.model.row_count] the weights have 4 rows, X 6", credo::invalid_input);
  CHECK_THROWS_WITH_AS(m.fit(s.x, s.y, {"a"}), "[credo.model.name_count] X has 2 columns but 1 names were given",
                       credo::invalid_input);
  CHECK_THROWS_WITH_AS(m.fit(mat(0, 2), vec(0), s.names), "[credo.model.no_rows] X has no rows",
                       credo::invalid_input);

  auto x = s.x;
  x(3, 1) = std::numeric_limits<Real>::quiet_NaN();
  CHECK_THROWS_WITH_AS(m.fit(x, s.y, s.names), "[credo.model.not_finite] X row 3, column 'b': nan is not a finite number",
                       credo::invalid_input);
  x(3, 1) = std::numeric_limits<Real>::infinity();
  CHECK_THROWS_WITH_AS(m.fit(x, s.y, s.names), "[credo.model.not_finite] X row 3, column 'b': inf is not a finite number",
                       credo::invalid_input);

  auto y = s.y;
  y[2] = 2;
  CHECK_THROWS_WITH_AS(m.fit(s.x, y, s.names),
                       "[credo.model.target_not_binary] target, row 2: 2 is neither 0 (good) nor 1 (bad)",
                       credo::invalid_input);

  vec w = vec::Ones(6);
  w[4] = -1;
  CHECK_THROWS_WITH_AS(m.fit(s.x, s.y, s.names, w),
                       "[credo.model.bad_weight] weight, row 4: -1 is not a finite number >= 0", credo::invalid_input);

  CHECK_THROWS_WITH_AS(m.fit(s.x, vec::Zero(6), s.names),
                       "[credo.model.single_class] every row with a positive weight is good; a logistic "
                       "regression needs both classes",
                       credo::invalid_input);
  // Rows of weight 0 do not count: only bad rows are left.
  vec only_bad_weighted(6);
  only_bad_weighted << 0, 1, 0, 1, 1, 0;
  CHECK_THROWS_WITH_AS(m.fit(s.x, s.y, s.names, only_bad_weighted),
                       "[credo.model.single_class] every row with a positive weight is bad; a logistic "
                       "regression needs both classes",
                       credo::invalid_input);
  CHECK_FALSE(m.fitted());  // nothing half-written

  // Prediction needs a fit and the fitted number of columns.
  REQUIRE(m.fit(s.x, s.y, s.names) == credo::model::fit_status::success);
  CHECK_THROWS_WITH_AS(m.predict_proba(mat::Ones(2, 3)), "[credo.model.column_count] X has 3 columns, the model 2",
                       credo::invalid_input);
  // Into a caller's vector: its size must be X's rows, and a refused call writes nothing.
  vec out = vec::Constant(3, Real(-7));
  CHECK_THROWS_WITH_AS(m.predict_proba(mat::Ones(2, 2), out),
                       "[credo.model.output_size] the output has 3 entries, X 2 rows", credo::invalid_input);
  CHECK_THROWS_WITH_AS(m.decision_function(mat::Ones(3, 3), out),
                       "[credo.model.column_count] X has 3 columns, the model 2", credo::invalid_input);
  CHECK((out.array() == Real(-7)).all());
  CHECK_THROWS_WITH_AS(m.coefficient("c"), "[credo.model.unknown_column] no column 'c' in the model",
                       credo::invalid_input);
  // A refused fit leaves the previous estimates alone.
  const auto before = m.params();
  CHECK_THROWS_AS(m.fit(x, s.y, s.names), credo::invalid_input);
  CHECK(m.fitted());
  CHECK(m.params() == before);
}

TEST_CASE("bad penalties and options are refused") {
  small<double> s;
  logistic_regression<double, penalty::l2> neg(penalty::l2{-1});
  CHECK_THROWS_WITH_AS(neg.fit(s.x, s.y, s.names),
                       "[credo.model.bad_penalty] penalty::l2: lambda = -1.000000 is not a finite number >= 0",
                       credo::invalid_input);
  logistic_regression<double, penalty::elastic_net> en(penalty::elastic_net{1, 1.5});
  CHECK_THROWS_WITH_AS(en.fit(s.x, s.y, s.names),
                       "[credo.model.bad_penalty] penalty::elastic_net: alpha = 1.500000 is outside [0, 1]",
                       credo::invalid_input);
  fit_options o;
  o.max_iter = 0;
  logistic_regression<> m(o);
  CHECK_THROWS_WITH_AS(m.fit(s.x, s.y, s.names),
                       "[credo.model.bad_option] fit_options: max_iter must be >= 1, tolerance > 0 and max_halvings >= 0",
                       credo::invalid_input);
}

TEST_CASE("penalties and solvers are checked by their concepts") {
  static_assert(credo::model::penalty_policy<penalty::none>);
  static_assert(credo::model::penalty_policy<penalty::l2>);
  static_assert(credo::model::penalty_policy<penalty::elastic_net>);
  static_assert(!credo::model::penalty_policy<int>);
  static_assert(!credo::model::penalty_policy<solver::newton>);
  static_assert(credo::model::solver_policy<solver::newton>);
  static_assert(credo::model::solver_policy<solver::coordinate_descent>);
  static_assert(!credo::model::solver_policy<penalty::l2>);
  // logistic_regression<double, int> fails to compile with
  // "Penalty must model credo::model::penalty_policy".
  CHECK(true);
}
