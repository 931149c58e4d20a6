// A German-credit scorecard: bins from credo's binning (fixed cuts, one bin per category),
// WoE, a logistic model, points and scores, checked against tests/reference/scorecard_reference.py
// (its own WoE and statsmodels Logit, scores by the scaling formula).
#include "card_options.hpp"
#include <credo/binning/fit.hpp>
#include <credo/io/csv.hpp>
#include <credo/model/logistic_regression.hpp>
#include <credo/model/scorecard.hpp>

#include "german_credit.hpp"
#include "test_support.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <Eigen/Core>
#include <cmath>
#include <fstream>
#include <string>
#include <vector>

using namespace credo::model;

namespace {

const nlohmann::json& reference() {
  static const nlohmann::json j = [] {
    std::ifstream in(credo::test::reference_path("scorecard_reference.json"));
    return nlohmann::json::parse(in);
  }();
  return j;
}

std::vector<credo::binning::binning_table> german_tables(const credo::table& t) {
  std::vector<credo::binning::binning_table> tables;
  for (const auto& c : reference()["characteristics"]) {
    const std::string name = c["name"];
    if (reference()["numeric_cuts"].contains(name))
      tables.push_back(credo::binning::fixed_cuts(t, name, reference()["numeric_cuts"][name].get<std::vector<double>>()));
    else
      tables.push_back(credo::binning::distinct(t, name));
  }
  return tables;
}

}  // namespace

TEST_CASE("German credit: WoE, points and all 1000 scores match the reference") {
  const auto& ref = reference();
  const auto t = credo::test::german_credit();
  const auto tables = german_tables(t);
  std::vector<double> beta;
  for (const auto& c : ref["characteristics"]) beta.push_back(c["coefficient"]);
  const auto card = scorecard<double>::from_tables(tables, beta, ref["intercept"], credo::test::card_options(rounding_method::none));
  CHECK(card.factor() == doctest::Approx(ref["factor"].get<double>()).epsilon(1e-15));
  CHECK(card.offset() == doctest::Approx(ref["offset"].get<double>()).epsilon(1e-15));
  for (std::size_t j = 0; j < card.size(); ++j) {
    const auto& c = ref["characteristics"][j];
    const auto& spec = card.characteristic(j);
    REQUIRE(spec.bins.size() == c["woe"].size());
    for (std::size_t b = 0; b < spec.bins.size(); ++b) {
      INFO(spec.name, " bin ", b);
      CHECK(spec.bins.label(b) == c["labels"][b].get<std::string>());
      CHECK(spec.woe[b] == doctest::Approx(c["woe"][b].get<double>()).epsilon(1e-12));
      CHECK(card.points(j)[b] == doctest::Approx(c["points"][b].get<double>()).epsilon(1e-12));
    }
  }
  const auto scores = card.score(t);
  REQUIRE(scores.size() == 1000);
  for (std::size_t r = 0; r < 1000; ++r) {
    INFO("row ", r);
    REQUIRE(scores[r].ok());
    CHECK(std::abs(scores[r].score - ref["scores"][r].get<double>()) < 1e-9);
    // The card's PD of the unrounded score is the model's PD.
    CHECK(card.pd_from_score(scores[r].score) == doctest::Approx(ref["pd"][r].get<double>()).epsilon(1e-9));
  }
}

TEST_CASE("German credit: a card from credo's logistic regression on the WoE matrix") {
  const auto& ref = reference();
  const auto t = credo::test::german_credit();
  const auto tables = german_tables(t);
  Eigen::MatrixXd x(static_cast<Eigen::Index>(t.rows()), static_cast<Eigen::Index>(tables.size()));
  std::vector<std::string> names;
  for (std::size_t j = 0; j < tables.size(); ++j) {
    names.push_back(tables[j].column());
    const auto& col = t[tables[j].column()];
    for (std::size_t r = 0; r < t.rows(); ++r) {
      const double w = col.is_numeric()
                           ? tables[j].woe_of(col.values()[r])
                           : tables[j].woe_of(std::string_view(col.dictionary()[static_cast<std::size_t>(col.codes()[r])]));
      x(static_cast<Eigen::Index>(r), static_cast<Eigen::Index>(j)) = w;
    }
  }
  logistic_regression<> m;
  REQUIRE(m.fit(x, t.target(), names) == fit_status::success);
  CHECK(m.intercept() == doctest::Approx(ref["intercept"].get<double>()).epsilon(1e-7));
  const auto card = scorecard<double>::from_tables(tables, m, credo::test::card_options(rounding_method::none));
  const auto scores = card.score(t);
  for (std::size_t r = 0; r < 1000; ++r) CHECK(std::abs(scores[r].score - ref["scores"][r].get<double>()) < 1e-5);
  // The default card rounds to whole points: each score within n/2 = 4 points of the exact one.
  const auto rounded = scorecard<>::from_tables(tables, m);
  const auto rs = rounded.score(t);
  for (std::size_t r = 0; r < 1000; ++r) CHECK(std::abs(rs[r].score - scores[r].score) <= 4.0);
}
