// The scorecard workflow end to end on German credit, checked against independent
// computations: the card's scores against the scaling formula on the encoder's WoE, the
// audit's AUC and KS against brute force over all pairs and thresholds.
#include <credo/io/csv.hpp>
#include <credo/model/workflow.hpp>
#include <credo/report/scorecard_report.hpp>

#include <doctest/doctest.h>

#include "german_credit.hpp"
#include "test_support.hpp"

#include <algorithm>
#include <cmath>
#include <set>

namespace {

credo::model::scorecard_plan plan_without_protected(const credo::table& t) {
  credo::model::scorecard_plan plan;
  for (const auto& n : t.names())
    if (n != "age" && n != "personal_status" && n != "foreign_worker") plan.binning.columns.push_back(n);
  plan.binning.defaults.min_bin_size = 0.05;
  return plan;
}

}  // namespace

TEST_CASE("fit_scorecard: selection steps leave reasons and keep no positive coefficient") {
  const auto t = credo::test::german_credit();
  const auto plan = plan_without_protected(t);
  const auto f = credo::model::fit_scorecard(t, plan);
  REQUIRE(f.model.status == credo::model::fit_status::success);
  // Every binned column is either selected or dropped with a reason, never both.
  std::set<std::string> seen;
  for (const auto& s : f.selected) CHECK(seen.insert(s).second);
  for (const auto& d : f.dropped) {
    CHECK(seen.insert(d.name).second);
    CHECK_FALSE(d.reason.empty());
  }
  CHECK(seen.size() == plan.binning.columns.size());
  // The IV filter dropped exactly the columns below 0.02.
  for (const auto& tab : f.encoder.tables()) {
    const bool dropped_for_iv = std::any_of(f.dropped.begin(), f.dropped.end(), [&](const auto& d) {
      return d.name == tab.column() && d.reason.rfind("IV ", 0) == 0;
    });
    CHECK(dropped_for_iv == (tab.iv() < 0.02));
  }
  // WoE is positive for safe bins and the model predicts bad: every slope is negative.
  REQUIRE(f.model.coefficients.size() == f.selected.size() + 1);
  for (std::size_t i = 1; i < f.model.coefficients.size(); ++i) CHECK(f.model.coefficients[i].estimate < 0);
  CHECK(f.card.size() == f.selected.size());
}

TEST_CASE("fit_scorecard: scores follow the scaling formula on the encoder's WoE") {
  const auto t = credo::test::german_credit();
  auto plan = plan_without_protected(t);
  plan.scaling.pdo = 40;
  plan.scaling.base_score = 500;
  plan.scaling.base_odds = 20;
  const auto f = credo::model::fit_scorecard(t, plan);
  const Eigen::MatrixXd woe = f.encoder.transform(t);
  const auto& cols = f.encoder.columns();
  const double factor = 40 / std::log(2.0), offset = 500 - factor * std::log(20.0);
  // With rounding to the nearest point per bin, each characteristic is off by at most 0.5.
  const double tolerance = 0.5 * static_cast<double>(f.selected.size()) + 1e-9;
  for (std::size_t r = 0; r < t.rows(); ++r) {
    double logit = f.model.coefficients[0].estimate;
    for (std::size_t i = 0; i < f.selected.size(); ++i) {
      const auto j = std::find(cols.begin(), cols.end(), f.selected[i]) - cols.begin();
      logit += f.model.coefficients[i + 1].estimate * woe(static_cast<Eigen::Index>(r), j);
    }
    CHECK(std::abs(f.training_scores[r] - (offset - factor * logit)) <= tolerance);
  }
  // The training distribution holds every training score once.
  const auto& d = f.card.training_distribution();
  REQUIRE(d.has_value());
  double n = 0;
  for (double c : d->counts) n += c;
  CHECK(n == doctest::Approx(1000));
}

TEST_CASE("fit_scorecard: a filter that leaves nothing is a named error") {
  const auto t = credo::test::german_credit();
  auto plan = plan_without_protected(t);
  plan.min_iv = 10;
  CHECK_THROWS_WITH_AS(credo::model::fit_scorecard(t, plan),
                       "[credo.workflow.no_characteristic] selection left no characteristic (IV filter at 10.000000)",
                       credo::invalid_input);
}

TEST_CASE("audit_scorecard: AUC, KS and group approval rates against brute force") {
  const auto t = credo::test::german_credit();
  const auto f = credo::model::fit_scorecard(t, plan_without_protected(t));
  credo::report::audit_options ao;
  ao.cutoff = 520;
  ao.groups.push_back({{"age", {25}}, ""});
  const auto a = credo::report::audit_scorecard(t, f.card, ao);
  REQUIRE(a.scored == 1000);
  const auto y = t.target();
  // AUC: the share of (bad, good) pairs where the bad scores lower (riskier), ties one half.
  double wins = 0, pairs = 0;
  for (std::size_t i = 0; i < t.rows(); ++i)
    for (std::size_t j = 0; j < t.rows(); ++j)
      if (y[i] && !y[j]) {
        pairs += 1;
        wins += a.scores[i] < a.scores[j] ? 1.0 : a.scores[i] == a.scores[j] ? 0.5 : 0.0;
      }
  CHECK(a.auc == doctest::Approx(wins / pairs).epsilon(1e-12));
  CHECK(a.gini == doctest::Approx(2 * wins / pairs - 1).epsilon(1e-12));
  // KS: the largest gap between the cumulative bad and good shares at or below a score.
  std::set<double> thresholds(a.scores.begin(), a.scores.end());
  double ks = 0;
  for (double s : thresholds) {
    double b = 0, g = 0;
    for (std::size_t i = 0; i < t.rows(); ++i)
      if (a.scores[i] <= s) (y[i] ? b : g) += 1;
    ks = std::max(ks, std::abs(b / 300 - g / 700));
  }
  CHECK(a.ks == doctest::Approx(ks).epsilon(1e-12));
  // Approval rate of applicants aged 25 or less at cut-off 520.
  double young = 0, young_approved = 0;
  for (std::size_t i = 0; i < t.rows(); ++i)
    if (t["age"].values()[i] <= 25) {
      young += 1;
      young_approved += a.scores[i] >= 520 ? 1 : 0;
    }
  REQUIRE(a.fairness.size() == 1);
  const auto& groups = a.fairness[0].report.groups;
  const auto it = std::find_if(groups.begin(), groups.end(), [](const auto& g) { return g.name == "age <= 25"; });
  REQUIRE(it != groups.end());
  CHECK(it->approval_rate == doctest::Approx(young_approved / young).epsilon(1e-12));
  // Gains bands cover every scored row once; the PSI of the training data against itself is 0.
  std::size_t rows = 0;
  for (const auto& g : a.gains) rows += g.rows;
  CHECK(rows == 1000);
  REQUIRE(a.psi.has_value());
  CHECK(a.psi->value == doctest::Approx(0).epsilon(1e-12));
  CHECK(a.html.charts() >= 10);
}

TEST_CASE("audit_scorecard: data the card cannot score at all is a named error") {
  const auto t = credo::test::german_credit();
  const auto f = credo::model::fit_scorecard(t, plan_without_protected(t));
  credo::table empty;
  empty.set_target(std::vector<std::uint8_t>{});
  CHECK_THROWS_AS(credo::report::audit_scorecard(empty, f.card), credo::error_info);
}

TEST_CASE("fit_scorecard: the plan's penalty is a variant of the penalty policies") {
  const auto t = credo::test::german_credit();
  auto plan = plan_without_protected(t);
  plan.drop_positive = false;
  plan.selection = credo::model::selection_method::none;
  const auto plain = credo::model::fit_scorecard(t, plan);
  plan.penalty = credo::model::penalty::l2{50.0};
  const auto ridge = credo::model::fit_scorecard(t, plan);
  plan.penalty = credo::model::penalty::elastic_net{50.0, 1.0};
  const auto lasso = credo::model::fit_scorecard(t, plan);
  REQUIRE(plain.model.coefficients.size() == ridge.model.coefficients.size());
  REQUIRE(plain.model.coefficients.size() == lasso.model.coefficients.size());
  // Ridge shrinks the slopes (Σ β² smaller); the lasso sets some to exactly 0.
  double sum_plain = 0, sum_ridge = 0;
  std::size_t zeros = 0;
  for (std::size_t i = 1; i < plain.model.coefficients.size(); ++i) {
    sum_plain += plain.model.coefficients[i].estimate * plain.model.coefficients[i].estimate;
    sum_ridge += ridge.model.coefficients[i].estimate * ridge.model.coefficients[i].estimate;
    zeros += lasso.model.coefficients[i].estimate == 0;
  }
  CHECK(sum_ridge < sum_plain);
  CHECK(zeros > 0);
  // The scaling, rounding and missing options reach the card as they are.
  plan.penalty = credo::model::penalty::none{};
  plan.scaling.rounding = credo::model::rounding_method::none;
  plan.scaling.missing = credo::model::missing_action::worst;
  const auto unrounded = credo::model::fit_scorecard(t, plan);
  CHECK(unrounded.card.rounding() == credo::model::rounding_method::none);
  CHECK(unrounded.card.missing() == credo::model::missing_action::worst);
  for (std::size_t i = 0; i < plain.model.coefficients.size(); ++i)
    CHECK(unrounded.model.coefficients[i].estimate == plain.model.coefficients[i].estimate);
}
