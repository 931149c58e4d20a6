// Zero cells (a bin with rows but no goods or no bads): one rule for WoE and IV, checked on
// hand-derived tables and on German credit binned one bin per value against an independent
// pandas reference of each rule (tests/reference/binning_zero_cells.py, R scorecard's formula).
#include "german_credit.hpp"
#include <credo/binning.hpp>
#include <credo/io/csv.hpp>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>
#include <test_support.hpp>

#include <cmath>
#include <fstream>
#include <string>

using namespace credo::binning;
using credo::column;
using credo::table;
using credo::test::reference_path;
using credo::test::NaN;

namespace {

table zc_table(std::vector<double> x, std::vector<std::uint8_t> bad) {
  table t;
  t.add(column::numeric("x", std::move(x)));
  t.set_target(std::move(bad));
  return t;
}

binning_options distinct_with(zero_cell_rule rule) {
  binning_options o;
  o.method = binning_method::distinct;
  o.zero_cells = rule;
  return o;
}

nlohmann::json zero_cell_reference() {
  std::ifstream in(reference_path("binning_zero_cells.json"));
  REQUIRE(in);
  return nlohmann::json::parse(in);
}

}  // namespace

TEST_CASE("credit_amount one bin per value: R scorecard's 0.99 rule gives IV 0.039") {
  // 921 distinct amounts, 893 of them with no goods or no bads. R scorecard (iv_01) replaces
  // every zero count by 0.99 before taking the shares: IV 0.03896; the default half rule, now
  // applied to WoE and IV alike, gives 2.458 (it gave 2.132 with the raw shares in the IV).
  const auto ref = zero_cell_reference();
  const auto t = credo::test::german_credit();
  const auto r = fit(t, "credit_amount", distinct_with(zero_cell_rule::r_scorecard));
  CHECK(r.iv() == doctest::Approx(0.038957).epsilon(1e-5));
  CHECK(r.iv() == doctest::Approx(ref["credit_amount"]["r_scorecard"]["iv"].get<double>()).epsilon(1e-10));
  CHECK(r.zero_cells() == zero_cell_rule::r_scorecard);
}

TEST_CASE("every zero-cell rule matches the pandas reference on German credit, bin by bin") {
  const auto ref = zero_cell_reference();
  const auto t = credo::test::german_credit();
  for (const std::string col : {"credit_amount", "duration", "age"}) {
    const auto& e = ref[col];
    for (const auto& [rule, name] : {std::pair{zero_cell_rule::r_scorecard, "r_scorecard"},
                                     std::pair{zero_cell_rule::half, "half"},
                                     std::pair{zero_cell_rule::zero_woe, "zero_woe"}}) {
      CAPTURE(col);
      CAPTURE(std::string(name));
      const auto b = fit(t, col, distinct_with(rule));
      const auto& woe = e[name]["woe"];
      REQUIRE(b.size() == woe.size() + 1);  // and the empty missing bin
      std::size_t smoothed = 0;
      for (std::size_t i = 0; i < woe.size(); ++i) {
        CHECK(b[i].woe == doctest::Approx(woe[i].get<double>()).epsilon(1e-12));
        smoothed += b[i].smoothed;
      }
      CHECK(smoothed == e["zero_cell_bins"].get<std::size_t>());
      CHECK(b.iv() == doctest::Approx(e[name]["iv"].get<double>()).epsilon(1e-11));
      CHECK(b[b.size() - 1].empty);
    }
    CAPTURE(col);
    const auto m = fit(t, col, distinct_with(zero_cell_rule::merge));
    CHECK(m.bins().cuts() == e["merge"]["cuts"].get<std::vector<double>>());
    const auto& mw = e["merge"]["woe"];
    REQUIRE(m.size() == mw.size() + 1);
    for (std::size_t i = 0; i < mw.size(); ++i) {
      CHECK(m[i].goods == e["merge"]["goods"][i].get<double>());
      CHECK(m[i].bads == e["merge"]["bads"][i].get<double>());
      CHECK(m[i].woe == doctest::Approx(mw[i].get<double>()).epsilon(1e-12));
      CHECK_FALSE(m[i].smoothed);
    }
    CHECK(m.iv() == doctest::Approx(e["merge"]["iv"].get<double>()).epsilon(1e-11));
  }
}

TEST_CASE("merge: the zero-cell bin of fewest rows joins its neighbour of fewer rows") {
  // Values 1..5, one bin each. Rows (goods, bads): 1: (2,1), 2: (1,0), 3: (3,3), 4: (0,2), 5: (1,1).
  // Zero cells: bin 1 (1 row) and bin 3 (2 rows). Bin 1 goes first: its neighbours hold 3 and 6
  // rows, so it joins bin 0 → [-inf,3) (3,1). Then bin 3 (value 4, 2 rows): neighbours 6 and 2
  // rows, joins the next → [4, inf) (1,3). Left: cuts {3, 4}, bins (3,1), (3,3), (1,3).
  const auto t = zc_table({1, 1, 1, 2, 3, 3, 3, 3, 3, 3, 4, 4, 5, 5},
                          {0, 0, 1, 0, 0, 0, 0, 1, 1, 1, 1, 1, 0, 1});
  const auto m = fit(t, "x", distinct_with(zero_cell_rule::merge));
  CHECK(m.bins().cuts() == std::vector<double>{3, 4});
  REQUIRE(m.size() == 4);
  CHECK(m[0].goods == 3);
  CHECK(m[0].bads == 1);
  CHECK(m[2].goods == 1);
  CHECK(m[2].bads == 3);
  // G = 7, B = 7: WoE = ln(g/b), IV = Σ (g − b)/7 · ln(g/b)
  CHECK(m[0].woe == doctest::Approx(std::log(3.0)).epsilon(1e-14));
  CHECK(m[1].woe == doctest::Approx(0.0));
  CHECK(m.iv() == doctest::Approx(2.0 / 7 * std::log(3.0) * 2).epsilon(1e-14));

  // Ties of the neighbours go left: bin 1 of (0,1) between two bins of 2 rows joins bin 0.
  const auto tie = zc_table({1, 1, 2, 3, 3}, {0, 1, 1, 0, 1});
  const auto mt = fit(tie, "x", distinct_with(zero_cell_rule::merge));
  CHECK(mt.bins().cuts() == std::vector<double>{3});
  CHECK(mt[0].bads == 2);

  // A categorical column merges groups in its bins' order (distinct: dictionary order).
  table c;
  c.add(column::categorical_from_labels("c", {"a", "a", "b", "c", "c"}));
  c.set_target({0, 1, 0, 0, 1});
  const auto mc = fit(c, "c", distinct_with(zero_cell_rule::merge));
  REQUIRE(mc.bins().regular() == 2);
  CHECK(mc[0].label == "{a, b}");
  CHECK(mc.bins().bin_of(std::string_view("b")) == 0);
}

TEST_CASE("merge leaves a special or missing bin with a zero cell to the half rule") {
  // Regular bins (1: 1 good 1 bad, 2: 1 good 1 bad), special -1: 2 bads, missing: 1 good.
  binning_options o = distinct_with(zero_cell_rule::merge);
  o.special_values = {-1};
  const auto t = zc_table({1, 1, 2, 2, -1, -1, NaN}, {0, 1, 0, 1, 1, 1, 0});
  const auto m = fit(t, "x", o);
  o.zero_cells = zero_cell_rule::half;
  const auto h = fit(t, "x", o);
  REQUIRE(m.size() == 4);
  CHECK(m.bins().cuts() == h.bins().cuts());
  CHECK(m[2].smoothed);
  CHECK(m[3].smoothed);
  // G = 3, B = 4: special (0.5, 2.5): ln((0.5/3)/(2.5/4)); missing (1.5, 0.5): ln((1.5/3)/(0.5/4))
  CHECK(m[2].woe == doctest::Approx(std::log((0.5 / 3) / (2.5 / 4))).epsilon(1e-14));
  CHECK(m[3].woe == doctest::Approx(std::log((1.5 / 3) / (0.5 / 4))).epsilon(1e-14));
  CHECK(m.iv() == h.iv());
}

TEST_CASE("the streamed binning applies the zero-cell rule as fit does") {
  const auto t = credo::test::german_credit();
  for (auto rule : {zero_cell_rule::half, zero_cell_rule::r_scorecard, zero_cell_rule::merge, zero_cell_rule::zero_woe}) {
    encoder_options eo;
    eo.columns = {"duration", "purpose"};
    eo.defaults = distinct_with(rule);
    stream_binner binner(t.names(), [&] {
      std::vector<credo::column_kind> k;
      for (const auto& n : t.names()) k.push_back(t[n].kind());
      return k;
    }(), eo);
    auto first = binner.start();
    binner.fill(first, t);
    auto second = binner.next(first);
    binner.fill(second, t);
    const auto tables = binner.finish(first, second);
    for (std::size_t j = 0; j < 2; ++j) {
      const auto direct = fit(t, eo.columns[j], eo.defaults);
      CHECK(tables[j].zero_cells() == rule);
      CHECK(tables[j].bins() == direct.bins());
      CHECK(tables[j].iv() == direct.iv());
      for (std::size_t i = 0; i < direct.size(); ++i) CHECK(tables[j][i].woe == direct[i].woe);
    }
  }
}
