// Binning a numeric column given as spans (values, target, weights) instead of a table: the
// same bins, counts, WoE and IV as the table path on the same values, and the same error ids.
#include "german_credit.hpp"
#include "test_support.hpp"
#include <credo/binning.hpp>

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <vector>

namespace {

namespace cb = credo::binning;

constexpr double view_nan = std::numeric_limits<double>::quiet_NaN();

/// Everything a binning table holds, compared exactly (no tolerance: the two paths must do
/// the same arithmetic).
void check_same_binning(const cb::binning_table& view, const cb::binning_table& table) {
  CHECK(view.column() == table.column());
  CHECK(view.bins() == table.bins());
  CHECK(view.counts() == table.counts());
  CHECK(view.iv() == table.iv());
  CHECK(view.total_goods() == table.total_goods());
  CHECK(view.total_bads() == table.total_bads());
  REQUIRE(view.size() == table.size());
  for (std::size_t i = 0; i < view.size(); ++i) {
    const auto &a = view[i], &b = table[i];
    CHECK(a.label == b.label);
    CHECK(a.count == b.count);
    CHECK(a.goods == b.goods);
    CHECK(a.bads == b.bads);
    CHECK(a.woe == b.woe);
    CHECK(a.iv == b.iv);
    CHECK(a.smoothed == b.smoothed);
    CHECK(a.empty == b.empty);
  }
}

/// The values of a numeric table column as T (the German columns are integers: exact in float).
template <class T>
std::vector<T> view_values(const credo::table& t, std::string_view name) {
  const auto v = t[name].values();
  std::vector<T> out(v.begin(), v.end());
  for (std::size_t r = 0; r < v.size(); ++r)
    if (!std::isnan(v[r])) REQUIRE(static_cast<double>(out[r]) == v[r]);
  return out;
}

/// Options of every method, with and without a special value.
std::vector<cb::binning_options> view_option_sets(double special) {
  std::vector<cb::binning_options> sets;
  for (auto m : {cb::binning_method::optimal, cb::binning_method::chimerge, cb::binning_method::equal_frequency,
                 cb::binning_method::distinct}) {
    cb::binning_options o;
    o.method = m;
    sets.push_back(o);
    o.special_values = {special};
    sets.push_back(o);
  }
  cb::binning_options fixed;
  fixed.method = cb::binning_method::fixed;
  fixed.cuts = {special};
  sets.push_back(fixed);
  cb::binning_options constrained;
  constrained.trend = cb::monotonic_trend::descending;
  constrained.max_n_bins = 3;
  constrained.min_bin_size = 0.1;
  sets.push_back(constrained);
  return sets;
}

const std::vector<std::string> german_numeric = {"duration", "credit_amount", "installment_commitment",
                                                 "residence_since", "age", "existing_credits", "num_dependents"};

/// 100,000 rows (above the 65,536 where pre-binning switches to sampled buckets) of values on a
/// 1/64 grid (exact in float), 2% NaN, special value -1, a target that rises with the value.
credo::table view_large_table() {
  const std::size_t n = 100'000;
  std::vector<double> x(n);
  std::vector<std::uint8_t> bad(n);
  std::vector<double> w(n);
  std::uint64_t state = 20261127;
  auto next = [&] {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    return static_cast<std::uint32_t>(state >> 33);
  };
  for (std::size_t r = 0; r < n; ++r) {
    const double v = static_cast<double>(next() % 64000) / 64.0;  // [0, 1000)
    const auto u = next() % 1000;
    bad[r] = (next() % 1000) < 100 + static_cast<std::uint32_t>(v / 2) ? 1 : 0;
    x[r] = u < 20 ? view_nan : u < 30 ? -1.0 : v;
    w[r] = 0.5 + static_cast<double>(next() % 4);
  }
  credo::table t;
  t.add(credo::column::numeric("x", std::move(x)));
  t.set_target(std::move(bad));
  t.set_weights(std::move(w));
  return t;
}

}  // namespace

TEST_CASE_TEMPLATE("a column view gives the table's bins, WoE and IV on the German numeric columns", T, float,
                   double) {
  const auto t = credo::test::german_credit();
  for (const auto& name : german_numeric) {
    CAPTURE(name);
    const auto values = view_values<T>(t, name);
    const auto column = t[name].values();
    const double median = [&] {
      std::vector<double> s(column.begin(), column.end());
      std::nth_element(s.begin(), s.begin() + static_cast<std::ptrdiff_t>(s.size() / 2), s.end());
      return s[s.size() / 2];
    }();
    for (const auto& o : view_option_sets(median)) {
      CAPTURE(static_cast<int>(o.method));
      CAPTURE(o.special_values.size());
      bool table_threw = false;
      cb::binning_table from_table;
      try {
        from_table = cb::fit(t, name, o);
      } catch (const credo::invalid_input& e) {
        table_threw = true;
        // A column the table path refuses (e.g. constant once the special value is taken out)
        // is refused by the view with the same message.
        CHECK_THROWS_WITH_AS(cb::fit<T>(name, values, t.target(), {}, o), e.what(), credo::invalid_input);
      }
      if (!table_threw) check_same_binning(cb::fit<T>(name, values, t.target(), {}, o), from_table);
    }
  }
}

TEST_CASE_TEMPLATE("a column view with weights, missing values and 100,000 rows bins like the table", T, float,
                   double) {
  auto t = view_large_table();
  const auto values = view_values<T>(t, "x");
  for (auto m : {cb::binning_method::optimal, cb::binning_method::equal_frequency, cb::binning_method::chimerge}) {
    cb::binning_options o;
    o.method = m;
    o.special_values = {-1};
    CAPTURE(static_cast<int>(m));
    check_same_binning(cb::fit<T>("x", values, t.target(), t.weights(), o), cb::fit(t, "x", o));
    // Without weights: the table's rows weigh 1 when it has none.
    credo::table unweighted;
    unweighted.add(t["x"]);
    unweighted.set_target(std::vector<std::uint8_t>(t.target().begin(), t.target().end()));
    check_same_binning(cb::fit<T>("x", values, t.target(), {}, o), cb::fit(unweighted, "x", o));
  }
  // The zero-cell rule reaches the table: a fixed cut leaving one bin without bads.
  credo::table small;
  small.add(credo::column::numeric("s", {1, 2, 3, 4, 5, 6}));
  small.set_target({0, 0, 1, 0, 1, 1});
  const std::vector<T> sv{1, 2, 3, 4, 5, 6};
  cb::binning_options fixed;
  fixed.method = cb::binning_method::fixed;
  fixed.cuts = {3};
  fixed.zero_cells = cb::zero_cell_rule::zero_woe;
  const auto view = cb::fit<T>("s", sv, small.target(), {}, fixed);
  check_same_binning(view, cb::fit(small, "s", fixed));
  CHECK(view[0].smoothed);
  CHECK(view[0].woe == 0);
}

TEST_CASE_TEMPLATE("a column view refuses bad input with the table path's ids", T, float, double) {
  using y_t = std::vector<std::uint8_t>;
  const std::vector<T> x{1, 2, 3, 4};
  auto fit_view = [&](std::span<const T> values, const y_t& y, const std::vector<double>& w = {},
                      const cb::binning_options& o = {}) { return cb::fit<T>("x", values, y, w, o); };

  SUBCASE("lengths") {
    CHECK_THROWS_WITH_AS(fit_view(x, y_t{0, 1, 0}),
                         "[credo.table.length_mismatch] column 'x': the target has 3 rows, the column 4",
                         credo::invalid_input);
    CHECK_THROWS_WITH_AS(fit_view(x, y_t{0, 1, 0, 1}, {1, 1}),
                         "[credo.table.length_mismatch] column 'x': the weights have 2 rows, the column 4",
                         credo::invalid_input);
  }
  SUBCASE("no rows") {
    CHECK_THROWS_WITH_AS(fit_view({}, y_t{}), "[credo.binning.empty_table] column 'x': the column has no rows",
                         credo::invalid_input);
  }
  SUBCASE("a target that is not 0 or 1") {
    CHECK_THROWS_WITH_AS(fit_view(x, y_t{0, 1, 2, 1}),
                         "[credo.table.target_not_binary] column 'x', row 2: target value 2 is neither 0 nor 1",
                         credo::invalid_input);
  }
  SUBCASE("NaN, infinite or negative weights") {
    const y_t y{0, 1, 0, 1};
    CHECK_THROWS_WITH_AS(fit_view(x, y, {1, view_nan, 1, 1}),
                         "[credo.table.bad_weight] column 'x', row 1: weight NaN is not a finite number >= 0",
                         credo::invalid_input);
    CHECK_THROWS_WITH_AS(fit_view(x, y, {1, 1, -1, 1}),
                         "[credo.table.bad_weight] column 'x', row 2: weight -1 is not a finite number >= 0",
                         credo::invalid_input);
    CHECK_THROWS_WITH_AS(fit_view(x, y, {1, 1, 1, std::numeric_limits<double>::infinity()}),
                         "[credo.table.bad_weight] column 'x', row 3: weight inf is not a finite number >= 0",
                         credo::invalid_input);
  }
  SUBCASE("a single class") {
    CHECK_THROWS_WITH_AS(fit_view(x, y_t{0, 0, 0, 0}),
                         "[credo.binning.no_events] column 'x': no bad in any row; WoE is undefined",
                         credo::invalid_input);
    CHECK_THROWS_WITH_AS(fit_view(x, y_t{1, 1, 1, 1}),
                         "[credo.binning.no_non_events] column 'x': no good in any row; WoE is undefined",
                         credo::invalid_input);
    // Bads of zero weight count as no bads, as in a table.
    CHECK_THROWS_WITH_AS(fit_view(x, y_t{0, 1, 0, 1}, {1, 0, 1, 0}),
                         "[credo.binning.no_events] column 'x': no bad in any row; WoE is undefined",
                         credo::invalid_input);
  }
  SUBCASE("the errors of the table path itself") {
    const y_t y{0, 1, 0, 1};
    const std::vector<T> constant{2, 2, 2, static_cast<T>(view_nan)};
    cb::binning_options prebins;
    prebins.max_n_prebins = 1;
    cb::binning_options nan_cut;
    nan_cut.method = cb::binning_method::fixed;
    nan_cut.cuts = {view_nan};
    // Each message must be the one the table path gives for the same column.
    credo::table t;
    t.add(credo::column::numeric("x", {2, 2, 2, view_nan}));
    t.set_target(y_t(y));
    auto table_message = [&](const cb::binning_options& o) -> std::string {
      try {
        (void)cb::fit(t, "x", o);
      } catch (const credo::invalid_input& e) {
        return e.what();
      }
      return "no error";
    };
    CHECK_THROWS_WITH_AS(fit_view(constant, y), table_message({}).c_str(), credo::invalid_input);
    CHECK(table_message({}) ==
          "[credo.binning.constant_column] column 'x': fewer than two distinct non-missing values; nothing to bin");
    CHECK_THROWS_WITH_AS(fit_view(x, y, {}, prebins), table_message(prebins).c_str(), credo::invalid_input);
    CHECK(table_message(prebins) == "[credo.binning.bad_option] column 'x': max_n_prebins = 1 is outside [2, 100]");
    CHECK_THROWS_WITH_AS(fit_view(x, y, {}, nan_cut), table_message(nan_cut).c_str(), credo::invalid_input);
    CHECK(table_message(nan_cut).rfind("[credo.binning.bad_cut] column 'x': cut point 0 is nan", 0) == 0);
  }
}
