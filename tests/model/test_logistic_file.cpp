// Logistic model files (credo.logistic/1): a loaded model answers every accessor and predicts
// every row as the fitted one did, bit for bit; files that are damaged, hostile or for another
// model type are refused with an id and the JSON path, and nothing is loaded.
#include "german_credit.hpp"
#include "model_data.hpp"

#include <credo/io/logistic_file.hpp>

#include <doctest/doctest.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <string>

namespace model = credo::model;
namespace io = credo::io;
using credo::test::german_design_matrix;

namespace {

/// Equal bits, NaN equal to NaN (the covariance of a coefficient an l1 penalty set to 0).
template <class A, class B>
bool same_bits(const A& a, const B& b) {
  if (a.rows() != b.rows() || a.cols() != b.cols()) return false;
  for (Eigen::Index r = 0; r < a.rows(); ++r)
    for (Eigen::Index c = 0; c < a.cols(); ++c)
      if (!(a(r, c) == b(r, c) || (std::isnan(a(r, c)) && std::isnan(b(r, c))))) return false;
  return true;
}

template <class Model>
void check_same_model(const Model& got, const Model& want, const typename Model::matrix_type& x) {
  CHECK(got.info() == want.info());
  CHECK(got.message() == want.message());
  CHECK(got.iterations() == want.iterations());
  CHECK(got.feature_names() == want.feature_names());
  CHECK(same_bits(got.params(), want.params()));
  CHECK(same_bits(got.covariance(), want.covariance()));
  CHECK(same_bits(got.std_errors(), want.std_errors()));
  CHECK(same_bits(got.p_values(), want.p_values()));
  CHECK(got.log_likelihood() == want.log_likelihood());
  CHECK(got.null_log_likelihood() == want.null_log_likelihood());
  CHECK(got.aic() == want.aic());
  CHECK(got.bic() == want.bic());
  CHECK(got.nobs() == want.nobs());
  CHECK(got.n_parameters() == want.n_parameters());
  CHECK(got.statistics() == want.statistics());
  CHECK(got.penalty().l2_weight() == want.penalty().l2_weight());
  CHECK(got.penalty().l1_weight() == want.penalty().l1_weight());
  CHECK((got.predict_proba(x).array() == want.predict_proba(x).array()).all());
}

std::string edited(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  return text.replace(at, from.size(), to);
}

}  // namespace

TEST_CASE_TEMPLATE("a saved and loaded logistic model is the fitted one, bit for bit", Real, float, double) {
  const auto d = german_design_matrix<Real>();
  model::logistic_regression<Real> m;
  REQUIRE(m.fit(d.x, d.y, d.names) == model::fit_status::success);
  const auto path = (std::filesystem::temp_directory_path() / "credo_test_logistic.json").string();
  io::save_logistic(m, path);
  const auto loaded = io::load_logistic<model::logistic_regression<Real>>(path);
  std::remove(path.c_str());
  check_same_model(loaded, m, d.x);
}

TEST_CASE("penalised models keep their penalty; an l1 zero keeps its NaN covariance") {
  const auto d = german_design_matrix<double>();
  using net = model::logistic_regression<double, model::penalty::elastic_net>;
  net m(model::penalty::elastic_net{.lambda = 40, .alpha = 0.9});
  REQUIRE(m.fit(d.x, d.y, d.names) == model::fit_status::success);
  REQUIRE(m.n_parameters() < static_cast<Eigen::Index>(d.names.size()) + 1);  // the lasso part set some to 0
  const auto text = io::logistic_to_string(m);
  CHECK(text.find("null") != std::string::npos);
  const auto loaded = io::logistic_from_string<net>(text);
  check_same_model(loaded, m, d.x);
  CHECK(loaded.penalty().lambda == 40);
  CHECK(loaded.penalty().alpha == 0.9);

  using ridge = model::logistic_regression<double, model::penalty::l2>;
  ridge r(model::penalty::l2{.lambda = 3});
  REQUIRE(r.fit(d.x, d.y, d.names) == model::fit_status::success);
  check_same_model(io::logistic_from_string<ridge>(io::logistic_to_string(r)), r, d.x);
}

TEST_CASE("damaged, hostile and mismatched logistic model files are refused with an id and a path") {
  const auto d = german_design_matrix<double>();
  model::logistic_regression<> m;
  REQUIRE(m.fit(d.x, d.y, d.names) == model::fit_status::success);
  const std::string text = io::logistic_to_string(m, -1);
  auto load = [](const std::string& t) { return io::logistic_from_string(t); };

  // Every truncation is refused, none crashes or loads.
  for (std::size_t len = 0; len < text.size(); len += 11) CHECK_THROWS_AS(load(text.substr(0, len)), credo::io_error);
  CHECK_THROWS_WITH_AS(load(edited(text, "credo.logistic/1", "credo.logistic/3")),
                       "[credo.model_file.newer_version] schema: version 3 is newer than this build reads (1)",
                       credo::io_error);
  CHECK_THROWS_WITH_AS(load(edited(text, "credo.logistic/1", "credo.scorecard/1")),
                       "[credo.model_file.unknown_schema] schema: 'credo.scorecard/1' is not a credo logistic model "
                       "('credo.logistic/N')",
                       credo::io_error);
  CHECK_THROWS_WITH_AS(io::logistic_from_string<model::logistic_regression<float>>(text),
                       "[credo.model_file.type_mismatch] real: the file's model has real 'double', the model type "
                       "'float'",
                       credo::io_error);
  using ridge = model::logistic_regression<double, model::penalty::l2>;
  CHECK_THROWS_WITH_AS(io::logistic_from_string<ridge>(text),
                       "[credo.model_file.type_mismatch] penalty.kind: the file's model has penalty 'none', the model "
                       "type 'l2'",
                       credo::io_error);
  const std::string k = std::to_string(d.names.size() + 1), k1 = std::to_string(d.names.size() + 2);
  CHECK_THROWS_WITH_AS(load(edited(text, "\"params\":[", "\"params\":[1,")),
                       ("[credo.model_file.bad_value] params: " + k1 + " values, expected " + k).c_str(), credo::io_error);
  CHECK_THROWS_WITH_AS(load(edited(text, "\"params\":[", "\"params\":[null,")),
                       "[credo.model_file.wrong_type] params[0]: expected a number, got null", credo::io_error);
  CHECK_THROWS_WITH_AS(load(edited(text, "\"status\":\"success\"", "\"status\":\"separation\"")),
                       "[credo.model_file.bad_value] status: 'separation' is not one of success, no_convergence",
                       credo::io_error);
  CHECK_THROWS_WITH_AS(load(edited(text, "\"nobs\":", "\"nobs\":0,\"was\":")),
                       "[credo.model_file.bad_value] (root): [credo.model.bad_estimates] the log-likelihoods must be "
                       "finite and nobs > 0",
                       credo::io_error);
  CHECK_THROWS_WITH_AS(load(edited(text, "\"xtwx\":[[", "\"xtwx\":[[0,")),
                       ("[credo.model_file.bad_value] statistics.xtwx[0]: " + k1 + " values, expected " + k).c_str(),
                       credo::io_error);
  CHECK_THROWS_WITH_AS(load(edited(text, "\"xtwx\":[", "\"xtwx\":[[],")),
                       ("[credo.model_file.bad_value] statistics.xtwx: " + k1 + " rows, expected " + k).c_str(),
                       credo::io_error);
  CHECK_THROWS_WITH_AS(load(edited(text, "\"features\":[", "\"features\":[\"extra\",")),
                       ("[credo.model_file.bad_value] params: " + k + " values, expected " + k1).c_str(), credo::io_error);
  CHECK_THROWS_WITH_AS(io::logistic_from_string(text, {.max_file_bytes = 10}),
                       ("[credo.model_file.too_large] (file): " + std::to_string(text.size()) + " bytes, more than the limit 10").c_str(),
                       credo::io_error);
  // A model without estimates has nothing to save.
  CHECK_THROWS_AS(io::logistic_to_string(model::logistic_regression<>{}), credo::logic_error);
}

TEST_CASE("restore refuses estimates that no fit could have made and leaves the model alone") {
  const auto d = german_design_matrix<double>();
  model::logistic_regression<> m, other;
  REQUIRE(m.fit(d.x, d.y, d.names) == model::fit_status::success);
  REQUIRE(other.fit(d.x.leftCols(3), d.y, {d.names[0], d.names[1], d.names[2]}) == model::fit_status::success);
  const auto before = other.params();
  auto parts = m.parts();
  parts.params[2] = std::numeric_limits<double>::infinity();
  CHECK_THROWS_WITH_AS(other.restore(parts), "[credo.model.bad_estimates] a parameter is not finite", credo::invalid_input);
  parts = m.parts();
  parts.status = model::fit_status::singular;
  CHECK_THROWS_WITH_AS(other.restore(parts), "[credo.model.bad_estimates] a fit with status singular has no estimates",
                       credo::invalid_input);
  parts = m.parts();
  parts.n_parameters = 0;
  CHECK_THROWS_AS(other.restore(parts), credo::invalid_input);
  parts = m.parts();
  parts.covariance.conservativeResize(2, 2);
  CHECK_THROWS_AS(other.restore(parts), credo::invalid_input);
  CHECK((other.params().array() == before.array()).all());  // untouched
  other.restore(m.parts());
  CHECK((other.params().array() == m.params().array()).all());
}
