// German credit as the fairness tests group it (tests/reference/fairness_reference.py and
// fairness_ratios_reference.py build the same table): a `sex` column from personal_status
// (its labels start with "male" or "female"), and optionally row weights 1 + (row mod 3).
#pragma once

#include "german_credit.hpp"

#include <test_support.hpp>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <string>
#include <utility>
#include <vector>

namespace credo::test {

inline credo::table german_with_sex(bool weighted) {
  auto t = german_credit();
  std::vector<std::string> sex;
  const auto& ps = t["personal_status"];
  for (auto code : ps.codes()) {
    const auto& label = ps.dictionary()[static_cast<std::size_t>(code)];
    sex.push_back(label.rfind("female", 0) == 0 ? "female" : "male");
  }
  t.add(credo::column::categorical_from_labels("sex", sex));
  if (weighted) {
    std::vector<double> w(t.rows());
    for (std::size_t r = 0; r < w.size(); ++r) w[r] = 1.0 + static_cast<double>(r % 3);
    t.set_weights(std::move(w));
  }
  return t;
}

/// A committed reference file of tests/reference, parsed; callers keep it in a
/// function-local static: `static const auto j = reference_json("x.json");`.
inline nlohmann::json reference_json(const std::string& name) {
  std::ifstream in(reference_path(name));
  REQUIRE(in.good());
  return nlohmann::json::parse(in);
}

}  // namespace credo::test
