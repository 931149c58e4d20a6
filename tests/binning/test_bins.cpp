// Bins: lookup of numbers and labels, index layout, labels, unseen categories; bin counts.
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

TEST_CASE("numeric bins are right-open intervals, then special bins, then missing") {
  const auto b = bins::numeric({1400, 1800}, {-999, -1});
  CHECK(b.regular() == 3);
  CHECK(b.size() == 6);
  CHECK(b.special_bin(0) == 3);
  CHECK(b.special_bin(1) == 4);
  CHECK(b.missing_bin() == 5);
  CHECK(b.bin_of(-inf) == 0);
  CHECK(b.bin_of(1399.99) == 0);
  CHECK(b.bin_of(1400.0) == 1);  // [1400, 1800)
  CHECK(b.bin_of(1799.0) == 1);
  CHECK(b.bin_of(1800.0) == 2);
  CHECK(b.bin_of(inf) == 2);
  CHECK(b.bin_of(-999.0) == 3);
  CHECK(b.bin_of(-1.0) == 4);
  CHECK(b.bin_of(NaN) == 5);
  CHECK(b.bin_of(std::string_view("1400")) == 5);  // a label means nothing to numeric bins
  CHECK(b.label(0) == "(-inf, 1400)");
  CHECK(b.label(1) == "[1400, 1800)");
  CHECK(b.label(2) == "[1800, inf)");
  CHECK(b.label(3) == "special -999");
  CHECK(b.label(5) == "missing");
  CHECK(bins::numeric({0.25}).label(1) == "[0.25, inf)");
  CHECK(bins().label(0) == "(-inf, inf)");
  CHECK(bins().size() == 2);
  CHECK(bins().bin_of(NaN) == 1);
}

TEST_CASE("categorical bins group labels; empty labels are missing, unseen ones fall back") {
  const auto b = bins::categorical({{"A", "B"}, {"C"}});
  CHECK(b.regular() == 2);
  CHECK(b.missing_bin() == 2);
  CHECK(b.bin_of(std::string_view("A")) == 0);
  CHECK(b.bin_of(std::string_view("B")) == 0);
  CHECK(b.bin_of(std::string_view("C")) == 1);
  CHECK(b.bin_of(std::string_view("")) == 2);
  CHECK(b.bin_of(std::string_view("Z")) == 2);  // default fallback: the missing bin
  CHECK(b.bin_of(NaN) == 2);
  CHECK(b.bin_of(1.0) == b.unseen_bin());
  CHECK(b.label(0) == "{A, B}");
  CHECK(b.label(1) == "{C}");
  CHECK(b.label(2) == "missing");
}

TEST_CASE("the unseen-category fallback is resolved from training counts") {
  // A: 3 rows, 1 bad (rate 1/3); B: 1 row, 1 bad (rate 1); C: 2 rows, 0 bads.
  table t;
  t.add(column::categorical_from_labels("c", {"A", "A", "A", "B", "C", "C"}));
  t.set_target({0, 0, 1, 1, 0, 0});
  binning_options o;
  const auto by = [&](unseen_category u) {
    o.unseen = u;
    const auto tb = distinct(t, "c", o);
    return tb.bins().bin_of(std::string_view("never seen"));
  };
  const auto tb = distinct(t, "c", o);
  CHECK(by(unseen_category::missing_bin) == tb.bins().missing_bin());
  CHECK(by(unseen_category::largest_bin) == tb.bins().bin_of(std::string_view("A")));
  CHECK(by(unseen_category::riskiest_bin) == tb.bins().bin_of(std::string_view("B")));
  o.unseen = unseen_category::riskiest_bin;
  const auto r = distinct(t, "c", o);
  CHECK(r.woe_of(std::string_view("never seen")) == r.woe_of(std::string_view("B")));
}

TEST_CASE("bin counts are a mergeable accumulator") {
  bin_counts all(3), a(3), b(3);
  const int bin[] = {0, 1, 2, 1, 0, 2, 2};
  const bool bad[] = {true, false, false, true, false, true, false};
  const double w[] = {1, 2, 0.5, 1, 3, 1, 1};
  for (int i = 0; i < 7; ++i) {
    all(static_cast<std::size_t>(bin[i]), bad[i], w[i]);
    (i < 4 ? a : b)(static_cast<std::size_t>(bin[i]), bad[i], w[i]);
  }
  CHECK_FALSE(a == all);
  a += b;
  CHECK(a == all);
  CHECK(all.goods(0) == 3);
  CHECK(all.bads(0) == 1);
  CHECK(all.rows(2) == 3);
  CHECK(all.goods(2) == 1.5);
  CHECK(all.total_goods() == 6.5);
  CHECK(all.total_bads() == 3);
  CHECK(all.total_rows() == 7);
  bin_counts unweighted(2);
  unweighted(1, true);
  CHECK(unweighted.bads(1) == 1);
  CHECK_THROWS_WITH_AS(all += bin_counts(2),
                       "[credo.binning.size_mismatch] bin_counts: cannot merge counts of 2 bins into counts of 3 bins",
                       credo::invalid_input);
}

TEST_CASE("a binning table from bins and counts; counts must match the bins") {
  const auto b = bins::numeric({5});
  bin_counts c(b.size());
  c(0, false);
  c(0, true);
  c(1, false);
  c(1, false);
  c(1, true);
  const binning_table t("x", b, c);
  CHECK(t.column() == "x");
  CHECK(t.size() == 3);
  CHECK(t[0].event_rate == 0.5);
  CHECK(t.bins() == b);
  CHECK(t.counts() == c);
  CHECK_THROWS_WITH_AS(binning_table("x", b, bin_counts(2)),
                       "[credo.binning.size_mismatch] column 'x': 2 counted bins for 3 bins",
                       credo::invalid_input);
}
