// The report a credit committee reads: the fit behind the card kept in the model file (and
// read back bit for bit), and the sections that show it — summary, points, coefficients with
// standard errors, characteristics dropped, binning tables — on German credit.
#include <credo/io/model_file.hpp>
#include <credo/model/workflow.hpp>
#include <credo/report/scorecard_report.hpp>

#include <doctest/doctest.h>

#include "german_card_fixture.hpp"

#include <cmath>
#include <string>

namespace committee_test {


const credo::test::german_card_fixture& setup() { return credo::test::german_card(); }

std::size_t count(const std::string& s, const std::string& what) {
  std::size_t n = 0;
  for (auto p = s.find(what); p != std::string::npos; p = s.find(what, p + 1)) ++n;
  return n;
}

}  // namespace committee_test

using committee_test::setup;

TEST_CASE("the model file keeps the fit behind the card and reads it back bit for bit") {
  const auto& f = setup().fit;
  const std::string text = credo::io::scorecard_to_string(f.card, credo::io::fit_record{f.model, f.dropped});
  // The card loads from the same text as before.
  CHECK(credo::io::scorecard_from_string(text) == f.card);
  const auto back = credo::io::fit_record_from_string(text);
  REQUIRE(back);
  REQUIRE(back->model.coefficients.size() == f.model.coefficients.size());
  for (std::size_t i = 0; i < f.model.coefficients.size(); ++i) {
    const auto &a = back->model.coefficients[i], &b = f.model.coefficients[i];
    CHECK(a.name == b.name);
    CHECK(a.estimate == b.estimate);
    CHECK(a.std_error == b.std_error);
    CHECK(a.z == b.z);
    CHECK(a.p_value == b.p_value);
    CHECK(a.conf_int == b.conf_int);
    CHECK(a.odds_ratio_conf_int == b.odds_ratio_conf_int);
  }
  CHECK(back->model.log_likelihood == f.model.log_likelihood);
  CHECK(back->model.aic == f.model.aic);
  CHECK(back->model.nobs == f.model.nobs);
  CHECK(back->model.lr_test == f.model.lr_test);
  CHECK(back->model.r2 == f.model.r2);
  CHECK(back->model.iterations == f.model.iterations);
  REQUIRE(back->dropped.size() == f.dropped.size());
  REQUIRE_FALSE(f.dropped.empty());
  CHECK(back->dropped.front().name == f.dropped.front().name);
  CHECK(back->dropped.front().reason == f.dropped.front().reason);
  // A file written without it (or before credo fit recorded it) has none.
  CHECK_FALSE(credo::io::fit_record_from_string(credo::io::scorecard_to_string(f.card)));
}

TEST_CASE("an undefined standard error travels as null; a damaged fit member is refused with its path") {
  const auto& f = setup().fit;
  credo::io::fit_record r{f.model, f.dropped};
  r.model.coefficients[1].std_error = std::nan("");
  auto j = nlohmann::json::parse(credo::io::scorecard_to_string(f.card, r));
  CHECK(j["fit"]["coefficients"][1]["std_error"].is_null());
  CHECK(std::isnan(credo::io::fit_record_from_json(j)->model.coefficients[1].std_error));
  j["fit"]["coefficients"][2]["std_error"] = "large";
  CHECK_THROWS_WITH_AS(credo::io::fit_record_from_json(j),
                       "[credo.model_file.wrong_type] fit.coefficients[2].std_error: expected a number, got string",
                       credo::io_error);
  j = nlohmann::json::parse(credo::io::scorecard_to_string(f.card, r));
  j["fit"]["dropped"][0].erase("reason");
  CHECK_THROWS_WITH_AS(credo::io::fit_record_from_json(j), "[credo.model_file.missing_key] fit.dropped[0].reason: missing",
                       credo::io_error);
  j = nlohmann::json::parse(credo::io::scorecard_to_string(f.card, r));
  j["fit"]["coefficients"][0]["conf_int"] = {1.0};
  CHECK_THROWS_WITH_AS(credo::io::fit_record_from_json(j),
                       "[credo.model_file.size_mismatch] fit.coefficients[0].conf_int: 1 values, expected 2",
                       credo::io_error);
}

TEST_CASE("the report: summary first, points, coefficients with standard errors, dropped, binning tables") {
  const auto& s = setup();
  credo::report::audit_options o;
  o.data_name = "german_credit.csv";
  o.groups.push_back({{"age", {25}}, "age > 25"});
  o.model = s.fit.model;
  o.dropped = s.fit.dropped;
  const auto a = credo::report::audit_scorecard(s.data, s.fit.card, o);
  const std::string html = a.html.str();
  // The sections in the committee's order, each in the table of contents.
  const std::vector<std::string> order{"Summary", "Scorecard points", "Model coefficients", "Characteristics dropped",
                                       "Characteristics: binning tables", "Discrimination", "Gains and lift",
                                       "Calibration", "Stability against the training scores", "Fairness by age"};
  std::size_t at = 0;
  for (const auto& name : order) {
    const auto p = html.find("\">" + name + "</h2>");
    REQUIRE_MESSAGE(p != std::string::npos, name);
    CHECK_MESSAGE(p > at, name);
    at = p;
    CHECK(html.find(">" + name + "</a></li>") != std::string::npos);
  }
  // Summary figures: bad rate 300 of 1000; the Gini interval is the AUC's mapped by 2 AUC - 1.
  CHECK(a.bad_rate == doctest::Approx(0.3));
  CHECK(html.find("<th scope=\"row\">bads (weighted), bad rate</th><td>300.0, 30.00%</td>") != std::string::npos);
  CHECK(html.find(credo::report::detail::range_text(2 * a.auc_ci.lower - 1, 2 * a.auc_ci.upper - 1)) != std::string::npos);
  // Every coefficient with its standard error, z and p.
  for (const auto& c : s.fit.model.coefficients) {
    const std::string row = "<td>" + c.name + "</td><td class=\"num\">" + credo::report::detail::fmt(c.estimate) +
                            "</td><td class=\"num\">" + credo::report::detail::fmt(c.std_error) + "</td><td class=\"num\">" +
                            credo::report::detail::fmt(c.z, 3) + "</td>";
    CHECK_MESSAGE(html.find(row) != std::string::npos, c.name);
  }
  for (const auto& d : s.fit.dropped)
    CHECK(html.find("<td>" + d.name + "</td><td>" + credo::report::escape(d.reason) + "</td>") != std::string::npos);
  // One binning table and one bars-and-line chart per characteristic; a points row per bin.
  std::size_t bins = 0;
  for (const auto& c : a.characteristics) {
    bins += c.labels.size();
    CHECK(html.find("data-chart=\"bins_" + c.name + "\"") != std::string::npos);
    CHECK(html.find("<caption>" + c.name + "</caption>") != std::string::npos);
  }
  CHECK(committee_test::count(html, "<tr><td>total</td>") == a.characteristics.size());
  CHECK(html.find("data-chart=\"lift\"") != std::string::npos);
  // The binning table's data IV equals the sum over the bins of (%good - %bad) ln(%good / %bad).
  const auto& c0 = a.characteristics.front();
  double B = 0, W = 0, iv = 0;
  for (std::size_t b = 0; b < c0.weight.size(); ++b) W += c0.weight[b], B += c0.bads[b];
  for (std::size_t b = 0; b < c0.weight.size(); ++b) {
    const double g = c0.weight[b] - c0.bads[b];
    if (g > 0 && c0.bads[b] > 0) iv += (g / (W - B) - c0.bads[b] / B) * std::log((g / (W - B)) / (c0.bads[b] / B));
  }
  const auto table_at = html.find("<caption>" + c0.name + "</caption>");
  const auto total_at = html.find("<tr><td>total</td>", table_at);
  const auto row_end = html.find("</tr>", total_at);
  CHECK(html.substr(total_at, row_end - total_at).find(credo::report::detail::fmt(iv)) != std::string::npos);
  // Training on the same rows: the binning's IV is the data's.
  CHECK(iv == doctest::Approx(s.fit.encoder.table_of(c0.name).iv()).epsilon(1e-9));
}

TEST_CASE("without the fit, the report says what it cannot show") {
  const auto& s = setup();
  const auto a = credo::report::audit_scorecard(s.data, s.fit.card, {});
  const std::string html = a.html.str();
  CHECK(html.find("standard errors, z and p-values are not known here") != std::string::npos);
  CHECK(html.find("Not recorded: the model file holds no list of the characteristics") != std::string::npos);
  CHECK(html.find("<td>(intercept)</td><td class=\"num\">" + credo::report::detail::fmt(s.fit.card.intercept()) + "</td>") !=
        std::string::npos);
}
