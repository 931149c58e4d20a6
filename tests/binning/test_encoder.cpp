// The WoE encoder: fit every chosen column, transform tables to WoE matrices.
#include "german_credit.hpp"
#include <credo/binning.hpp>
#include <credo/io/csv.hpp>

#include <doctest/doctest.h>
#include <test_support.hpp>

#include <cmath>

using namespace credo::binning;
using credo::column;
using credo::table;
using credo::test::data_path;

namespace {

}  // namespace

TEST_CASE("the encoder bins every column and maps rows to their bins' WoE") {
  const auto t = credo::test::german_credit();
  woe_encoder enc;
  enc.fit(t);
  REQUIRE(enc.columns() == t.names());
  const Eigen::MatrixXd m = enc.transform(t);
  REQUIRE(m.rows() == 1000);
  REQUIRE(m.cols() == 20);
  for (std::size_t j = 0; j < enc.columns().size(); ++j) {
    const auto& name = enc.columns()[j];
    const auto& tb = enc.table_of(name);
    CHECK(optimal(t, name).iv() == tb.iv());  // default: optimal, automatic trend
    const auto& c = t[name];
    for (std::size_t r = 0; r < t.rows(); r += 37) {
      const double want = c.is_numeric() ? tb.woe_of(c.values()[r])
                                         : tb.woe_of(std::string_view(c.dictionary()[static_cast<std::size_t>(c.codes()[r])]));
      CHECK(m(static_cast<Eigen::Index>(r), static_cast<Eigen::Index>(j)) == want);
    }
  }
  // Σ over rows of a column's WoE, by bin, reproduces count·WoE of the table.
  const auto j = 0;
  const auto& tb = enc.table_of(enc.columns()[j]);
  double sum = 0;
  for (const auto& row : tb.rows()) sum += static_cast<double>(row.count) * row.woe;
  CHECK(m.col(j).sum() == doctest::Approx(sum).epsilon(1e-12));
  const auto ranking = enc.iv_ranking();
  REQUIRE(ranking.size() == 20);
  CHECK(ranking.front().column == "checking_status");
  for (std::size_t i = 1; i < ranking.size(); ++i) CHECK(ranking[i].iv <= ranking[i - 1].iv);
}

TEST_CASE("chosen columns, per-column options, threads") {
  const auto t = credo::test::german_credit();
  encoder_options o;
  o.columns = {"credit_amount", "purpose", "age"};
  o.per_column["credit_amount"].method = binning_method::fixed;
  o.per_column["credit_amount"].cuts = {1400, 1800, 4000, 9200};
  o.per_column["age"].max_n_bins = 3;
  woe_encoder one(o);
  one.fit(t);
  CHECK(one.columns() == o.columns);
  CHECK(one.table_of("credit_amount").iv() == doctest::Approx(0.18122037473650626).epsilon(1e-12));
  CHECK(one.bins_of("age").regular() <= 3);
  o.threads = 3;
  woe_encoder three(o);
  three.fit(t);
  CHECK(one.transform(t) == three.transform(t));
  CHECK(one.tables().size() == 3);
  o.threads = 0;
  CHECK_NOTHROW(woe_encoder(o).fit(t));
}

TEST_CASE("transform of a table without target and with an unseen category") {
  table train;
  train.add(column::categorical_from_labels("c", {"a", "a", "b", "b", "a", "b"}));
  train.add(column::numeric("x", {1, 2, 3, 4, 5, 6}));
  train.set_target({0, 0, 1, 1, 0, 1});
  encoder_options o;
  o.defaults.method = binning_method::distinct;
  o.defaults.zero_cells = zero_cell_rule::zero_woe;
  woe_encoder enc(o);
  enc.fit(train);
  table fresh;
  fresh.add(column::numeric("x", {1, std::nan("")}));
  fresh.add(column::categorical_from_labels("c", {"z", "b"}));  // another dictionary order
  const auto m = enc.transform(fresh);
  CHECK(m(0, 0) == 0.0);  // unseen 'z' → missing bin (empty): WoE 0
  CHECK(m(1, 0) == enc.table_of("c").woe_of(std::string_view("b")));
  CHECK(m(0, 1) == enc.table_of("x").woe_of(1.0));
  CHECK(m(1, 1) == 0.0);
}

TEST_CASE("encoder errors") {
  table t;
  t.add(column::numeric("x", {1, 2, 3, 4}));
  t.add(column::categorical_from_labels("c", {"a", "b", "a", "b"}));
  t.set_target({0, 1, 0, 1});
  woe_encoder enc;
  CHECK_THROWS_WITH_AS(enc.transform(t), "[credo.binning.not_fitted] woe_encoder: transform before fit",
                       credo::logic_error);
  enc.fit(t);
  table no_x;
  no_x.add(column::categorical_from_labels("c", {"a"}));
  CHECK_THROWS_WITH_AS(enc.transform(no_x),
                       "[credo.binning.missing_column] woe_encoder: column 'x' was binned in fit but is not in the table to transform",
                       credo::invalid_input);
  table wrong;
  wrong.add(column::categorical_from_labels("x", {"1"}));
  wrong.add(column::categorical_from_labels("c", {"a"}));
  CHECK_THROWS_WITH_AS(enc.transform(wrong),
                       "[credo.binning.wrong_kind] woe_encoder: column 'x' is categorical in the table to transform, numeric in fit",
                       credo::invalid_input);
  CHECK_THROWS_WITH_AS(enc.table_of("q"), "[credo.binning.not_binned] woe_encoder: column 'q' was not binned",
                       credo::invalid_input);
  encoder_options o;
  o.columns = {"x", "x"};
  CHECK_THROWS_WITH_AS(woe_encoder(o).fit(t), "[credo.binning.duplicate_column] column 'x' is chosen twice",
                       credo::invalid_input);
  o.columns = {"x", "nope"};
  CHECK_THROWS_AS(woe_encoder(o).fit(t), credo::invalid_input);
  // A failing column leaves a fitted encoder as it was.
  table bad = t;
  bad.add(column::numeric("k", {1, 1, 1, 1}));
  CHECK_THROWS_WITH_AS(enc.fit(bad),
                       "[credo.binning.constant_column] column 'k': fewer than two distinct non-missing values; nothing to bin",
                       credo::invalid_input);
  CHECK(enc.columns() == std::vector<std::string>{"x", "c"});
  // Several failing columns: the first in column order is thrown, whatever the thread count
  // (the columns are split into fixed contiguous parts, the lowest part's error rethrown).
  bad.add(column::numeric("j", {2, 2, 2, 2}));
  for (unsigned threads : {1u, 2u, 3u, 4u}) {
    CAPTURE(threads);
    encoder_options several;
    several.columns = {"x", "j", "c", "k"};
    several.threads = threads;
    CHECK_THROWS_WITH_AS(woe_encoder(several).fit(bad),
                         "[credo.binning.constant_column] column 'j': fewer than two distinct non-missing values; "
                         "nothing to bin",
                         credo::invalid_input);
  }
}
