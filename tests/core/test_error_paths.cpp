// Error paths of the table that the feature tests do not reach.
#include <credo/core/table.hpp>

#include <doctest/doctest.h>

#include <stdexcept>

TEST_CASE("reading the target of a table without one is a logic error with an id") {
  credo::table t;
  t.add(credo::column::numeric("x", {1.0, 2.0}));
  CHECK_FALSE(t.has_target());
  CHECK_THROWS_WITH_AS(t.target(), "[credo.table.no_target] the table has no target; call set_target",
                       std::logic_error);
}
