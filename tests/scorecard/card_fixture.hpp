// The hand-derived two-characteristic card shared by the scorecard tests.
//
//   income (numeric, cut at 1000):  bins (-inf, 1000), [1000, inf), missing
//                                   WoE  -0.5,          0.5,         0 (empty)   beta = -1
//   home (categorical):             bins {rent}, {own}, missing
//                                   WoE  -0.2,   0.4,   0 (empty)                beta = -0.5
//   intercept alpha = -2 (log odds of bad), PDO 20, 600 points at 50:1.
//
//   Factor = 20 / ln 2 = 28.853900817779270,  Offset = 600 - Factor ln 50 = 487.12287620450550
//   spread: points_ij = -(beta_j WoE_ij + alpha/2) Factor + Offset/2,  Offset/2 = 243.56143810225274
#pragma once

#include <credo/model/scorecard.hpp>

#include <string>
#include <vector>

namespace credo::test {

inline std::vector<credo::model::characteristic_spec> two_characteristics() {
  using credo::binning::bins;
  credo::model::characteristic_spec income{"income", bins::numeric({1000.0}), {-0.5, 0.5, 0.0}, -1.0, {3, 1, 0}};
  credo::model::characteristic_spec home{"home", bins::categorical({{"rent"}, {"own"}}), {-0.2, 0.4, 0.0}, -0.5,
                                         {1, 1, 0}};
  return {income, home};
}

}  // namespace credo::test
