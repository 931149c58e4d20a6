#include <credo/fairness/groups.hpp>

#include <doctest/doctest.h>

#include <cmath>
#include <vector>

using credo::column;
using credo::table;
using namespace credo::fairness;

namespace {
table people() {
  table t;
  t.add(column::categorical_from_labels("sex", {"f", "m", "m", "f", "", "m"}));
  t.add(column::numeric("age", {22, 25, 26, 40, 61, std::nan("")}));
  t.add(column::categorical_from_labels("one", {"x", "x", "x", "x", "x", "x"}));
  return t;
}
}  // namespace

TEST_CASE("groups from a categorical column; a missing value is its own group") {
  const auto g = groups_from(people(), {"sex"});
  CHECK(g.names() == std::vector<std::string>{"f", "m", "(missing)"});
  CHECK(std::vector<std::int32_t>(g.index().begin(), g.index().end()) ==
        std::vector<std::int32_t>{0, 1, 1, 0, 2, 1});
  CHECK(g.find("m") == 1);
}

TEST_CASE("numeric columns are banded right-closed, as pandas.cut") {
  const auto g = groups_from(people(), {"age", {25}});
  CHECK(g.names() == std::vector<std::string>{"age <= 25", "age > 25", "(missing)"});
  // 22 and 25 are <= 25; 26, 40, 61 are > 25; NaN is missing.
  CHECK(std::vector<std::int32_t>(g.index().begin(), g.index().end()) ==
        std::vector<std::int32_t>{0, 0, 1, 1, 1, 2});
  const auto three = groups_from(people(), {"age", {25, 40}});
  CHECK(three.names() ==
        std::vector<std::string>{"age <= 25", "25 < age <= 40", "age > 40", "(missing)"});
  CHECK(three.group_of(3) == 1);  // 40 is in (25, 40]
}

TEST_CASE("intersectional groups are the combinations that occur") {
  table t = people();
  const auto g = groups_from(t, std::vector<group_by>{{"sex"}, {"age", {25}}});
  // rows: f&<=25, m&<=25, m&>25, f&>25, missing&>25, m&missing
  CHECK(g.names() == std::vector<std::string>{"f & age <= 25", "f & age > 25", "m & age <= 25",
                                              "m & age > 25", "m & (missing)", "(missing) & age > 25"});
  CHECK(std::vector<std::int32_t>(g.index().begin(), g.index().end()) ==
        std::vector<std::int32_t>{0, 2, 3, 1, 5, 4});
}

TEST_CASE("membership probabilities give soft groups") {
  const auto g = group_assignment::probabilities({"a", "b"}, {0.2, 0.8, 1.0, 0.0});
  CHECK(g.is_soft());
  CHECK(g.rows() == 2);
  CHECK(g.membership(0)[1] == doctest::Approx(0.8));
}

TEST_CASE("bad group definitions are named errors") {
  const table t = people();
  CHECK_THROWS_WITH_AS(groups_from(t, {"one"}),
                       "[credo.fairness.one_group] column(s) 'one': every row is in the one group "
                       "'x'; a comparison needs at least two",
                       credo::invalid_input);
  CHECK_THROWS_WITH_AS(groups_from(t, {"age"}),
                       "[credo.fairness.no_cuts] column 'age' is numeric; give cut points to band it into groups",
                       credo::invalid_input);
  CHECK_THROWS_WITH_AS(groups_from(t, {"sex", {1}}),
                       "[credo.fairness.cuts_on_categorical] column 'sex' is categorical; cut points "
                       "apply to numeric columns",
                       credo::invalid_input);
  CHECK_THROWS_WITH_AS(groups_from(t, {"age", {40, 25}}),
                       "[credo.fairness.bad_cuts] column 'age': cut points must be finite and strictly increasing",
                       credo::invalid_input);
  CHECK_THROWS_WITH_AS(groups_from(t, std::vector<group_by>{}),
                       "[credo.fairness.no_group_column] no group column given", credo::invalid_input);
  CHECK_THROWS_AS(groups_from(t, {"nope"}), credo::invalid_input);  // credo.table.unknown_column
  CHECK_THROWS_WITH_AS(group_assignment::hard({"a"}, {0, 0}),
                       "[credo.fairness.one_group] 1 group(s) given; a comparison needs at least two",
                       credo::invalid_input);
  CHECK_THROWS_WITH_AS(group_assignment::hard({"a", "a"}, {0, 1}),
                       "[credo.fairness.duplicate_group] group 'a' is named twice", credo::invalid_input);
  CHECK_THROWS_WITH_AS(group_assignment::hard({"a", "b"}, {0, 2}),
                       "[credo.fairness.bad_group] row 1: group 2 is outside the 2 groups",
                       credo::invalid_input);
  CHECK_THROWS_WITH_AS(group_assignment::probabilities({"a", "b"}, {0.5, 0.4}),
                       "[credo.fairness.bad_membership] row 0: membership probabilities sum to 0.900000, not 1",
                       credo::invalid_input);
  CHECK_THROWS_WITH_AS(group_assignment::probabilities({"a", "b"}, {1.5, -0.5}),
                       "[credo.fairness.bad_membership] row 0, group 'a': membership probability is not in [0, 1]",
                       credo::invalid_input);
  CHECK_THROWS_WITH_AS(group_assignment::probabilities({"a", "b"}, {0.5, 0.5, 1}),
                       "[credo.fairness.length_mismatch] membership has 3 values, not a multiple of the 2 groups",
                       credo::invalid_input);
  const auto g = groups_from(t, {"sex"});
  CHECK_THROWS_WITH_AS(g.find("x"),
                       "[credo.fairness.unknown_group] no group 'x' (groups: 'f', 'm', '(missing)')",
                       credo::invalid_input);
}
