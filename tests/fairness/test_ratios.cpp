// Fairness ratios beside the differences (TPR and FPR ratios, FPR difference, equalized-odds
// ratio) and each group against the whole population (fairlearn MetricFrame's to_overall), on
// German credit against tests/reference/fairness_ratios_reference.py (fairlearn's definitions
// in numpy), and by hand on the small example.
#include "german_groups.hpp"
#include <credo/fairness/counts.hpp>
#include <credo/fairness/groups.hpp>
#include <credo/fairness/measures.hpp>

#include "small_example.hpp"

#include <test_support.hpp>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <fstream>
#include <string>
#include <vector>

namespace {

using nlohmann::json;

const json& ratios_reference() {
  static const json j = credo::test::reference_json("fairness_ratios_reference.json");
  return j;
}

void ratios_close(double got, const json& want, const std::string& what) {
  INFO(what);
  if (want.is_null()) CHECK(std::isnan(got));
  else CHECK(std::abs(got - want.get<double>()) <= 1e-12 * std::max(1.0, std::abs(want.get<double>())));
}

void ratios_overall(const credo::fairness::overall_comparison<double>& o, const json& want,
                    const std::vector<std::size_t>& order, const std::string& what) {
  ratios_close(o.overall, want["overall"], what + " overall");
  ratios_close(o.max_abs_difference, want["max_abs_difference"], what + " max |difference|");
  ratios_close(o.min_ratio, want["min_ratio"], what + " min ratio");
  for (std::size_t i = 0; i < order.size(); ++i) {
    ratios_close(o.difference[order[i]], want["difference"][i], what + " difference");
    ratios_close(o.ratio[order[i]], want["ratio"][i], what + " ratio");
  }
}

}  // namespace

TEST_CASE("fairness ratios and to-overall comparisons equal fairlearn's definitions on German credit") {
  using namespace credo::fairness;
  int cases = 0;
  for (const std::string decision : {"label", "linear", "linear_weighted"})
    for (const std::string grouping : {"age", "sex", "age3"}) {
      const json& ref = ratios_reference()["cases"][decision + "/" + grouping];
      const auto t = credo::test::german_with_sex(decision == "linear_weighted");
      const auto groups = grouping == "age"    ? groups_from(t, {"age", {25}})
                          : grouping == "age3" ? groups_from(t, {"age", {25, 40}})
                                               : groups_from(t, {"sex"});
      std::vector<double> scores(t.rows());
      const auto y = t.target();
      const auto dur = t["duration"].values(), amt = t["credit_amount"].values();
      for (std::size_t r = 0; r < scores.size(); ++r)
        scores[r] = decision == "label" ? 1.0 - y[r] : 100 - dur[r] - amt[r] / 500;
      const auto counts = count_groups<double>(t, groups, scores, ref["cutoff"].get<double>());
      const auto d = compare_groups(counts, ref["reference"].get<std::string>());
      std::vector<std::size_t> order;  // reference order (sorted names) -> credo's group index
      for (const auto& n : ref["names"]) order.push_back(groups.find(n.get<std::string>()));
      const std::string at = decision + "/" + grouping;
      for (std::size_t i = 0; i < order.size(); ++i) {
        const json& w = ref["vs_reference"][i];
        const std::size_t g = order[i];
        ratios_close(d.true_positive_rate_ratio.vs_reference[g], w["true_positive_rate_ratio"], at + " TPR ratio");
        ratios_close(d.false_positive_rate_ratio.vs_reference[g], w["false_positive_rate_ratio"], at + " FPR ratio");
        ratios_close(d.false_positive_rate_difference.vs_reference[g], w["false_positive_rate_difference"],
                     at + " FPR difference");
        ratios_close(d.equalized_odds_ratio.vs_reference[g], w["equalized_odds_ratio"], at + " EO ratio");
      }
      const json& a = ref["across"];
      ratios_close(d.true_positive_rate_ratio.across, a["true_positive_rate_ratio"], at + " TPR ratio across");
      ratios_close(d.false_positive_rate_ratio.across, a["false_positive_rate_ratio"], at + " FPR ratio across");
      ratios_close(d.false_positive_rate_difference.across, a["false_positive_rate_difference"],
                   at + " FPR difference across");
      ratios_close(d.equalized_odds_ratio.across, a["equalized_odds_ratio"], at + " EO ratio across");
      const json& o = ref["to_overall"];
      ratios_overall(d.to_overall.approval_rate, o["approval_rate"], order, at + " approval rate");
      ratios_overall(d.to_overall.true_positive_rate, o["true_positive_rate"], order, at + " TPR");
      ratios_overall(d.to_overall.false_positive_rate, o["false_positive_rate"], order, at + " FPR");
      ratios_overall(d.to_overall.precision, o["precision"], order, at + " precision");
      ++cases;
    }
  CHECK(cases == 9);
}

TEST_CASE("equalized-odds ratio and to-overall by hand on two groups") {
  using namespace credo::fairness;
  // Group a: 10 goods (8 approved), 10 bads (4 approved); group b: 10 goods (5), 10 bads (5).
  group_counts<double> c({"a", "b"}, 0.5);
  auto add = [&](std::size_t g, int n, bool bad, double score) {
    for (int i = 0; i < n; ++i) c(g, score, bad);
  };
  add(0, 8, false, 1);
  add(0, 2, false, 0);
  add(0, 4, true, 1);
  add(0, 6, true, 0);
  add(1, 5, false, 1);
  add(1, 5, false, 0);
  add(1, 5, true, 1);
  add(1, 5, true, 0);
  const auto d = compare_groups(c, "b");
  // TPR 0.8 / 0.5, FPR 0.4 / 0.5: ratios 1.6 and 0.8 against b; across 0.625 and 0.8.
  CHECK(d.true_positive_rate_ratio.vs_reference[0] == doctest::Approx(1.6));
  CHECK(d.false_positive_rate_ratio.vs_reference[0] == doctest::Approx(0.8));
  CHECK(d.false_positive_rate_difference.vs_reference[0] == doctest::Approx(-0.1));
  CHECK(d.equalized_odds_ratio.vs_reference[0] == doctest::Approx(0.625));  // min(1/1.6, 0.8)
  CHECK(d.equalized_odds_ratio.vs_reference[1] == 1);
  CHECK(d.equalized_odds_ratio.across == doctest::Approx(0.625));
  // Overall approval 22/40 = 0.55: a 0.6, b 0.5; max |difference| 0.05, min ratio 0.5/0.55.
  CHECK(d.to_overall.approval_rate.overall == doctest::Approx(0.55));
  CHECK(d.to_overall.approval_rate.difference[0] == doctest::Approx(0.05));
  CHECK(d.to_overall.approval_rate.ratio[1] == doctest::Approx(0.5 / 0.55));
  CHECK(d.to_overall.approval_rate.max_abs_difference == doctest::Approx(0.05));
  CHECK(d.to_overall.approval_rate.min_ratio == doctest::Approx(0.5 / 0.55));
  // An overall rate of 0 calls the zero-division policy.
  group_counts<double> none({"a", "b"}, 10.0);
  none(0, 1.0, false);
  none(0, 1.0, true);
  none(1, 1.0, false);
  none(1, 1.0, true);
  CHECK(std::isnan(compare_groups(none).to_overall.approval_rate.ratio[0]));
  CHECK(compare_groups(none, {}, zero_division::value{7}).to_overall.approval_rate.ratio[0] == 7);
  CHECK(compare_groups(none).to_overall.approval_rate.max_abs_difference == 0);
  CHECK_THROWS_WITH_AS(compare_groups(none, {}, zero_division::raise{}),
                       "[credo.fairness.zero_division] group 'a': share good among approved: the denominator is zero",
                       credo::numeric_error);
}
