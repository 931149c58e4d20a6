// WoE and IV of binning tables: hand-derived small tables, the German credit figures of
// R scorecard, and a pandas reference (tests/reference/binning_woe.py).
#include "german_credit.hpp"
#include <credo/binning.hpp>
#include <credo/io/csv.hpp>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>
#include <test_support.hpp>

#include <cmath>
#include <fstream>
#include <limits>

using namespace credo::binning;
using credo::column;
using credo::table;
using credo::test::data_path;
using credo::test::reference_path;
using credo::test::inf;
using credo::test::NaN;

namespace {

table numeric_table(std::vector<double> x, std::vector<std::uint8_t> bad) {
  table t;
  t.add(column::numeric("x", std::move(x)));
  t.set_target(std::move(bad));
  return t;
}

}  // namespace

TEST_CASE("IV of credit_amount on R scorecard's documented cuts") {
  const auto t = credo::test::german_credit();
  const auto b = fixed_cuts(t, "credit_amount", {1400, 1800, 4000, 9200});
  CHECK(std::round(b.iv() * 1e7) / 1e7 == doctest::Approx(0.1812204).epsilon(1e-12));
  REQUIRE(b.size() == 6);  // 5 intervals and the missing bin
  CHECK(b[0].label == "(-inf, 1400)");
  CHECK(b[1].label == "[1400, 1800)");
  CHECK(b[4].label == "[9200, inf)");
  CHECK(b[5].label == "missing");
  CHECK(b[5].empty);
  CHECK(b.strength() == strength::medium);
}

TEST_CASE("IV of checking_status with one bin per category") {
  const auto t = credo::test::german_credit();
  const auto b = distinct(t, "checking_status");
  CHECK(std::round(b.iv() * 1e3) / 1e3 == doctest::Approx(0.666).epsilon(1e-12));
  CHECK(b.bins().regular() == 4);
  CHECK(b.strength() == strength::suspicious);
}

TEST_CASE("a two-bin table derived by hand") {
  // bin 0: 3 goods, 1 bad; bin 1: 1 good, 3 bads; G = B = 4.
  // WoE_0 = ln((3/4)/(1/4)) = ln 3, WoE_1 = -ln 3;
  // IV = (3/4 - 1/4)·ln 3 + (1/4 - 3/4)·(-ln 3) = ln 3.
  const auto t = numeric_table({1, 1, 1, 1, 2, 2, 2, 2}, {0, 0, 0, 1, 0, 1, 1, 1});
  const auto b = fixed_cuts(t, "x", {1.5});
  CHECK(b[0].woe == doctest::Approx(std::log(3.0)).epsilon(1e-14));
  CHECK(b[1].woe == doctest::Approx(-std::log(3.0)).epsilon(1e-14));
  CHECK(b[0].event_rate == doctest::Approx(0.25));
  CHECK(b[1].event_rate == doctest::Approx(0.75));
  CHECK(b[0].iv == doctest::Approx(0.5 * std::log(3.0)).epsilon(1e-14));
  CHECK(b.iv() == doctest::Approx(std::log(3.0)).epsilon(1e-14));
  CHECK(b.strength() == strength::suspicious);
  CHECK(b.woe_of(1.2) == b[0].woe);
  CHECK(b.woe_of(NaN) == 0.0);  // the empty missing bin
}

TEST_CASE("a missing bin without bads is smoothed and flagged, in WoE and IV alike") {
  // bin 0 = {1,1,1}: 2 goods 1 bad; bin 1 = {2,2,2}: 1 good 2 bads; missing: 1 good, 0 bads.
  // G = 4, B = 3. WoE_0 = ln((2/4)/(1/3)) = ln 1.5, WoE_1 = ln((1/4)/(2/3)) = ln(3/8).
  // half (the default): the missing bin holds 1.5 goods and 0.5 bads, shares 1.5/4 and 0.5/3:
  // WoE_m = ln((1.5/4)/(0.5/3)) = ln 2.25, IV_m = (1.5/4 − 0.5/3)·ln 2.25 = (5/24)·ln 2.25.
  // IV = (1/6)·ln 1.5 + (5/12)·ln(8/3) + IV_m; zero_woe drops the last term.
  const auto t = numeric_table({1, 1, 1, 2, 2, 2, NaN}, {0, 0, 1, 0, 1, 1, 0});
  const double base = std::log(1.5) / 6 + 5.0 / 12 * std::log(8.0 / 3);
  const auto half = fixed_cuts(t, "x", {1.5});
  CHECK(half.zero_cells() == zero_cell_rule::half);
  CHECK(half[0].woe == doctest::Approx(std::log(1.5)).epsilon(1e-14));
  CHECK(half[1].woe == doctest::Approx(std::log(3.0 / 8)).epsilon(1e-14));
  CHECK(half[2].label == "missing");
  CHECK(half[2].smoothed);
  CHECK_FALSE(half[0].smoothed);
  CHECK(half[2].woe == doctest::Approx(std::log(2.25)).epsilon(1e-14));
  CHECK(half[2].iv == doctest::Approx(5.0 / 24 * std::log(2.25)).epsilon(1e-14));
  CHECK(half.iv() == doctest::Approx(base + 5.0 / 24 * std::log(2.25)).epsilon(1e-14));

  binning_options o;
  o.zero_cells = zero_cell_rule::zero_woe;
  const auto zero = fixed_cuts(t, "x", {1.5}, o);
  CHECK(zero[2].smoothed);
  CHECK(zero[2].woe == 0.0);
  CHECK(zero[2].iv == 0.0);
  CHECK(zero.iv() == doctest::Approx(base).epsilon(1e-14));

  // r_scorecard: the missing bin's 0 bads become 0.99, every share is of the replaced sums
  // G' = 4, B' = 3.99: WoE_0 = ln((2/4)/(1/3.99)), WoE_m = ln((1/4)/(0.99/3.99)).
  o.zero_cells = zero_cell_rule::r_scorecard;
  const auto r = fixed_cuts(t, "x", {1.5}, o);
  CHECK(r[2].smoothed);
  CHECK_FALSE(r[0].smoothed);
  CHECK(r[0].woe == doctest::Approx(std::log((2.0 / 4) / (1 / 3.99))).epsilon(1e-14));
  CHECK(r[1].woe == doctest::Approx(std::log((1.0 / 4) / (2 / 3.99))).epsilon(1e-14));
  CHECK(r[2].woe == doctest::Approx(std::log((1.0 / 4) / (0.99 / 3.99))).epsilon(1e-14));
  CHECK(r[2].iv == doctest::Approx((1.0 / 4 - 0.99 / 3.99) * std::log((1.0 / 4) / (0.99 / 3.99))).epsilon(1e-13));

  // merge: the missing bin has no neighbour, so it gets the half correction too
  o.zero_cells = zero_cell_rule::merge;
  const auto m = fixed_cuts(t, "x", {1.5}, o);
  CHECK(m.size() == 3);
  CHECK(m[2].woe == half[2].woe);
  CHECK(m.iv() == half.iv());
}

TEST_CASE("an empty bin has WoE 0 and IV 0 and is flagged") {
  const auto t = numeric_table({1, 1, 2, 2}, {0, 1, 1, 0});
  const auto b = fixed_cuts(t, "x", {0.5, 1.5});
  CHECK(b[0].empty);
  CHECK(b[0].count == 0);
  CHECK(b[0].woe == 0.0);
  CHECK(b[0].iv == 0.0);
  CHECK(b[1].woe == doctest::Approx(0.0));
  CHECK(b.iv() == doctest::Approx(0.0));
  CHECK(b.strength() == strength::useless);
}

TEST_CASE("special values get their own bins, between the regular and the missing bin") {
  // -999 rows: 1 good 1 bad; G = 4, B = 3, so WoE = ln((1/4)/(1/3)) = ln 0.75.
  const auto t = numeric_table({-999, -999, 1, 1, 5, 5, NaN}, {0, 1, 0, 1, 1, 0, 0});
  binning_options o;
  o.special_values = {-999};
  const auto b = fixed_cuts(t, "x", {3}, o);
  REQUIRE(b.size() == 4);
  CHECK(b[2].label == "special -999");
  CHECK(b[2].count == 2);
  CHECK(b[2].woe == doctest::Approx(std::log(0.75)).epsilon(1e-14));
  CHECK(b[0].count == 2);  // -999 is not in (-inf, 3)
  CHECK(b[3].count == 1);
  CHECK(b[3].smoothed);
  CHECK(b.bins().bin_of(-999.0) == 2);
}

TEST_CASE("a weight of 2 counts like a row given twice") {
  table w;
  w.add(column::numeric("x", {1, 1, 2, 2, 3}));
  w.set_target({0, 1, 0, 1, 1});
  w.set_weights({2, 1, 1, 3, 0.5});
  // The same rows, duplicated by weight (0.5 cannot be duplicated: compare that bin by hand).
  const auto bw = fixed_cuts(w, "x", {1.5, 2.5});
  CHECK(bw[0].goods == 2);
  CHECK(bw[0].bads == 1);
  CHECK(bw[1].bads == 3);
  CHECK(bw[2].bads == 0.5);
  CHECK(bw[0].count == 2);  // counts stay rows
  CHECK(bw.total_goods() == 3);
  CHECK(bw.total_bads() == 4.5);
  CHECK(bw[0].woe == doctest::Approx(std::log((2.0 / 3) / (1.0 / 4.5))).epsilon(1e-14));

  table d;
  d.add(column::numeric("x", {1, 1, 1, 2, 2, 2, 2, 3}));
  d.set_target({0, 0, 1, 0, 1, 1, 1, 1});
  d.set_weights({1, 1, 1, 1, 1, 1, 1, 0.5});
  const auto bd = fixed_cuts(d, "x", {1.5, 2.5});
  for (std::size_t i = 0; i < bw.size(); ++i) {
    CHECK(bw[i].woe == doctest::Approx(bd[i].woe).epsilon(1e-14));
    CHECK(bw[i].iv == doctest::Approx(bd[i].iv).epsilon(1e-14));
  }
  CHECK(bw.iv() == doctest::Approx(bd.iv()).epsilon(1e-14));
  // A zero-weight row counts as a row but weighs nothing.
  table z;
  z.add(column::numeric("x", {1, 2, 2, 9}));
  z.set_target({0, 1, 0, 1});
  z.set_weights({1, 1, 1, 0});
  const auto bz = fixed_cuts(z, "x", {1.5, 5});
  CHECK(bz[2].count == 1);
  CHECK(bz[2].empty);
}

TEST_CASE("WoE and IV match the pandas reference on German credit columns") {
  std::ifstream in(reference_path("binning_woe.json"));
  REQUIRE(in);
  const auto ref = nlohmann::json::parse(in);
  const auto t = credo::test::german_credit();
  for (const auto& [name, r] : ref["numeric"].items()) {
    CAPTURE(name);
    const auto b = fixed_cuts(t, name, r["cuts"].get<std::vector<double>>());
    const auto woe = r["woe"].get<std::vector<double>>();
    REQUIRE(b.bins().regular() == woe.size());
    for (std::size_t i = 0; i < woe.size(); ++i) {
      CHECK(b[i].goods == r["goods"][i].get<double>());
      CHECK(b[i].bads == r["bads"][i].get<double>());
      CHECK(b[i].woe == doctest::Approx(woe[i]).epsilon(1e-12));
    }
    CHECK(b.iv() == doctest::Approx(r["iv"].get<double>()).epsilon(1e-12));
  }
  for (const auto& [name, r] : ref["categorical"].items()) {
    CAPTURE(name);
    const auto b = distinct(t, name);
    const auto labels = r["labels"].get<std::vector<std::string>>();
    REQUIRE(b.bins().regular() == labels.size());
    for (std::size_t i = 0; i < labels.size(); ++i) {
      const auto bin = b.bins().bin_of(std::string_view(labels[i]));
      CAPTURE(labels[i]);
      REQUIRE(bin < b.bins().regular());
      CHECK(b[bin].label == "{" + labels[i] + "}");
      CHECK(b[bin].goods == r["goods"][i].get<double>());
      CHECK(b[bin].bads == r["bads"][i].get<double>());
      CHECK(b[bin].woe == doctest::Approx(r["woe"][i].get<double>()).epsilon(1e-12));
    }
    CHECK(b.iv() == doctest::Approx(r["iv"].get<double>()).epsilon(1e-12));
  }
}

TEST_CASE("strength bands follow the customary IV thresholds") {
  CHECK(strength_of(0.0) == strength::useless);
  CHECK(strength_of(0.0199) == strength::useless);
  CHECK(strength_of(0.02) == strength::weak);
  CHECK(strength_of(0.0999) == strength::weak);
  CHECK(strength_of(0.1) == strength::medium);
  CHECK(strength_of(0.2999) == strength::medium);
  CHECK(strength_of(0.3) == strength::strong);
  CHECK(strength_of(0.5) == strength::strong);
  CHECK(strength_of(0.5001) == strength::suspicious);
  CHECK(std::string(to_string(strength::weak)) == "weak");
}

TEST_CASE("the printed table is aligned and carries every figure") {
  // The missing bin's IV term is (1.5/4 − 0.5/3)·ln 2.25 = 0.1689 (half, WoE and IV alike).
  const auto t = numeric_table({1, 1, 1, 2, 2, 2, NaN}, {0, 0, 1, 0, 1, 1, 0});
  const auto s = to_string(fixed_cuts(t, "x", {1.5}));
  CHECK(s ==
        "x: IV 0.6452 (suspicious)\n"
        "  bin            count    goods     bads event rate      WoE       IV\n"
        "  (-inf, 1.5)        3        2        1     0.3333   0.4055   0.0676\n"
        "  [1.5, inf)         3        1        2     0.6667  -0.9808   0.4087\n"
        "  missing            1        1        0     0.0000   0.8109   0.1689  smoothed\n"
        "  total              7        4        3     0.4286            0.6452\n"
        "  warning: IV 0.6452 is above 0.5 (suspicious): check the column for a leak of the outcome\n");
  const std::vector<iv_entry> ranking{{"a", 0.4, strength::strong}, {"bb", 0.01, strength::useless}};
  CHECK(to_string(std::span<const iv_entry>(ranking)) ==
        "  rank  column       IV  strength\n"
        "     1  a        0.4000  strong\n"
        "     2  bb       0.0100  useless\n");
}
