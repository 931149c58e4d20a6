// Error paths of the fairness counts that the feature tests do not reach.
#include <credo/fairness/counts.hpp>

#include "small_example.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <stdexcept>
#include <vector>

using namespace credo::fairness;

TEST_CASE("a NaN cut-off is refused before any row is counted") {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  CHECK_THROWS_WITH_AS((group_counts<double>({"A", "B"}, nan)),
                       "[credo.fairness.bad_cutoff] the cut-off is NaN", std::invalid_argument);
}

TEST_CASE("a target value other than 0 and 1 is refused, naming the row") {
  credo::test::small_example<double> ex;
  ex.bad[7] = 2;
  CHECK_THROWS_WITH_AS(count_groups<double>(ex.groups, ex.scores, ex.bad, {}, ex.cutoff),
                       doctest::Contains("[credo.fairness.target_not_binary] row 7"), std::invalid_argument);
}
