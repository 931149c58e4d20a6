// The German credit design matrix of tests/reference/logit_reference.json, rebuilt in C++.
#pragma once

#include "german_credit.hpp"
#include <credo/io/csv.hpp>
#include <credo/model/logistic_regression.hpp>

#include <nlohmann/json.hpp>
#include <test_support.hpp>

#include <Eigen/Core>

#include <fstream>
#include <string>
#include <vector>

namespace credo::test {

inline const nlohmann::json& logit_reference() {
  static const nlohmann::json j = [] {
    std::ifstream in(reference_path("logit_reference.json"));
    return nlohmann::json::parse(in);
  }();
  return j;
}

template <class Real>
struct german_design {
  Eigen::Matrix<Real, Eigen::Dynamic, Eigen::Dynamic> x;
  Eigen::Matrix<Real, Eigen::Dynamic, 1> y;
  std::vector<std::string> names;
};

/// The 7 numeric columns and the one-hot dummies named in the reference JSON, target bad = 1.
template <class Real>
german_design<Real> german_design_matrix() {
  const auto t = credo::test::german_credit();
  const auto& cols = logit_reference()["columns"];
  german_design<Real> d;
  const auto n = static_cast<Eigen::Index>(t.rows());
  d.x.resize(n, static_cast<Eigen::Index>(cols.size()));
  d.y.resize(n);
  for (Eigen::Index i = 0; i < n; ++i) d.y[i] = static_cast<Real>(t.target()[static_cast<std::size_t>(i)]);
  Eigen::Index j = 0;
  for (const auto& c : cols) {
    const auto& col = t[c["source"].get<std::string>()];
    d.names.push_back(c["name"].get<std::string>());
    for (Eigen::Index i = 0; i < n; ++i) {
      const auto r = static_cast<std::size_t>(i);
      if (c["label"].is_null()) {
        d.x(i, j) = static_cast<Real>(col.values()[r]);
      } else {
        const auto code = col.codes()[r];
        d.x(i, j) = code >= 0 && col.dictionary()[static_cast<std::size_t>(code)] == c["label"].get<std::string>() ? 1 : 0;
      }
    }
    ++j;
  }
  return d;
}

/// Relative difference |a - b| / max(|b|, floor).
inline double rel_diff(double a, double b, double floor = 1e-300) {
  return std::abs(a - b) / std::max(std::abs(b), floor);
}

}  // namespace credo::test
