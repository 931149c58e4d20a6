// Model files for a logistic regression on raw columns: the fitted estimates as JSON (schema
// credo.logistic/1), loaded into a model that answers every accessor and scores every row as
// the fitted one did, bit for bit. The engine takes such a model as it takes a scorecard:
//
//   credo::io::save_logistic(lr, "pd_model.json");                  // written atomically
//   auto lr = credo::io::load_logistic<credo::model::logistic_regression<>>("pd_model.json");
//   credo::engine::engine<my_features, decltype(lr), credo::decide::cutoff> eng(fs, lr, cutoff);
//
// The file keeps: the real type and the penalty (kind and parameters; they must match the
// model type that loads it), the feature names, the fit's status, message and iterations, the
// coefficients, their covariance (null where an l1 penalty left a coefficient at 0), the fit
// statistics and the sufficient statistics (X'WX, X'Wz, the score). Numbers are written with
// the digits that read back to the same double. Fit options and the solver are not kept: they
// say how to fit, and a loaded model is already fitted (refitting uses the loading model's).
//
// Errors are the model files' (credo.model_file.*, naming the JSON path): a damaged, truncated
// or hostile file, a newer schema, or a file for another real type or penalty is refused, and
// nothing is half-loaded.
#pragma once

#include <credo/core/error.hpp>
#include <credo/io/atomic_file.hpp>
#include <credo/io/model_file.hpp>
#include <credo/model/logistic_regression.hpp>

#include <nlohmann/json.hpp>

#include <Eigen/Core>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace credo::io {

/// The schema name and the version this build writes and reads.
inline constexpr std::string_view logistic_schema = "credo.logistic";
inline constexpr int logistic_schema_version = 1;

namespace detail {

inline nlohmann::json vector_json(const Eigen::VectorXd& v) {
  nlohmann::json a = nlohmann::json::array();
  for (Eigen::Index i = 0; i < v.size(); ++i) a.push_back(v[i]);
  return a;
}

/// Rows of a matrix; NaN (a coefficient an l1 penalty set to 0 has no variance) as null.
inline nlohmann::json matrix_json(const Eigen::MatrixXd& m) {
  nlohmann::json rows = nlohmann::json::array();
  for (Eigen::Index r = 0; r < m.rows(); ++r) {
    nlohmann::json row = nlohmann::json::array();
    for (Eigen::Index c = 0; c < m.cols(); ++c) {
      if (std::isnan(m(r, c)))
        row.push_back(nullptr);
      else
        row.push_back(m(r, c));
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

inline Eigen::VectorXd vector_from(const reader& rd, const nlohmann::json& j, const std::string& path, std::size_t k) {
  const auto v = rd.numbers(j, path, rd.limits().max_characteristics + 1);
  if (v.size() != k)
    reader::fail("bad_value", path, std::to_string(v.size()) + " values, expected " + std::to_string(k));
  return Eigen::Map<const Eigen::VectorXd>(v.data(), static_cast<Eigen::Index>(v.size()));
}

/// A k x k matrix, rows of numbers; null reads as NaN where allow_null.
inline Eigen::MatrixXd matrix_from(const reader& rd, const nlohmann::json& j, const std::string& path, std::size_t k,
                                   bool allow_null) {
  rd.array(j, path, rd.limits().max_characteristics + 1);
  if (j.size() != k) reader::fail("bad_value", path, std::to_string(j.size()) + " rows, expected " + std::to_string(k));
  Eigen::MatrixXd m(static_cast<Eigen::Index>(k), static_cast<Eigen::Index>(k));
  for (std::size_t r = 0; r < k; ++r) {
    const std::string rp = reader::at(path, r);
    const auto& row = rd.array(j[r], rp, rd.limits().max_characteristics + 1);
    if (row.size() != k) reader::fail("bad_value", rp, std::to_string(row.size()) + " values, expected " + std::to_string(k));
    for (std::size_t c = 0; c < k; ++c) {
      const auto& x = row[c];
      m(static_cast<Eigen::Index>(r), static_cast<Eigen::Index>(c)) =
          allow_null && x.is_null() ? std::numeric_limits<double>::quiet_NaN() : reader::number(x, reader::at(rp, c));
    }
  }
  return m;
}

template <class Penalty>
nlohmann::json penalty_json(const Penalty& p) {
  nlohmann::json j{{"kind", std::string(Penalty::name)}};
  if constexpr (requires { p.lambda; }) j["lambda"] = p.lambda;
  if constexpr (requires { p.alpha; }) j["alpha"] = p.alpha;
  return j;
}

template <class Penalty>
Penalty penalty_from(const nlohmann::json& j) {
  const auto& pj = reader::object(j, "", "penalty");
  const std::string kind = reader::string(reader::key(pj, "penalty", "kind"), "penalty.kind");
  if (kind != Penalty::name)
    reader::fail("type_mismatch", "penalty.kind",
                 "the file's model has penalty '" + kind + "', the model type '" + std::string(Penalty::name) + "'");
  Penalty p{};
  if constexpr (requires { p.lambda; }) p.lambda = reader::number(reader::key(pj, "penalty", "lambda"), "penalty.lambda");
  if constexpr (requires { p.alpha; }) p.alpha = reader::number(reader::key(pj, "penalty", "alpha"), "penalty.alpha");
  try {
    p.validate();
  } catch (const invalid_input& e) {
    reader::fail("bad_value", "penalty", e.what());
  }
  return p;
}

}  // namespace detail

/// The fitted model as a JSON document (schema credo.logistic/1). Throws credo.model.not_fitted
/// for a model without estimates.
template <class Real, class Penalty, class Solver>
nlohmann::json logistic_to_json(const model::logistic_regression<Real, Penalty, Solver>& m) {
  const auto f = m.parts();
  const auto& s = f.statistics;
  return {{"schema", std::string(logistic_schema) + "/" + std::to_string(logistic_schema_version)},
          {"real", std::string(detail::real_name<Real>())},
          {"penalty", detail::penalty_json(m.penalty())},
          {"features", f.names},
          {"status", model::to_string(f.status)},
          {"message", f.message},
          {"iterations", f.iterations},
          {"params", detail::vector_json(f.params)},
          {"covariance", detail::matrix_json(f.covariance)},
          {"log_likelihood", f.log_likelihood},
          {"null_log_likelihood", f.null_log_likelihood},
          {"nobs", f.nobs},
          {"n_parameters", f.n_parameters},
          {"statistics",
           {{"xtwx", detail::matrix_json(s.xtwx())},
            {"xtwz", detail::vector_json(s.xtwz())},
            {"score", detail::vector_json(s.score())},
            {"loglik", s.loglik()},
            {"rows", s.rows()},
            {"weight_sum", s.weight_sum()}}}};
}

template <class Real, class Penalty, class Solver>
std::string logistic_to_string(const model::logistic_regression<Real, Penalty, Solver>& m, int indent = 1) {
  return logistic_to_json(m).dump(indent);
}

/// A Model (a model::logistic_regression type) holding the file's estimates. Throws
/// credo::io_error (credo.model_file.*) for a file that does not fit Model or is damaged.
template <class Model = model::logistic_regression<>>
Model logistic_from_json(const nlohmann::json& j, const model_file_limits& limits = {}) {
  using Real = typename Model::real_type;
  using Penalty = typename Model::penalty_type;
  using R = detail::reader;
  const R rd(limits);
  R::expect(j, nlohmann::json::value_t::object, "an object", "(root)");
  R::schema_version(j, logistic_schema, logistic_schema_version, "a credo logistic model");
  const std::string real = R::string(R::key(j, "", "real"), "real");
  if (real != detail::real_name<Real>())
    R::fail("type_mismatch", "real",
            "the file's model has real '" + real + "', the model type '" + std::string(detail::real_name<Real>()) + "'");
  Model m(detail::penalty_from<Penalty>(j));

  typename Model::fitted_parts f;
  const auto& names = rd.array(R::key(j, "", "features"), "features", limits.max_characteristics);
  for (std::size_t i = 0; i < names.size(); ++i) f.names.push_back(R::string(names[i], R::at("features", i)));
  const std::size_t k = f.names.size() + 1;
  f.status = detail::enum_of<model::fit_status>(R::string(R::key(j, "", "status"), "status"), "status",
                                                {{"success", model::fit_status::success},
                                                 {"no_convergence", model::fit_status::no_convergence}});
  f.message = R::string(R::key(j, "", "message"), "message");
  f.iterations = static_cast<int>(R::count(R::key(j, "", "iterations"), "iterations", 1000000));
  f.params = detail::vector_from(rd, R::key(j, "", "params"), "params", k);
  f.covariance = detail::matrix_from(rd, R::key(j, "", "covariance"), "covariance", k, true);
  f.log_likelihood = R::number(R::key(j, "", "log_likelihood"), "log_likelihood");
  f.null_log_likelihood = R::number(R::key(j, "", "null_log_likelihood"), "null_log_likelihood");
  f.nobs = R::number(R::key(j, "", "nobs"), "nobs");
  f.n_parameters = static_cast<Eigen::Index>(R::count(R::key(j, "", "n_parameters"), "n_parameters", k));
  const auto& sj = R::object(j, "", "statistics");
  f.statistics = model::irls_statistics(
      detail::matrix_from(rd, R::key(sj, "statistics", "xtwx"), "statistics.xtwx", k, false),
      detail::vector_from(rd, R::key(sj, "statistics", "xtwz"), "statistics.xtwz", k),
      detail::vector_from(rd, R::key(sj, "statistics", "score"), "statistics.score", k),
      R::number(R::key(sj, "statistics", "loglik"), "statistics.loglik"),
      R::count(R::key(sj, "statistics", "rows"), "statistics.rows", std::numeric_limits<std::size_t>::max()),
      R::number(R::key(sj, "statistics", "weight_sum"), "statistics.weight_sum"));
  try {
    m.restore(std::move(f));
  } catch (const invalid_input& e) {
    R::fail("bad_value", "(root)", e.what());
  }
  return m;
}

/// Parses JSON text into a model (credo.model_file.parse_error, too_large), then as
/// logistic_from_json.
template <class Model = model::logistic_regression<>>
Model logistic_from_string(std::string_view text, const model_file_limits& limits = {}) {
  return logistic_from_json<Model>(detail::reader::parse(text, limits.max_file_bytes), limits);
}

/// Writes the fitted model to `path` atomically (credo.io.write_failed).
template <class Real, class Penalty, class Solver>
void save_logistic(const model::logistic_regression<Real, Penalty, Solver>& m, const std::string& path) {
  write_file_atomic(path, logistic_to_string(m) + "\n");
}

/// Reads a model from `path` (credo.model_file.open_failed, too_large, and the errors of
/// logistic_from_string).
template <class Model = model::logistic_regression<>>
Model load_logistic(const std::string& path, const model_file_limits& limits = {}) {
  return logistic_from_string<Model>(detail::reader::read_file(path, limits.max_file_bytes), limits);
}

}  // namespace credo::io
