// German credit against tests/reference/fairness_reference.py (scipy, statsmodels, sklearn):
// groups age <= 25 / age > 25 (reference age > 25) and female / male from personal_status
// (reference male); decisions: the data's own labels (score 1 for goods, cut-off 1), and the
// fixed linear score 100 − duration − credit_amount/500 at cut-off 70, unweighted and with
// row weights 1 + (row mod 3).
#include "german_groups.hpp"
#include <credo/fairness.hpp>
#include <credo/io/csv.hpp>

#include <test_support.hpp>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <string>
#include <vector>

using namespace credo::fairness;
using nlohmann::json;

namespace {

const json& reference() {
  static const json j = credo::test::reference_json("fairness_reference.json");
  return j;
}

credo::table german(bool weighted) { return credo::test::german_with_sex(weighted); }

template <class Real>
std::vector<Real> scores_of(const credo::table& t, const std::string& decision) {
  std::vector<Real> s(t.rows());
  const auto y = t.target();
  const auto dur = t["duration"].values(), amt = t["credit_amount"].values();
  for (std::size_t r = 0; r < s.size(); ++r)
    s[r] = decision == "label" ? Real(1 - y[r]) : static_cast<Real>(100 - dur[r] - amt[r] / 500);
  return s;
}

template <class Real>
void check_close(double got, const json& want, double eps, const std::string& what) {
  INFO(what);
  if (want.is_null()) {
    CHECK(std::isnan(got));
  } else {
    // Relative tolerance, with an absolute floor of eps·1e-3 for values at or near 0.
    const double w = want.get<double>();
    CHECK(std::abs(got - w) <= eps * std::max(std::abs(w), 1e-3));
  }
}

template <class Real>
void check_case(const std::string& decision, const std::string& grouping) {
  const json& ref = reference()["cases"][decision + "/" + grouping];
  const auto t = german(decision == "linear_weighted");
  const auto groups = grouping == "age" ? groups_from(t, {"age", {25}}) : groups_from(t, {"sex"});
  const auto scores = scores_of<Real>(t, decision == "label" ? "label" : "linear");
  const std::vector<Real> bands = {60, 70, 80};
  const Real cutoff = ref["cutoff"].get<double>();
  const auto counts = count_groups<Real>(t, groups, scores, cutoff, bands);
  const auto aucs = group_aucs<Real>(groups, scores, t.target(), t.weights());
  assess_options opt;
  opt.reference = ref["reference"].get<std::string>();
  const auto report = assess(counts, aucs, opt);
  auto opt_yates = opt;
  opt_yates.yates = true;
  const auto report_yates = assess(counts, opt_yates);
  const double eps = std::is_same_v<Real, float> ? 2e-4 : 1e-9;
  REQUIRE(report.groups.size() == ref["names"].size());
  for (std::size_t i = 0; i < ref["names"].size(); ++i) {
    const auto name = ref["names"][i].get<std::string>();
    const std::size_t g = groups.find(name);
    const auto& s = report.groups[g];
    const json& w = ref["groups"][i];
    const std::string at = decision + "/" + grouping + " " + name + ": ";
    CHECK(s.rows == w["rows"].get<std::uint64_t>());
    CHECK_FALSE(s.small);
    check_close<Real>(s.weight, w["weight"], eps, at + "weight");
    check_close<Real>(s.approved, w["approved"], eps, at + "approved");
    check_close<Real>(s.bads, w["bads"], eps, at + "bads");
    check_close<Real>(s.approval_rate, w["approval_rate"], eps, at + "approval rate");
    check_close<Real>(s.bad_rate, w["bad_rate"], eps, at + "bad rate");
    check_close<Real>(s.approval_rate_goods, w["tpr"], eps, at + "approval rate among goods");
    check_close<Real>(s.approval_rate_bads, w["fpr"], eps, at + "approval rate among bads");
    check_close<Real>(s.precision, w["precision"], eps, at + "precision");
    check_close<Real>(s.mean_score, w["mean_score"], eps, at + "mean score");
    check_close<Real>(s.sd_score, w["sd_score"], std::is_same_v<Real, float> ? 1e-3 : 1e-9, at + "sd");
    check_close<Real>(s.auc, w["auc"], eps, at + "auc");
    check_close<Real>(s.approval_rate_ci.lower, w["approval_rate_ci"][0], eps, at + "approval ci");
    check_close<Real>(s.approval_rate_ci.upper, w["approval_rate_ci"][1], eps, at + "approval ci");
    check_close<Real>(s.bad_rate_ci.lower, w["bad_rate_ci"][0], eps, at + "bad rate ci");
    check_close<Real>(s.approval_rate_goods_ci.upper, w["tpr_ci"][1], eps, at + "tpr ci");
    check_close<Real>(s.approval_rate_bads_ci.lower, w["fpr_ci"][0], eps, at + "fpr ci");
    check_close<Real>(s.precision_ci.lower, w["precision_ci"][0], eps, at + "precision ci");
    REQUIRE(s.calibration.size() == 4);
    for (std::size_t b = 0; b < 4; ++b) {
      CHECK(s.calibration[b].rows == w["calibration"][b]["rows"].get<std::uint64_t>());
      check_close<Real>(s.calibration[b].bad_rate, w["calibration"][b]["bad_rate"], eps, at + "band bad rate");
    }
    const json& v = ref["vs_reference"][i];
    const auto& m = report.measures;
    check_close<Real>(m.adverse_impact_ratio.vs_reference[g], v["adverse_impact_ratio"], eps, at + "AIR");
    check_close<Real>(m.statistical_parity_difference.vs_reference[g], v["statistical_parity_difference"], eps, at + "SPD");
    check_close<Real>(m.equal_opportunity_difference.vs_reference[g], v["equal_opportunity_difference"], eps, at + "EOD");
    check_close<Real>(m.average_odds_difference.vs_reference[g], v["average_odds_difference"], eps, at + "AOD");
    check_close<Real>(m.equalized_odds_difference.vs_reference[g], v["equalized_odds_difference"], eps, at + "EqOdds");
    check_close<Real>(m.predictive_parity_difference.vs_reference[g], v["predictive_parity_difference"], eps, at + "PPD");
    check_close<Real>(m.standardized_mean_difference.vs_reference[g], v["standardized_mean_difference"],
                      std::is_same_v<Real, float> ? 1e-3 : 1e-9, at + "SMD");
    check_close<Real>(m.marginal_effect.vs_reference[g], v["marginal_effect"], eps, at + "ME");
    const auto& c = report.vs_reference[g];
    CHECK(c.below_four_fifths == v["below_four_fifths"].get<bool>());
    check_close<Real>(c.adverse_impact_ratio_ci.lower, v["air_ci"][0], eps, at + "AIR ci");
    check_close<Real>(c.adverse_impact_ratio_ci.upper, v["air_ci"][1], eps, at + "AIR ci");
    check_close<Real>(c.chi_squared.statistic, v["chi2"][0], eps, at + "chi2");
    check_close<Real>(c.chi_squared.p_value, v["chi2"][1], eps, at + "chi2 p");
    check_close<Real>(report_yates.vs_reference[g].chi_squared.statistic, v["chi2_yates"][0], eps, at + "chi2 yates");
    check_close<Real>(report_yates.vs_reference[g].chi_squared.p_value, v["chi2_yates"][1], eps, at + "chi2 yates p");
    check_close<Real>(c.z_test.statistic, v["z"][0], eps, at + "z");
    check_close<Real>(c.z_test.p_value, v["z"][1], eps, at + "z p");
    REQUIRE(c.fisher_run);
    check_close<Real>(c.fisher.statistic, v["fisher"][0], eps, at + "fisher odds ratio");
    check_close<Real>(c.fisher.p_value, v["fisher"][1], std::is_same_v<Real, float> ? 2e-4 : 1e-7, at + "fisher p");
  }
  const json& a = ref["across"];
  const auto& m = report.measures;
  const std::string at = decision + "/" + grouping + " across: ";
  check_close<Real>(m.adverse_impact_ratio.across, a["adverse_impact_ratio"], eps, at + "AIR");
  check_close<Real>(m.statistical_parity_difference.across, a["statistical_parity_difference"], eps, at + "SPD");
  check_close<Real>(m.equal_opportunity_difference.across, a["equal_opportunity_difference"], eps, at + "EOD");
  check_close<Real>(m.average_odds_difference.across, a["average_odds_difference"], eps, at + "AOD");
  check_close<Real>(m.equalized_odds_difference.across, a["equalized_odds_difference"], eps, at + "EqOdds");
  check_close<Real>(m.predictive_parity_difference.across, a["predictive_parity_difference"], eps, at + "PPD");
  check_close<Real>(m.standardized_mean_difference.across, a["standardized_mean_difference"],
                    std::is_same_v<Real, float> ? 1e-3 : 1e-9, at + "SMD");
  check_close<Real>(m.marginal_effect.across, a["marginal_effect"], eps, at + "ME");
}

}  // namespace

TEST_CASE_TEMPLATE("German credit, the labels as the decision, against scipy/statsmodels", Real, float, double) {
  check_case<Real>("label", "age");
  check_case<Real>("label", "sex");
}

TEST_CASE_TEMPLATE("German credit, a fixed linear score, against scipy/statsmodels", Real, float, double) {
  check_case<Real>("linear", "age");
  check_case<Real>("linear", "sex");
}

TEST_CASE_TEMPLATE("German credit, a fixed linear score with row weights", Real, float, double) {
  check_case<Real>("linear_weighted", "age");
  check_case<Real>("linear_weighted", "sex");
}

TEST_CASE("German credit: sex x age band groups; small groups are flagged, never dropped") {
  const auto t = german(false);
  const auto groups = groups_from(t, std::vector<group_by>{{"sex"}, {"age", {25}}});
  CHECK(groups.names() ==
        std::vector<std::string>{"male & age <= 25", "male & age > 25", "female & age <= 25", "female & age > 25"});
  const auto scores = scores_of<double>(t, "linear");
  const auto counts = count_groups<double>(t, groups, scores, 70.0);
  // pandas.crosstab(sex, age <= 25): male 85 / 605, female 105 / 205.
  CHECK(counts[0].rows == 85);
  CHECK(counts[1].rows == 605);
  CHECK(counts[2].rows == 105);
  CHECK(counts[3].rows == 205);
  const auto r = assess(counts, {.reference = "male & age > 25", .small_group = 100});
  REQUIRE(r.groups.size() == 4);
  CHECK(r.groups[0].small);  // 85 < 100, still in the report
  CHECK_FALSE(r.groups[1].small);
  CHECK_FALSE(r.groups[2].small);
  CHECK(r.reference() == 1);
}
