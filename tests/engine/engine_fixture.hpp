// Cards shared by the engine tests: a German-credit card (optimal bins, categorical
// characteristics, a special value) and a synthetic 30-characteristic card.
#pragma once

#include <credo/binning/fit.hpp>
#include <credo/io/csv.hpp>
#include <credo/model/scorecard.hpp>

#include "german_credit.hpp"
#include "test_support.hpp"

#include <string>
#include <vector>

namespace credo::test {

inline std::vector<credo::model::characteristic_spec> german_specs(const credo::table& t) {
  std::vector<credo::binning::binning_table> tables;
  tables.push_back(credo::binning::optimal(t, "duration"));
  credo::binning::binning_options o;
  o.special_values = {1282};  // a special credit amount, to exercise special bins
  tables.push_back(credo::binning::fixed_cuts(t, "credit_amount", {1400, 1800, 4000, 9200}, o));
  tables.push_back(credo::binning::optimal(t, "age"));
  tables.push_back(credo::binning::optimal(t, "checking_status"));
  tables.push_back(credo::binning::optimal(t, "credit_history"));
  o = {};
  o.unseen = credo::binning::unseen_category::riskiest_bin;
  tables.push_back(credo::binning::optimal(t, "purpose", o));
  tables.push_back(credo::binning::optimal(t, "savings_status"));
  const std::vector<double> beta{-0.71, -0.93, -0.55, -0.82, -0.77, -0.61, -0.66};
  std::vector<credo::model::characteristic_spec> specs;
  for (std::size_t j = 0; j < tables.size(); ++j) {
    credo::model::characteristic_spec s;
    s.name = tables[j].column();
    s.bins = tables[j].bins();
    s.coefficient = beta[j];
    for (const auto& r : tables[j].rows()) {
      s.woe.push_back(r.woe);
      s.weights.push_back(r.goods + r.bads);
    }
    specs.push_back(std::move(s));
  }
  return specs;
}

/// 30 numeric characteristics x0..x29, each cut at 5 points into 6 bins (plus missing).
inline std::vector<credo::model::characteristic_spec> wide_specs(std::size_t n = 30) {
  std::vector<credo::model::characteristic_spec> specs;
  for (std::size_t j = 0; j < n; ++j) {
    credo::model::characteristic_spec s;
    s.name = "x" + std::to_string(j);
    s.bins = credo::binning::bins::numeric({-1.0, -0.3, 0.0, 0.4, 1.1});
    s.woe = {-0.9 + 0.01 * double(j), -0.4, -0.1, 0.2, 0.5, 0.8 - 0.02 * double(j), 0.0};
    s.coefficient = -0.3 - 0.01 * double(j);
    s.weights = {10, 20, 30, 30, 20, 10, 0};
    specs.push_back(std::move(s));
  }
  return specs;
}

}  // namespace credo::test
