// credo::metrics::monitoring_accumulator (include/credo/metrics/monitoring.hpp): hand-derived
// PSI, CSI, approval rate, bad rate, AUC and KS per period; pandas/sklearn/scipy reference
// figures (tests/reference/monitoring_psi_csi.py) on German credit; merging; the errors.
#include "german_credit.hpp"
#include "test_support.hpp"

#include <credo/io/model_file.hpp>
#include <credo/metrics/monitoring.hpp>
#include <credo/model/scorecard.hpp>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <fstream>
#include <string>
#include <vector>

namespace monitoring_test {

using credo::column;
using credo::table;
using credo::metrics::finish_monitoring;
using credo::metrics::monitoring_accumulator;
using credo::metrics::monitoring_options;

// One numeric characteristic x cut at 10: bins (-inf, 10), [10, inf), missing; training weights
// 50, 50, 0. Its two scores are told apart by a training distribution with one edge between.
struct tiny {
  credo::model::scorecard<> card;
  double low = 0, high = 0;
  tiny() {
    credo::model::characteristic_spec x{"x", credo::binning::bins::numeric({10.0}), {-1.0, 1.0, 0.0}, -1.0, {50, 50, 0}};
    card = credo::model::scorecard<>({x}, 0.0);
    low = card.score({5.0}).score;
    high = card.score({15.0}).score;
    card.set_score_distribution({{-credo::test::inf, (low + high) / 2, credo::test::inf}, {50, 50}});
  }
};

// Period A: x = 5 (bad), 5 (bad), 5 (good), 15 (good); period B: 5 (bad), 5 (bad).
table tiny_rows(const std::vector<std::string>& periods) {
  table t;
  t.add(column::numeric("x", {5, 5, 5, 15, 5, 5}));
  t.add(column::categorical_from_labels("period", periods));
  t.set_target({1, 1, 0, 0, 1, 1}, "bad");
  return t;
}

TEST_CASE("monitoring: hand-derived figures of two periods") {
  const tiny k;
  REQUIRE(k.low < k.high);
  monitoring_accumulator acc(k.card, true);
  acc.add(tiny_rows({"A", "A", "A", "A", "B", "B"}), k.card, "period");
  monitoring_options opt;
  opt.cutoff = k.high;
  const auto m = finish_monitoring(acc, k.card, opt);
  REQUIRE(m.periods.size() == 2);
  CHECK(m.rows == 6);
  CHECK(m.cutoff == k.high);
  CHECK(m.cutoff_given);
  const auto& a = m.periods[0];
  CHECK(a.period == "A");
  CHECK(a.rows == 4);
  // Shares 3/4, 1/4 against 1/2, 1/2: (1/4)·ln(3/2) + (−1/4)·ln(1/2) = (1/4)·ln 3.
  REQUIRE(a.psi);
  CHECK(a.psi->value == doctest::Approx(0.25 * std::log(3.0)).epsilon(1e-15));
  CHECK(a.psi->verdict == credo::metrics::stability_verdict::major_shift);
  // CSI over x's bins: the same shares, and the empty missing bin (ε on both sides) adds 0.
  REQUIRE(a.characteristics.size() == 1);
  REQUIRE(a.characteristics[0].csi);
  CHECK(a.characteristics[0].csi->value == doctest::Approx(0.25 * std::log(3.0)).epsilon(1e-15));
  CHECK(a.approval_rate == 0.25);
  CHECK(a.bad_rate == 0.5);
  // Bads (low, low) against goods (low, high): pairs ½ + ½ + 1 + 1 of 4.
  CHECK(a.auc == 0.75);
  // At the low score: F_bad 1, F_good ½.
  CHECK(a.ks == 0.5);
  const auto& b = m.periods[1];
  CHECK(b.period == "B");
  // Shares 1, 0 → ε = 1e-4: (1/2)·ln 2 + (1e-4 − 1/2)·ln(1e-4 / (1/2)).
  REQUIRE(b.psi);
  const double eps = 1e-4;
  CHECK(b.psi->value == doctest::Approx(0.5 * std::log(2.0) + (eps - 0.5) * std::log(eps / 0.5)).epsilon(1e-14));
  CHECK(b.psi->smoothed_bands == std::vector<std::size_t>{1});
  CHECK(b.approval_rate == 0);
  CHECK(b.bad_rate == 1);
  CHECK(std::isnan(b.auc));  // no good: undefined, not 0
  CHECK(std::isnan(b.ks));
}

TEST_CASE("monitoring: the default cut-off is the score at the observed bad rate") {
  const tiny k;
  monitoring_accumulator acc(k.card, true);
  acc.add(tiny_rows({"A", "A", "A", "A", "B", "B"}), k.card, "period");
  const auto m = finish_monitoring(acc, k.card);
  CHECK_FALSE(m.cutoff_given);
  CHECK(m.cutoff == k.card.score_from_pd(4.0 / 6.0));
}

TEST_CASE("monitoring: period order, the missing period, numeric period columns") {
  const tiny k;
  monitoring_accumulator acc(k.card, true);
  acc.add(tiny_rows({"10", "2", "", "10", "2", "9"}), k.card, "period");
  const auto m = finish_monitoring(acc, k.card, monitoring_options{520.0, 1e-4});
  REQUIRE(m.periods.size() == 4);
  CHECK(m.periods[0].period == "2");  // numeric order: 2 < 9 < 10
  CHECK(m.periods[1].period == "9");
  CHECK(m.periods[2].period == "10");
  CHECK(m.periods[3].period == "(missing)");
  CHECK(m.periods[3].rows == 1);

  table t = tiny_rows({"a", "a", "a", "a", "a", "a"});
  t.add(column::numeric("month", {202401, 202402, 202402, credo::test::NaN, 202401, 202401}));
  monitoring_accumulator byn(k.card, true);
  byn.add(t, k.card, "month");
  const auto n = finish_monitoring(byn, k.card, monitoring_options{520.0, 1e-4});
  REQUIRE(n.periods.size() == 3);
  CHECK(n.periods[0].period == "202401");
  CHECK(n.periods[0].rows == 3);
  CHECK(n.periods[2].period == "(missing)");

  // Text order when a label is not a number.
  monitoring_accumulator text(k.card, true);
  text.add(tiny_rows({"2024-10", "2024-02", "2024-10", "x", "x", "x"}), k.card, "period");
  const auto s = finish_monitoring(text, k.card, monitoring_options{520.0, 1e-4});
  REQUIRE(s.periods.size() == 3);
  CHECK(s.periods[0].period == "2024-02");
  CHECK(s.periods[1].period == "2024-10");
  CHECK(s.periods[2].period == "x");
}

TEST_CASE("monitoring: without outcomes, approval and stability only") {
  const tiny k;
  table t;
  t.add(column::numeric("x", {5, 15, 15}));
  t.add(column::categorical_from_labels("period", {"A", "A", "A"}));
  monitoring_accumulator acc(k.card, false);
  acc.add(t, k.card, "period");
  const auto m = finish_monitoring(acc, k.card, monitoring_options{k.high, 1e-4});
  REQUIRE(m.periods.size() == 1);
  CHECK(m.periods[0].approval_rate == doctest::Approx(2.0 / 3).epsilon(1e-15));
  CHECK(std::isnan(m.periods[0].bad_rate));
  CHECK(std::isnan(m.periods[0].auc));
  CHECK(std::isnan(m.periods[0].ks));
  CHECK_THROWS_WITH_AS(finish_monitoring(acc, k.card), doctest::Contains("[credo.metrics.no_cutoff]"),
                       credo::invalid_input);
}

TEST_CASE("monitoring: errors") {
  const tiny k;
  monitoring_accumulator none;
  CHECK_THROWS_WITH_AS(none.add(tiny_rows({"A", "A", "A", "A", "B", "B"}), k.card, "period"),
                       doctest::Contains("[credo.metrics.not_started]"), credo::logic_error);
  monitoring_accumulator acc(k.card, true);
  CHECK_THROWS_WITH_AS(acc.add(tiny_rows({"A", "A", "A", "A", "B", "B"}), k.card, "month"),
                       doctest::Contains("[credo.metrics.unknown_period] period column 'month'"), credo::invalid_input);
  const std::vector<std::uint8_t> skip(2, 0);
  CHECK_THROWS_WITH_AS(acc.add(tiny_rows({"A", "A", "A", "A", "B", "B"}), k.card, "period", skip),
                       doctest::Contains("[credo.metrics.length_mismatch]"), credo::invalid_input);
  monitoring_accumulator unlabelled(k.card, false);
  unlabelled.add(tiny_rows({"A", "A", "A", "A", "B", "B"}), k.card, "period");
  acc.add(tiny_rows({"A", "A", "A", "A", "B", "B"}), k.card, "period");
  CHECK_THROWS_WITH_AS(acc += unlabelled, doctest::Contains("[credo.metrics.monitor_mismatch]"), credo::invalid_input);
  monitoring_accumulator empty(k.card, true);
  CHECK_THROWS_WITH_AS(finish_monitoring(empty, k.card), doctest::Contains("[credo.metrics.no_cutoff]"),
                       credo::invalid_input);
}

// --- German credit against the pandas reference -----------------------------------------------

nlohmann::json reference() {
  std::ifstream f(credo::test::reference_path("monitoring_psi_csi.json"));
  return nlohmann::json::parse(f);
}

// The reference's two period columns (tests/reference/monitoring_psi_csi.py).
table german_with_periods() {
  table t = credo::test::german_credit();
  std::vector<std::string> quarter, band;
  const char* q[] = {"2023Q1", "2023Q2", "2023Q3", "2023Q4", "2024Q1"};
  for (std::size_t r = 0; r < t.rows(); ++r) {
    quarter.push_back(q[r / 200]);
    const double age = t["age"].values()[r];
    band.push_back(age < 25 ? "1" : age < 35 ? "2" : age < 50 ? "3" : "4");
  }
  t.add(column::categorical_from_labels("quarters", quarter));
  t.add(column::categorical_from_labels("age_band", band));
  return t;
}

void check_against(const credo::metrics::monitoring_result& m, const nlohmann::json& s) {
  CHECK(m.cutoff == doctest::Approx(s["cutoff"].get<double>()).epsilon(1e-12));
  REQUIRE(m.periods.size() == s["periods"].size());
  for (std::size_t i = 0; i < m.periods.size(); ++i) {
    const auto& p = m.periods[i];
    const auto& e = s["periods"][i];
    INFO("period " << p.period);
    CHECK(p.period == e["period"].get<std::string>());
    CHECK(p.rows == e["rows"].get<std::uint64_t>());
    REQUIRE(p.psi);
    CHECK(p.psi->value == doctest::Approx(e["psi"].get<double>()).epsilon(1e-12));
    CHECK(credo::metrics::to_string(p.psi->verdict) == e["psi_verdict"].get<std::string>());
    CHECK(p.approval_rate == doctest::Approx(e["approval_rate"].get<double>()).epsilon(1e-12));
    CHECK(p.bad_rate == doctest::Approx(e["bad_rate"].get<double>()).epsilon(1e-12));
    CHECK(p.auc == doctest::Approx(e["auc"].get<double>()).epsilon(1e-12));
    CHECK(p.ks == doctest::Approx(e["ks"].get<double>()).epsilon(1e-12));
    REQUIRE(p.characteristics.size() == e["characteristics"].size());
    for (std::size_t j = 0; j < p.characteristics.size(); ++j) {
      const auto& c = e["characteristics"][j];
      INFO("characteristic " << p.characteristics[j].name);
      CHECK(p.characteristics[j].name == c["name"].get<std::string>());
      REQUIRE(p.characteristics[j].csi);
      CHECK(p.characteristics[j].csi->value == doctest::Approx(c["csi"].get<double>()).epsilon(1e-12));
      CHECK(credo::metrics::to_string(p.characteristics[j].csi->verdict) == c["csi_verdict"].get<std::string>());
    }
  }
}

TEST_CASE("monitoring: German credit matches pandas, sklearn and scipy (tests/reference)") {
  const auto ref = reference();
  const auto card = credo::io::load_scorecard(credo::test::reference_path("monitoring_card.json"));
  const table t = german_with_periods();
  for (const auto& s : ref["scenarios"]) {
    const std::string name = s["name"];
    INFO("scenario " << name);
    monitoring_accumulator acc(card, true);
    acc.add(t, card, name);
    monitoring_options opt;
    if (s["cutoff_given"].get<bool>()) opt.cutoff = s["cutoff"].get<double>();
    check_against(finish_monitoring(acc, card, opt), s);
  }
}

TEST_CASE("monitoring: parts over disjoint rows merge to the whole, bit for bit") {
  const auto card = credo::io::load_scorecard(credo::test::reference_path("monitoring_card.json"));
  const table t = german_with_periods();
  monitoring_accumulator whole(card, true), odd(card, true), even(card, true);
  whole.add(t, card, "quarters");
  std::vector<std::uint8_t> skip_odd(t.rows()), skip_even(t.rows());
  for (std::size_t r = 0; r < t.rows(); ++r) (r % 2 ? skip_odd : skip_even)[r] = 1;
  even.add(t, card, "quarters", skip_odd);
  odd.add(t, card, "quarters", skip_even);
  even += odd;
  CHECK(even == whole);
  const auto a = finish_monitoring(whole, card), b = finish_monitoring(even, card);
  REQUIRE(a.periods.size() == b.periods.size());
  for (std::size_t i = 0; i < a.periods.size(); ++i) {
    CHECK(a.periods[i].psi->value == b.periods[i].psi->value);
    CHECK(a.periods[i].auc == b.periods[i].auc);
    CHECK(a.periods[i].characteristics[3].csi->value == b.periods[i].characteristics[3].csi->value);
  }
  CHECK_FALSE(odd == whole);
}

}  // namespace monitoring_test
