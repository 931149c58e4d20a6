// Error paths of the coverage report that the feature tests do not reach.
#include <credo/coverage.hpp>
#include <credo/features.hpp>

#include <doctest/doctest.h>

#include <stdexcept>

#include "hand_population.hpp"

namespace cc = credo::coverage;

TEST_CASE("coverage by a numeric segment is refused, naming the segment") {
  credo::test::hand_population h;
  const auto p = h.person("P", "A");
  h.account(p, 0, true, true);
  h.finish();
  h.persons.segments.push_back(credo::column::numeric("income", {52000.0}));
  cc::report_options opt;
  opt.segments = {"income"};
  CHECK_THROWS_WITH_AS(cc::report(h.view(), cc::recent_and_seasoned{}, opt),
                       doctest::Contains("[credo.coverage.segment_not_categorical] segment 'income' is numeric"),
                       std::invalid_argument);
}
