// The small hand-worked example shared by the fairness tests (docs/fairness.md uses it too).
//
//   group A (protected), 10 rows, cut-off 5 (approve when score >= 5):
//     approved: scores 6 g, 6 g, 8 g, 8 b          -> 4 approved: 3 goods, 1 bad
//     denied:   scores 2 g, 2 g, 4 b, 4 b, 4 b, 4 b -> 6 denied:   2 goods, 4 bads
//   group B (reference), 10 rows:
//     approved: 8 rows of score 6: 7 goods, 1 bad
//     denied:   2 rows of score 1: 1 good, 1 bad
//
//   A: approval 4/10 = 0.4, bad rate 5/10 = 0.5, P(approve|good) 3/5 = 0.6,
//      P(approve|bad) 1/5 = 0.2, P(good|approve) 3/4 = 0.75, mean score 48/10 = 4.8,
//      M2 = 2·1.2² + 2·3.2² + 2·2.8² + 4·0.8² = 41.6
//   B: approval 8/10 = 0.8, bad rate 2/10 = 0.2, P(approve|good) 7/8 = 0.875,
//      P(approve|bad) 1/2 = 0.5, P(good|approve) 7/8 = 0.875, mean 50/10 = 5, M2 = 8·1² + 2·4² = 40
#pragma once

#include <credo/fairness/groups.hpp>

#include <cstdint>
#include <vector>

namespace credo::test {

template <class Real>
struct small_example {
  credo::fairness::group_assignment groups = credo::fairness::group_assignment::hard(
      {"A", "B"}, {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1});
  std::vector<Real> scores = {6, 6, 8, 8, 2, 2, 4, 4, 4, 4, 6, 6, 6, 6, 6, 6, 6, 6, 1, 1};
  std::vector<std::uint8_t> bad = {0, 0, 0, 1, 0, 0, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 1};
  Real cutoff = 5;
};

}  // namespace credo::test
