// PMML 4.4 export (credo/interop/pmml_export.hpp): each bin's points, the baselines, the
// base points, the missing and unseen-category treatments and the PD constants are in the
// document exactly; every document validates against the PMML 4.4 schema (xmllint, when it is
// installed); what PMML cannot carry is refused with an id. The command line's documents
// (German credit cards under every option) are checked by examples/cli/test_cli_export.sh.
#include "german_credit.hpp"
#include "test_support.hpp"

#include <credo/interop/pmml_export.hpp>

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <string>
#include <vector>

// Everything in one named namespace: the area is one unity-built translation unit.
namespace pmml_export_test {

namespace model = credo::model;
namespace interop = credo::interop;
using credo::binning::bins;
using credo::detail::format_shortest;

/// A card with every kind of Attribute: a numeric characteristic with two cuts and a special
/// value, a categorical one whose groups need SimplePredicate, SimpleSetPredicate and (a label
/// holding '"' and '\') CompoundPredicate or, and whose unseen labels go to a regular bin.
model::scorecard<> hand_card(model::scorecard_options o = {}) {
  auto home = bins::categorical({{"rent"}, {"own", "with parents"}, {"say \"other\"", "a\\b", "x<y&z"}},
                                credo::binning::unseen_category::largest_bin, "home");
  std::vector<double> rows{5, 9, 1, 0};  // training rows per bin: the largest is {own, with parents}
  home.resolve_unseen(rows, rows);
  model::characteristic_spec income{"income", bins::numeric({1000.0, 2500.5}, {-999.0}),
                                    {-0.5, 0.1, 0.5, -0.3, 0.0}, -1.0, {3, 2, 1, 1, 0}};
  model::characteristic_spec h{"home", home, {-0.2, 0.4, 0.1, 0.0}, -0.5, rows};
  return model::scorecard<>({income, h}, -2.0, o);
}

/// The partialScore values of one Characteristic, in document order.
std::vector<std::string> partial_scores(const std::string& xml, const std::string& name) {
  const auto from = xml.find("<Characteristic name=\"" + name + "\"");
  const auto to = xml.find("</Characteristic>", from);
  REQUIRE(from != std::string::npos);
  const std::string part = xml.substr(from, to - from);
  std::vector<std::string> out;
  const std::regex re("partialScore=\"([^\"]*)\"");
  for (auto it = std::sregex_iterator(part.begin(), part.end(), re); it != std::sregex_iterator(); ++it)
    out.push_back((*it)[1].str());
  return out;
}

bool pmml_has(const std::string& s, const std::string& what) { return s.find(what) != std::string::npos; }

/// xmllint's verdict on the document against the PMML 4.4 schema: true when it validates or
/// xmllint is not installed (then the command line's test, which needs it, is not registered).
bool validates(const std::string& xml, const std::string& name) {
  if (std::system("xmllint --version > /dev/null 2>&1") != 0) {
    MESSAGE("xmllint not installed (Debian: libxml2-utils): schema validation skipped");
    return true;
  }
  const auto path = (std::filesystem::temp_directory_path() / ("credo_test_" + name + ".pmml")).string();
  std::ofstream(path) << xml;
  const std::string xsd = std::string(CREDO_SOURCE_DIR) + "/tests/data/pmml/pmml-4-4.xsd";
  const int rc = std::system(("xmllint --noout --schema '" + xsd + "' '" + path + "' 2> /dev/null").c_str());
  std::filesystem::remove(path);
  return rc == 0;
}


TEST_CASE("PMML scorecard: every Attribute in lookup order with the card's points") {
  model::scorecard_options o;
  o.rounding = model::rounding_method::none;  // points with all their digits
  const auto card = hand_card(o);
  const std::string xml = interop::scorecard_to_pmml(card);
  CHECK(validates(xml, "hand_none"));
  auto pts = [&](std::size_t j, std::size_t b) { return format_shortest(card.scored_points(j, b)); };
  // income: missing, special -999, (-inf, 1000), [1000, 2500.5), [2500.5, inf)
  CHECK(partial_scores(xml, "income") == std::vector<std::string>{pts(0, 4), pts(0, 3), pts(0, 0), pts(0, 1), pts(0, 2)});
  // home: missing, the three groups, then the unseen fallback (group 1, the largest)
  REQUIRE(card.characteristic(1).bins.unseen_bin() == 1);
  CHECK(partial_scores(xml, "home") == std::vector<std::string>{pts(1, 3), pts(1, 0), pts(1, 1), pts(1, 2), pts(1, 1)});
  // Unrounded points are written with every digit: they read back as the same double.
  CHECK(std::stod(pts(0, 1)) == card.scored_points(0, 1));
  CHECK(pts(0, 1).size() > 6);
  // The predicates.
  CHECK(pmml_has(xml, R"(<SimplePredicate field="income" operator="isMissing"/>)"));
  CHECK(pmml_has(xml, R"(<SimplePredicate field="income" operator="equal" value="-999"/>)"));
  CHECK(pmml_has(xml, R"(<SimplePredicate field="income" operator="lessThan" value="1000"/>)"));
  CHECK(pmml_has(xml, "<CompoundPredicate booleanOperator=\"and\">\n"
                      "            <SimplePredicate field=\"income\" operator=\"greaterOrEqual\" value=\"1000\"/>\n"
                      "            <SimplePredicate field=\"income\" operator=\"lessThan\" value=\"2500.5\"/>"));
  CHECK(pmml_has(xml, R"(<SimplePredicate field="income" operator="greaterOrEqual" value="2500.5"/>)"));
  CHECK(pmml_has(xml, R"(<SimplePredicate field="home" operator="equal" value="rent"/>)"));
  // The Array's values in quotes (written &quot; in element text, which XML reads as '"').
  CHECK(pmml_has(xml, R"(<Array n="2" type="string">&quot;own&quot; &quot;with parents&quot;</Array>)"));
  CHECK(pmml_has(xml, "<CompoundPredicate booleanOperator=\"or\">\n"
                      "            <SimplePredicate field=\"home\" operator=\"equal\" value=\"say &quot;other&quot;\"/>\n"
                      "            <SimplePredicate field=\"home\" operator=\"equal\" value=\"a\\b\"/>\n"
                      "            <SimplePredicate field=\"home\" operator=\"equal\" value=\"x&lt;y&amp;z\"/>"));
  // The data dictionary: the labels as valid values, the empty label as missing.
  CHECK(pmml_has(xml, R"(<DataField name="income" optype="continuous" dataType="double"/>)"));
  CHECK(pmml_has(xml, R"(<Value value="with parents"/>)"));
  CHECK(pmml_has(xml, R"(<Value value="" property="missing"/>)"));
  // Unseen labels reach the last Attribute as themselves; a numeric field's text is invalid.
  CHECK(pmml_has(xml, R"(<MiningField name="home" usageType="active" missingValueTreatment="asIs" invalidValueTreatment="asIs"/>)"));
  CHECK(pmml_has(xml, R"(<MiningField name="income" usageType="active" missingValueTreatment="asIs" invalidValueTreatment="returnInvalid"/>)"));
  // Reason codes: the card's baselines (max points), four reasons, pointsBelow.
  CHECK(pmml_has(xml, "<Characteristic name=\"income\" reasonCode=\"income\" baselineScore=\"" +
                          format_shortest(card.baselines()[0]) + "\">"));
  CHECK(pmml_has(xml, R"(useReasonCodes="true" reasonCodeAlgorithm="pointsBelow" baselineMethod="max")"));
  CHECK(pmml_has(xml, R"(<OutputField name="reason_4" optype="categorical" dataType="string" feature="reasonCode" rank="4"/>)"));
  CHECK(!pmml_has(xml, "reason_5"));
  // PD: 1 / (1 + exp((score − Offset) / Factor)), Offset = 600 − 20/ln 2 · ln 50 = 487.1228762045055.
  CHECK(std::regex_search(xml, std::regex("<FieldRef field=\"score\"/>\\s*<Constant dataType=\"double\">" +
                                               format_shortest(card.offset()) + "</Constant>")));
  CHECK(format_shortest(card.offset()) == "487.1228762045055");
  CHECK(pmml_has(xml, "<Constant dataType=\"double\">" + format_shortest(card.factor()) + "</Constant>"));
  CHECK(pmml_has(xml, R"(<Extension extender="credo" name="rounding" value="none"/>)"));
  // How the card was built, for an importer: intercept, coefficients, WoE and weights per bin.
  CHECK(pmml_has(xml, R"(<Extension extender="credo" name="intercept" value="-2"/>)"));
  CHECK(pmml_has(xml, R"(<Extension extender="credo" name="woe" value="-0.5 0.1 0.5 -0.3 0"/>)"));
  CHECK(pmml_has(xml, R"(<Extension extender="credo" name="weights" value="5 9 1 0"/>)"));
  CHECK(pmml_has(xml, R"(<Extension extender="credo" name="coefficient" value="-0.5"/>)"));
  CHECK(pmml_has(xml, R"(<Extension extender="credo" name="unseen" value="largest_bin"/>)"));
  CHECK(pmml_has(xml, R"(<Extension extender="credo" name="unseen_bin" value="1"/>)"));
}

TEST_CASE("PMML scorecard: base points, baselines and the missing policies") {
  SUBCASE("separate base points are the initialScore; given baselines are baselineMethod other") {
    model::scorecard_options o;
    o.intercept = model::intercept_points::separate;
    o.reasons.baseline = model::baseline_method::given;
    o.reasons.given = {12.5, -3};
    o.reasons.max_reasons = 2;
    const auto card = hand_card(o);
    const std::string xml = interop::scorecard_to_pmml(card, {"my card"});
    CHECK(validates(xml, "hand_separate"));
    REQUIRE(card.base_points() != 0);
    CHECK(pmml_has(xml, "initialScore=\"" + format_shortest(card.base_points()) + "\""));
    CHECK(pmml_has(xml, R"(modelName="my card")"));
    CHECK(pmml_has(xml, R"(baselineMethod="other")"));
    CHECK(pmml_has(xml, R"(reasonCode="income" baselineScore="12.5")"));
    CHECK(pmml_has(xml, R"(reasonCode="home" baselineScore="-3")"));
    CHECK(pmml_has(xml, R"(rank="2")"));
    CHECK(!pmml_has(xml, "reason_3"));
  }
  SUBCASE("mean baselines") {
    model::scorecard_options o;
    o.reasons.baseline = model::baseline_method::mean_points;
    const auto card = hand_card(o);
    const std::string xml = interop::scorecard_to_pmml(card);
    CHECK(pmml_has(xml, R"(baselineMethod="mean")"));
    CHECK(pmml_has(xml, "baselineScore=\"" + format_shortest(card.baselines()[1]) + "\""));
  }
  SUBCASE("worst: the missing bin scores the lowest points") {
    model::scorecard_options o;
    o.missing = model::missing_action::worst;
    const auto card = hand_card(o);
    const std::string xml = interop::scorecard_to_pmml(card);
    const auto& p = card.points(0);
    const double lowest = *std::min_element(p.begin(), p.end());
    REQUIRE(lowest != p.back());
    CHECK(partial_scores(xml, "income").front() == format_shortest(lowest));
  }
  SUBCASE("error: no isMissing Attribute, a missing or unseen value returns invalid") {
    model::scorecard_options o;
    o.missing = model::missing_action::error;
    auto b = bins::categorical({{"rent"}, {"own"}}, credo::binning::unseen_category::missing_bin, "home");
    const model::scorecard<> card({{"home", b, {-0.2, 0.4, 0.0}, -0.5, {}}}, -2.0, o);
    const std::string xml = interop::scorecard_to_pmml(card);
    CHECK(validates(xml, "error"));
    CHECK(!pmml_has(xml, "isMissing"));
    CHECK(pmml_has(xml, R"(missingValueTreatment="returnInvalid" invalidValueTreatment="returnInvalid")"));
    CHECK(partial_scores(xml, "home").size() == 2);
  }
  SUBCASE("own_bin: an unseen label whose fallback is the missing bin is made missing") {
    auto b = bins::categorical({{"rent"}, {"own"}}, credo::binning::unseen_category::missing_bin, "home");
    const model::scorecard<> card({{"home", b, {-0.2, 0.4, 0.0}, -0.5, {}}}, -2.0);
    const std::string xml = interop::scorecard_to_pmml(card);
    CHECK(pmml_has(xml, R"(missingValueTreatment="asIs" invalidValueTreatment="asMissing")"));
    CHECK(!pmml_has(xml, "<True/>"));
  }
  SUBCASE("a numeric characteristic without cuts: one Attribute <True/>") {
    const model::scorecard<> card({{"x", bins::numeric({}), {0.3, 0.0}, 1.0, {}}}, -1.0);
    const std::string xml = interop::scorecard_to_pmml(card);
    CHECK(validates(xml, "no_cuts"));
    CHECK(pmml_has(xml, "<True/>"));
    CHECK(partial_scores(xml, "x").size() == 2);
  }
}

TEST_CASE("PMML export refuses what a PMML evaluator would score differently or cannot read") {
  SUBCASE("a float card") {
    const model::scorecard<float> card({{"x", bins::numeric({1.0}), {0.1, -0.1, 0.0}, 1.0, {}}}, -1.0);
    CHECK_THROWS_WITH_AS(interop::scorecard_to_pmml(card),
                         "[credo.interop.float_model] a float card sums in float; PMML and SQL evaluators sum in "
                         "double, so scores could differ. Export a double card (what credo fit writes)",
                         credo::invalid_input);
  }
  SUBCASE("a characteristic named like an output field") {
    const model::scorecard<> card({{"reason_2", bins::numeric({1.0}), {0.1, -0.1, 0.0}, 1.0, {}}}, -1.0);
    CHECK_THROWS_WITH_AS(interop::scorecard_to_pmml(card),
                         "[credo.interop.name_clash] characteristic 'reason_2' has the name of an output field of the "
                         "PMML document (score, pd, reason_1..reason_4); rename the column",
                         credo::invalid_input);
  }
  SUBCASE("a label with a control character") {
    const model::scorecard<> card({{"home", bins::categorical({{"a\x01"}}), {0.1, 0.0}, 1.0, {}}}, -1.0);
    CHECK_THROWS_WITH_AS(interop::scorecard_to_pmml(card),
                         "[credo.interop.not_xml_text] characteristic 'home', a label is not UTF-8 text of XML 1.0 "
                         "characters (a control character or a byte that is not UTF-8); a PMML document cannot hold it",
                         credo::invalid_input);
  }
  SUBCASE("a name that is not UTF-8") {
    const model::scorecard<> card({{"caf\xe9", bins::numeric({1.0}), {0.1, -0.1, 0.0}, 1.0, {}}}, -1.0);
    CHECK_THROWS_WITH_AS(interop::scorecard_to_pmml(card),
                         "[credo.interop.not_xml_text] the name of characteristic 0 is not UTF-8 text of XML 1.0 "
                         "characters (a control character or a byte that is not UTF-8); a PMML document cannot hold it",
                         credo::invalid_input);
  }
  SUBCASE("nothing is written when the export is refused") {
    const auto path = (std::filesystem::temp_directory_path() / "credo_test_refused.pmml").string();
    std::filesystem::remove(path);
    const model::scorecard<> card({{"pd", bins::numeric({1.0}), {0.1, -0.1, 0.0}, 1.0, {}}}, -1.0);
    CHECK_THROWS_AS(interop::save_pmml(card, path), credo::invalid_input);
    CHECK(!std::filesystem::exists(path));
  }
  CHECK(interop::detail::is_text("caf\xc3\xa9 \xf0\x9f\x98\x80", true));
  CHECK(!interop::detail::is_text("\xc0\xaf", true));          // overlong '/'
  CHECK(!interop::detail::is_text("\xed\xa0\x80", true));      // a surrogate
  CHECK(!interop::detail::is_text("\xef\xbf\xbe", true));      // U+FFFE is no XML character
  CHECK(interop::detail::is_text("tab\there", true));
  CHECK(interop::detail::xml_escaped("a\tb\nc\"'<>&") == "a&#9;b&#10;c&quot;&apos;&lt;&gt;&amp;");
}

TEST_CASE("PMML RegressionModel: a logistic model on raw German credit columns, P(bad) as credo's") {
  const auto t = credo::test::german_credit();
  const std::vector<std::string> names{"duration", "credit_amount", "age"};
  Eigen::MatrixXd x(static_cast<Eigen::Index>(t.rows()), 3);
  Eigen::VectorXd y(static_cast<Eigen::Index>(t.rows()));
  for (std::size_t r = 0; r < t.rows(); ++r) {
    for (std::size_t j = 0; j < 3; ++j) x(static_cast<Eigen::Index>(r), static_cast<Eigen::Index>(j)) = t[names[j]].values()[r];
    y[static_cast<Eigen::Index>(r)] = t.target()[r];
  }
  model::logistic_regression<> lr;
  REQUIRE(lr.fit(x, y, names) == model::fit_status::success);
  const std::string xml = interop::logistic_to_pmml(lr);
  CHECK(validates(xml, "logistic"));
  CHECK(pmml_has(xml, R"x(functionName="regression" algorithmName="credo logistic regression (IRLS)" modelType="logisticRegression" normalizationMethod="logit")x"));
  const auto params = lr.params();
  CHECK(pmml_has(xml, "<RegressionTable intercept=\"" + format_shortest(params[0]) + "\">"));
  // The document's model evaluated as the specification says, p = 1 / (1 + exp(−(b0 + Σ b_j x_j))),
  // with the numbers read back from the text, is credo's predict_proba.
  std::vector<double> b{std::stod(format_shortest(params[0]))};
  for (std::size_t j = 0; j < 3; ++j) {
    const std::string c = format_shortest(params[static_cast<Eigen::Index>(j + 1)]);
    CHECK(pmml_has(xml, "<NumericPredictor name=\"" + names[j] + "\" exponent=\"1\" coefficient=\"" + c + "\"/>"));
    b.push_back(std::stod(c));
  }
  const Eigen::VectorXd p = lr.predict_proba(x);
  double worst = 0;
  for (Eigen::Index r = 0; r < x.rows(); ++r) {
    const double eta = b[0] + b[1] * x(r, 0) + b[2] * x(r, 1) + b[3] * x(r, 2);
    worst = std::max(worst, std::abs(1 / (1 + std::exp(-eta)) - p[r]) / p[r]);
  }
  CHECK(worst < 1e-14);
  CHECK(pmml_has(xml, R"(<MiningField name="age" usageType="active" missingValueTreatment="returnInvalid" invalidValueTreatment="returnInvalid"/>)"));
  CHECK(pmml_has(xml, R"(<OutputField name="pd" optype="continuous" dataType="double" feature="predictedValue"/>)"));

  model::logistic_regression<float> lf;
  REQUIRE(lf.fit(x.cast<float>(), y.cast<float>(), names) == model::fit_status::success);
  CHECK_THROWS_WITH_AS(interop::logistic_to_pmml(lf),
                       "[credo.interop.float_model] a float model sums in float; PMML and SQL evaluators sum in "
                       "double, so scores could differ. Export a double model",
                       credo::invalid_input);

  model::logistic_regression<> unfitted;
  CHECK_THROWS_AS(interop::logistic_to_pmml(unfitted), credo::logic_error);
}

}  // namespace pmml_export_test
