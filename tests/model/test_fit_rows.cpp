// logistic_regression::fit_rows: the fit's Newton loop over rows a source passes over (chunks
// of a stream, shards elsewhere). A source whose passes are fit()'s gives fit()'s bits; one
// that sums other blocks gives the same estimates up to the rounding of its sums.
#include "model_data.hpp"

#include <credo/model/logistic_regression.hpp>

#include <doctest/doctest.h>

#include <limits>
#include <optional>

using namespace credo::model;

namespace {

/// The rows of X in chunks of `chunk` rows, each chunk's statistics summed in order, as a
/// stream's shards would be.
struct chunked_rows {
  const Eigen::MatrixXd& x;
  const Eigen::VectorXd& y;
  Eigen::Index chunk;
  int passes = 0;

  Eigen::Index columns() const { return x.cols(); }
  void totals(double& bad, double& all) const {
    bad = y.sum();
    all = static_cast<double>(y.size());
  }
  irls_statistics pass(const Eigen::VectorXd& beta, bool hessian) {
    ++passes;
    irls_statistics all(beta.size());
    for (Eigen::Index s = 0; s < x.rows(); s += chunk) {
      const Eigen::Index n = std::min(chunk, x.rows() - s);
      irls_statistics part(beta.size());
      part.add_rows(x, y, Eigen::VectorXd(), beta, s, n, hessian);
      all += part;
    }
    return all;
  }
  std::optional<std::pair<Eigen::VectorXd, Eigen::MatrixXd>> warm_start(double) const { return std::nullopt; }
};

std::vector<logistic_regression<>::column_summary> scan_of(const Eigen::MatrixXd& x, const Eigen::VectorXd& y) {
  constexpr double inf = std::numeric_limits<double>::infinity();
  std::vector<logistic_regression<>::column_summary> s(static_cast<std::size_t>(x.cols()), {true, inf, -inf, inf, -inf});
  for (Eigen::Index j = 0; j < x.cols(); ++j)
    for (Eigen::Index i = 0; i < x.rows(); ++i) {
      auto& c = s[static_cast<std::size_t>(j)];
      const double v = x(i, j);
      if (y[i] == 1) c.min_bad = std::min(c.min_bad, v), c.max_bad = std::max(c.max_bad, v);
      else c.min_good = std::min(c.min_good, v), c.max_good = std::max(c.max_good, v);
    }
  return s;
}

}  // namespace

TEST_CASE("fit_rows over chunked passes reaches fit()'s estimates and standard errors") {
  const auto d = credo::test::german_design_matrix<double>();
  fit_options o;
  o.warm_start_rows = 0;
  logistic_regression<> whole(o);
  REQUIRE(whole.fit(d.x, d.y, d.names) == fit_status::success);
  for (Eigen::Index chunk : {1000, 333, 64, 1}) {
    INFO("chunk " << chunk);
    chunked_rows rows{d.x, d.y, chunk};
    logistic_regression<> streamed(o);
    REQUIRE(streamed.fit_rows(rows, d.names, scan_of(d.x, d.y)) == fit_status::success);
    CHECK(rows.passes > 1);
    CHECK(streamed.iterations() == whole.iterations());
    CHECK((streamed.params() - whole.params()).cwiseAbs().maxCoeff() <= 1e-11);
    CHECK((streamed.std_errors() - whole.std_errors()).cwiseAbs().maxCoeff() <= 1e-11);
    CHECK(streamed.log_likelihood() == doctest::Approx(whole.log_likelihood()).epsilon(1e-13));
    CHECK(streamed.null_log_likelihood() == doctest::Approx(whole.null_log_likelihood()).epsilon(1e-13));
  }
  // One chunk of all rows with fit()'s block size sums as fit() does: the same bits.
  chunked_rows one{d.x, d.y, static_cast<Eigen::Index>(o.rows_per_block)};
  logistic_regression<> same(o);
  REQUIRE(same.fit_rows(one, d.names, scan_of(d.x, d.y)) == fit_status::success);
  CHECK(same.params() == whole.params());
}

TEST_CASE("fit_rows checks the names and runs fit()'s separation check") {
  const auto d = credo::test::german_design_matrix<double>();
  chunked_rows rows{d.x, d.y, 100};
  logistic_regression<> m;
  std::vector<std::string> fewer(d.names.begin(), d.names.end() - 1);
  CHECK_THROWS_WITH(m.fit_rows(rows, fewer, scan_of(d.x, d.y)), doctest::Contains("credo.model.name_count"));
  // A column whose goods all lie below its bads: no finite estimate, status separation.
  Eigen::MatrixXd x = d.x;
  for (Eigen::Index i = 0; i < x.rows(); ++i) x(i, 0) = d.y[i] == 1 ? 10.0 + static_cast<double>(i % 3) : static_cast<double>(i % 5);
  chunked_rows separated{x, d.y, 100};
  CHECK(m.fit_rows(separated, d.names, scan_of(x, d.y)) == fit_status::separation);
}
