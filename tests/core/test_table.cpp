#include <credo/core/table.hpp>

#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <memory>
#include <stdexcept>
#include <vector>

using credo::column;
using credo::table;

TEST_CASE("a table holds numeric and categorical columns by name") {
  table t;
  t.add(column::numeric("age", {25, 40, std::numeric_limits<double>::quiet_NaN()}));
  t.add(column::categorical_from_labels("housing", {"own", "rent", ""}));
  CHECK(t.rows() == 3);
  CHECK(t.columns() == 2);
  CHECK(t["age"].is_numeric());
  CHECK(t["age"].values()[1] == 40);
  CHECK(t["age"].is_missing(2));
  CHECK(t["housing"].is_categorical());
  CHECK(t["housing"].dictionary() == std::vector<std::string>{"own", "rent"});
  CHECK(t["housing"].codes()[1] == 1);
  CHECK(t["housing"].codes()[2] == column::missing_code);
  CHECK(t["housing"].is_missing(2));
  CHECK(t.names() == std::vector<std::string>{"age", "housing"});
}

TEST_CASE("unknown and duplicate columns, wrong kinds and lengths are named errors") {
  table t;
  t.add(column::numeric("age", {1, 2}));
  CHECK_THROWS_WITH_AS(t["agee"], "[credo.table.unknown_column] no column 'agee' in the table (columns: age)",
                       credo::invalid_input);
  CHECK_THROWS_WITH_AS(t.add(column::numeric("age", {1, 2})),
                       "[credo.table.duplicate_column] column 'age' is already in the table",
                       credo::invalid_input);
  CHECK_THROWS_WITH_AS(t.add(column::numeric("x", {1, 2, 3})),
                       "[credo.table.length_mismatch] column 'x' has 3 rows, the table 2",
                       credo::invalid_input);
  CHECK_THROWS_WITH_AS(t["age"].codes(), "[credo.table.wrong_kind] column 'age' is numeric, not categorical",
                       credo::invalid_input);
  CHECK_THROWS_WITH_AS(column::categorical("c", {0, 2}, {"a", "b"}),
                       "[credo.table.bad_code] column 'c', row 1: code 2 is outside the dictionary of 2 labels",
                       credo::invalid_input);
  CHECK(t.columns() == 1);  // nothing half-added
}

TEST_CASE("the target comes from a column and a bad value") {
  table t;
  t.add(column::categorical_from_labels("class", {"good", "bad", "good", "bad"}));
  t.add(column::numeric("x", {1, 2, 3, 4}));
  t.set_target("class", "bad");
  CHECK(t.has_target());
  CHECK(t.target_name() == "class");
  CHECK(t.columns() == 1);
  const auto y = t.target();
  CHECK(std::vector<std::uint8_t>(y.begin(), y.end()) == std::vector<std::uint8_t>{0, 1, 0, 1});

  SUBCASE("numeric 0/1 target") {
    table u;
    u.add(column::numeric("default", {0, 1, 1}));
    u.set_target("default", "1");
    CHECK(u.target()[0] == 0);
    CHECK(u.target()[2] == 1);
  }
}

TEST_CASE("a target with a third value, or a missing one, is refused and the table unchanged") {
  table t;
  t.add(column::categorical_from_labels("class", {"good", "bad", "ugly"}));
  CHECK_THROWS_WITH_AS(t.set_target("class", "bad"),
                       "[credo.table.target_not_binary] target 'class', row 2: a third value 'ugly' "
                       "besides bad 'bad' and good 'good'",
                       credo::invalid_input);
  CHECK(t.contains("class"));
  CHECK_FALSE(t.has_target());

  table m;
  m.add(column::categorical_from_labels("class", {"good", "", "bad"}));
  CHECK_THROWS_WITH_AS(m.set_target("class", "bad"),
                       "[credo.table.missing_target] target 'class', row 1: the target is missing",
                       credo::invalid_input);
  table n;
  n.add(column::numeric("y", {0, 1}));
  CHECK_THROWS_WITH_AS(n.set_target("y", "bad"),
                       "[credo.table.bad_value] target 'y' is numeric; the bad value 'bad' is not a number",
                       credo::invalid_input);
}

TEST_CASE("weights must be finite and not negative") {
  table t;
  t.add(column::numeric("x", {1, 2, 3}));
  CHECK_THROWS_WITH_AS(t.set_weights({1.0, -0.5, 1.0}),
                       "[credo.table.bad_weight] weight 'weight', row 1: -0.5 is not a finite number >= 0",
                       credo::invalid_input);
  CHECK_THROWS_WITH_AS(t.set_weights({1.0, 1.0, std::nan("")}),
                       "[credo.table.bad_weight] weight 'weight', row 2: NaN is not a finite number >= 0",
                       credo::invalid_input);
  CHECK_FALSE(t.has_weights());
  CHECK(t.weight(1) == 1.0);
  t.add(column::numeric("w", {0.5, 2, 1}));
  t.set_weights("w");
  CHECK(t.weight(1) == 2.0);
  CHECK_FALSE(t.contains("w"));
}

TEST_CASE("take selects rows of features, target and weights") {
  table t;
  t.add(column::numeric("x", {10, 20, 30}));
  t.add(column::categorical_from_labels("c", {"a", "b", "a"}));
  t.set_target({0, 1, 1});
  t.set_weights({1, 2, 3});
  const std::vector<std::size_t> rows{2, 0};
  const auto s = t.take(rows);
  CHECK(s.rows() == 2);
  CHECK(s["x"].values()[0] == 30);
  CHECK(s["c"].codes()[1] == 0);
  CHECK(s.target()[0] == 1);
  CHECK(s.weight(1) == 1);
  const std::vector<std::size_t> bad{3};
  CHECK_THROWS_WITH_AS(t.take(bad), "[credo.table.row_out_of_range] row 3 is past the table's 3 rows",
                       credo::invalid_input);
}

TEST_CASE("a numeric view reads its values in place and keeps their owner alive") {
  auto buffer = std::make_shared<std::vector<double>>(std::vector<double>{3.5, std::nan(""), -1.0, 8.0});
  const std::weak_ptr<std::vector<double>> watch = buffer;
  const double* data = buffer->data();
  column c = column::numeric_view("income", *buffer, buffer);
  buffer.reset();  // the column now holds the only reference
  REQUIRE_FALSE(watch.expired());
  CHECK(c.values().data() == data);  // no copy
  CHECK(c.size() == 4);
  CHECK(c.is_missing(1));
  CHECK(c == column::numeric("income", {3.5, std::nan(""), -1.0, 8.0}));

  table t;
  t.add(c);
  CHECK(t["income"].values().data() == data);  // copies share the values
  const std::vector<std::size_t> rows{3, 0};
  const column picked = c.take(rows);  // take makes a column of its own
  CHECK(picked.values().data() != data);
  CHECK(picked.values()[0] == 8.0);
  CHECK(picked.values()[1] == 3.5);
  CHECK_THROWS_AS(c.take(std::vector<std::size_t>{4}), std::out_of_range);

  c = column::numeric("other", {1.0});
  CHECK_FALSE(watch.expired());  // the table's copy still holds it
  t = table{};
  CHECK(watch.expired());  // the last copy let go of the owner
}
