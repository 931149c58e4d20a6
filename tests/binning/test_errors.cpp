// Bad input to binning: each error has an id, a message naming what is wrong, and a test.
#include "test_support.hpp"
#include <credo/binning.hpp>

#include <doctest/doctest.h>

#include <cmath>
#include <limits>

using namespace credo::binning;
using credo::column;
using credo::table;
using credo::test::inf;
using credo::test::NaN;

namespace {

table small() {
  table t;
  t.add(column::numeric("x", {1, 2, 3, 4}));
  t.add(column::categorical_from_labels("c", {"a", "b", "a", "b"}));
  t.set_target({0, 1, 0, 1});
  return t;
}

}  // namespace

TEST_CASE("a table without rows or without target") {
  table empty;
  empty.add(column::numeric("x", {}));
  empty.set_target(std::vector<std::uint8_t>{});
  CHECK_THROWS_WITH_AS(optimal(empty, "x"), "[credo.binning.empty_table] column 'x': the table has no rows",
                       credo::invalid_input);
  table no_target;
  no_target.add(column::numeric("x", {1, 2}));
  CHECK_THROWS_WITH_AS(
      fixed_cuts(no_target, "x", {1.5}),
      "[credo.binning.no_target] column 'x': the table has no target; call set_target before binning",
      credo::invalid_input);
}

TEST_CASE("a target that is not binary is refused when it is set") {
  table t;
  t.add(column::numeric("y", {0, 1, 2}));
  CHECK_THROWS_WITH_AS(t.set_target("y", "1"),
                       "[credo.table.target_not_binary] target 'y', row 2: a third value '2' besides bad '1' and good '0'",
                       credo::invalid_input);
}

TEST_CASE("a single class: no bads or no goods") {
  table t;
  t.add(column::numeric("x", {1, 2, 3}));
  t.set_target({0, 0, 0});
  CHECK_THROWS_WITH_AS(optimal(t, "x"), "[credo.binning.no_events] column 'x': no bad in any row; WoE is undefined",
                       credo::invalid_input);
  table u;
  u.add(column::numeric("x", {1, 2, 3}));
  u.set_target({1, 1, 1});
  CHECK_THROWS_WITH_AS(distinct(u, "x"), "[credo.binning.no_non_events] column 'x': no good in any row; WoE is undefined",
                       credo::invalid_input);
  // Bads of zero weight count as no bads.
  table w;
  w.add(column::numeric("x", {1, 2, 3}));
  w.set_target({0, 1, 0});
  w.set_weights({1, 0, 1});
  CHECK_THROWS_AS(optimal(w, "x"), credo::invalid_input);
}

TEST_CASE("negative or NaN weights are refused by the table") {
  table t;
  t.add(column::numeric("x", {1, 2}));
  CHECK_THROWS_WITH_AS(t.set_weights({1, -1}),
                       "[credo.table.bad_weight] weight 'weight', row 1: -1 is not a finite number >= 0",
                       credo::invalid_input);
  CHECK_THROWS_WITH_AS(t.set_weights({NaN, 1}),
                       "[credo.table.bad_weight] weight 'weight', row 0: NaN is not a finite number >= 0",
                       credo::invalid_input);
}

TEST_CASE("an unknown column") {
  CHECK_THROWS_WITH_AS(optimal(small(), "z"), "[credo.table.unknown_column] no column 'z' in the table (columns: x, c)",
                       credo::invalid_input);
}

TEST_CASE("a constant column") {
  table t;
  t.add(column::numeric("k", {5, 5, NaN, 5}));
  t.add(column::numeric("m", {NaN, NaN, NaN, NaN}));
  t.add(column::numeric("s", {-999, 5, -999, 5}));
  t.add(column::categorical_from_labels("c", {"a", "", "a", "a"}));
  t.set_target({0, 1, 0, 1});
  const char* msg = "[credo.binning.constant_column] column 'k': fewer than two distinct non-missing values; nothing to bin";
  CHECK_THROWS_WITH_AS(optimal(t, "k"), msg, credo::invalid_input);
  CHECK_THROWS_WITH_AS(distinct(t, "k"), msg, credo::invalid_input);
  CHECK_THROWS_WITH_AS(fixed_cuts(t, "k", {3}), msg, credo::invalid_input);
  CHECK_THROWS_AS(equal_frequency(t, "m"), credo::invalid_input);
  binning_options o;
  o.special_values = {-999};
  CHECK_THROWS_WITH_AS(
      optimal(t, "s", o),
      "[credo.binning.constant_column] column 's': fewer than two distinct non-missing values; nothing to bin",
      credo::invalid_input);
  CHECK_NOTHROW(optimal(t, "s"));  // without the special value, s has two values
  CHECK_THROWS_WITH_AS(
      chimerge(t, "c"),
      "[credo.binning.constant_column] column 'c': fewer than two distinct non-missing values; nothing to bin",
      credo::invalid_input);
}

TEST_CASE("cut points must be finite and strictly increasing") {
  const auto t = small();
  CHECK_THROWS_WITH_AS(fixed_cuts(t, "x", {2, 2}),
                       "[credo.binning.cuts_not_increasing] column 'x': cut point 1 (2) is not above cut point 0 (2)",
                       credo::invalid_input);
  CHECK_THROWS_WITH_AS(fixed_cuts(t, "x", {3, 1.5}),
                       "[credo.binning.cuts_not_increasing] column 'x': cut point 1 (1.5) is not above cut point 0 (3)",
                       credo::invalid_input);
  CHECK_THROWS_WITH_AS(fixed_cuts(t, "x", {1, NaN}),
                       "[credo.binning.bad_cut] column 'x': cut point 1 is nan; cut points must be finite",
                       credo::invalid_input);
  CHECK_THROWS_WITH_AS(fixed_cuts(t, "x", {-inf, 2}),
                       "[credo.binning.bad_cut] column 'x': cut point 0 is -inf; cut points must be finite",
                       credo::invalid_input);
  CHECK_THROWS_WITH_AS(bins::numeric({inf}), "[credo.binning.bad_cut] column '': cut point 0 is inf; cut points must be finite",
                       credo::invalid_input);
}

TEST_CASE("special values and category groups") {
  const auto t = small();
  binning_options o;
  o.special_values = {NaN};
  CHECK_THROWS_WITH_AS(optimal(t, "x", o),
                       "[credo.binning.bad_special] column 'x': special value 0 is NaN; NaN always goes to the missing bin",
                       credo::invalid_input);
  o.special_values = {-1, -1};
  CHECK_THROWS_WITH_AS(optimal(t, "x", o), "[credo.binning.duplicate_special] column 'x': special value -1 is named twice",
                       credo::invalid_input);
  o.special_values = {-1};
  CHECK_THROWS_WITH_AS(optimal(t, "c", o),
                       "[credo.binning.wrong_kind] column 'c' is categorical; special values apply to numeric columns only",
                       credo::invalid_input);
  CHECK_THROWS_WITH_AS(fixed_cuts(t, "c", {1}),
                       "[credo.binning.wrong_kind] column 'c' is categorical; fixed cut points need a numeric column",
                       credo::invalid_input);
  CHECK_THROWS_WITH_AS(bins::categorical({{"a"}, {"b", "a"}}, unseen_category::missing_bin, "c"),
                       "[credo.binning.duplicate_label] column 'c': label 'a' is in more than one group",
                       credo::invalid_input);
  CHECK_THROWS_WITH_AS(bins::categorical({{"a"}, {""}}, unseen_category::missing_bin, "c"),
                       "[credo.binning.empty_label] column 'c', group 1: the empty label means missing and cannot be put in a group",
                       credo::invalid_input);
}

TEST_CASE("options out of range") {
  const auto t = small();
  binning_options o;
  o.max_n_prebins = 1;
  CHECK_THROWS_WITH_AS(optimal(t, "x", o), "[credo.binning.bad_option] column 'x': max_n_prebins = 1 is outside [2, 100]",
                       credo::invalid_input);
  o = {};
  o.min_prebin_size = 0.6;
  CHECK_THROWS_WITH_AS(optimal(t, "x", o), "[credo.binning.bad_option] column 'x': min_prebin_size = 0.6 is outside [0, 0.5]",
                       credo::invalid_input);
  o = {};
  o.min_bin_size = NaN;
  CHECK_THROWS_WITH_AS(optimal(t, "x", o), "[credo.binning.bad_option] column 'x': min_bin_size = nan is outside [0, 0.5]",
                       credo::invalid_input);
  o = {};
  o.min_category_share = -0.1;
  CHECK_THROWS_WITH_AS(optimal(t, "c", o),
                       "[credo.binning.bad_option] column 'c': min_category_share = -0.1 is outside [0, 0.5]",
                       credo::invalid_input);
  o = {};
  o.max_n_bins = 0;
  CHECK_THROWS_WITH_AS(optimal(t, "x", o), "[credo.binning.bad_option] column 'x': max_n_bins = 0; at least one bin is needed",
                       credo::invalid_input);
  o = {};
  o.min_bin_n_good = -1;
  CHECK_THROWS_WITH_AS(optimal(t, "x", o),
                       "[credo.binning.bad_option] column 'x': min_bin_n_good = -1 is not a finite number >= 0",
                       credo::invalid_input);
  o = {};
  o.min_bin_n_bad = inf;
  CHECK_THROWS_WITH_AS(optimal(t, "x", o),
                       "[credo.binning.bad_option] column 'x': min_bin_n_bad = inf is not a finite number >= 0",
                       credo::invalid_input);
  o = {};
  o.chimerge_significance = 1;
  CHECK_THROWS_WITH_AS(chimerge(t, "x", o),
                       "[credo.binning.bad_option] column 'x': chimerge_significance = 1 is outside (0, 1)",
                       credo::invalid_input);
}
