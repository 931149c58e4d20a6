// PMML import (credo/interop/pmml_import.hpp): hand-written PMML cases from the specification
// (tests/data/pmml_cases/, each validated by xmllint against the PMML 4.4 schema by the ctest
// pmml_cases_validate), scores derived by hand in the comments, RegressionModel values from
// tests/reference/pmml_reference.py (numpy/scipy).
#include <credo/interop/pmml_import.hpp>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "test_support.hpp"

#include <cmath>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace {

using credo::interop::pmml_model;
using credo::interop::pmml_status;
using credo::model::input;
using credo::test::NaN;

std::string case_path(const std::string& name) {
  return std::string(CREDO_SOURCE_DIR) + "/tests/data/pmml_cases/" + name;
}

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<std::string> codes(const credo::interop::pmml_result& r) {
  std::vector<std::string> c;
  for (const auto& x : r.reasons) c.push_back(x.code);
  return c;
}

/// A scorecard around one characteristic over fields x (double), s (string), n (integer).
std::string card_with(const std::string& attributes, const std::string& mining = "", const std::string& dict = "") {
  return R"(<?xml version="1.0"?>
<PMML xmlns="http://www.dmg.org/PMML-4_4" version="4.4"><Header/>
<DataDictionary>
<DataField name="x" optype="continuous" dataType="double"/>
<DataField name="s" optype="categorical" dataType="string"/>
<DataField name="n" optype="continuous" dataType="integer"/>)" +
         dict + R"(
</DataDictionary>
<Scorecard functionName="regression" useReasonCodes="false">
<MiningSchema>)" +
         (mining.empty() ? std::string(R"(<MiningField name="x"/><MiningField name="s"/><MiningField name="n"/>)") : mining) +
         R"(</MiningSchema>
<Characteristics><Characteristic name="c">
)" + attributes +
         R"(
</Characteristic></Characteristics>
</Scorecard></PMML>
)";
}

/// 1 when `pred` is TRUE, 2 when UNKNOWN, 4 when FALSE (a surrogate with True reaches UNKNOWN).
std::string truth_probe(const std::string& pred) {
  return "<Attribute partialScore=\"1\">" + pred + "</Attribute>"
         "<Attribute partialScore=\"2\"><CompoundPredicate booleanOperator=\"surrogate\">" + pred +
         "<True/></CompoundPredicate></Attribute><Attribute partialScore=\"4\"><True/></Attribute>";
}

double probe(const std::string& pred, std::initializer_list<input> row) {
  const auto m = pmml_model::from_string(card_with(truth_probe(pred)));
  const auto r = m.evaluate(row);
  REQUIRE(r.ok());
  return r.value;
}

/// The value of one ComplexPartialScore expression, or NaN with the status.
credo::interop::pmml_result expression_value(const std::string& expr, std::initializer_list<input> row) {
  const auto m = pmml_model::from_string(
      card_with("<Attribute><True/><ComplexPartialScore>" + expr + "</ComplexPartialScore></Attribute>"));
  return m.evaluate(row);
}

std::string load_error(const std::string& text, const credo::interop::pmml_limits& limits = {}) {
  try {
    (void)pmml_model::from_string(text, limits);
  } catch (const credo::io_error& e) {
    return e.what();
  }
  return "(no error)";
}

std::string convert_error(const std::string& text) {
  try {
    (void)credo::interop::to_scorecard(pmml_model::from_string(text));
  } catch (const credo::io_error& e) {
    return e.what();
  }
  return "(no error)";
}

bool starts_with(const std::string& s, const std::string& p) { return s.rfind(p, 0) == 0; }

}  // namespace

TEST_CASE("pmml scorecard: intervals, a special value, groups, isMissing, a last True; pointsBelow reasons") {
  const auto m = pmml_model::load(case_path("card_basic.pmml"));
  CHECK(m.kind() == credo::interop::pmml_kind::scorecard);
  REQUIRE(m.fields().size() == 3);
  CHECK(m.fields()[1].name == "housing");
  CHECK(m.target() == "score");
  // age 30 → [25, 40): 20; rent: 8; income 500 < 1000: 5. 100 + 20 + 8 + 5 = 133.
  // Below the baselines: age 30 − 20 = 10, housing 25 − 8 = 17, income 15 − 5 = 10; the tie
  // of RC_AGE and RC_INC in the order the codes first occur.
  auto r = m.evaluate({30.0, "rent", 500.0});
  REQUIRE(r.ok());
  CHECK(r.value == 133);
  CHECK(codes(r) == std::vector<std::string>{"RC_HOUSING", "RC_AGE", "RC_INC"});
  CHECK(r.reasons[0].points == 17);
  CHECK(r.reasons[2].points == 10);
  // "for free" is one quoted Array item.
  CHECK(m.evaluate({30.0, "for free", 500.0}).value == 133);
  // At the maxima every difference is 0: kept (only negative totals are dropped), in order.
  r = m.evaluate({50.0, "own", 2000.0});
  CHECK(r.value == 170);
  CHECK(codes(r) == std::vector<std::string>{"RC_AGE", "RC_HOUSING", "RC_INC"});
  CHECK(r.reasons[1].points == 0);
  // age missing: 5; an unseen label reaches the last True: 12; income −1 is the special value 0.
  // 100 + 5 + 12 + 0 = 117; below: 25, 13, 15.
  r = m.evaluate({NaN, "castle", -1.0});
  CHECK(r.value == 117);
  CHECK(codes(r) == std::vector<std::string>{"RC_AGE", "RC_INC", "RC_HOUSING"});
  // Cut points: 25 is in [25, 40), 40 in [40, inf), 1000 in [1000, inf); housing missing: 3.
  CHECK(m.evaluate({25.0, "", 1000.0}).value == 100 + 20 + 3 + 15);
  CHECK(m.evaluate({40.0, "own", 999.5}).value == 100 + 30 + 25 + 5);
  // A label for a numeric field is read as a number.
  CHECK(m.evaluate({"24", "own", 2000.0}).value == 100 + 10 + 25 + 15);
}

TEST_CASE("pmml scorecard: pointsAbove, reason codes per attribute summed, negative totals dropped, ties stable") {
  const auto m = pmml_model::load(case_path("card_points_above.pmml"));
  // pointsAbove: partial − baseline (baseline 2 from the Scorecard, 3 on c).
  // a=−1: X 1−2 = −1; b=−1: Y 0−2 = −2; c: Z 5−3 = 2 → only Z. Score 1 + 0 + 5.
  auto r = m.evaluate({-1.0, -1.0, 0.0});
  CHECK(r.value == 6);
  CHECK(codes(r) == std::vector<std::string>{"Z"});
  // a=1: Y 4−2 = 2; b=1: X 6−2 = 4; Z 2 → X 4, then Y and Z tied at 2 in order of first
  // occurrence (Y at a, Z at c). Score 4 + 6 + 5.
  r = m.evaluate({1.0, 1.0, 0.0});
  CHECK(r.value == 15);
  CHECK(codes(r) == std::vector<std::string>{"X", "Y", "Z"});
  CHECK(r.reasons[0].points == 4);
  // a=1: Y 2; b=−1: Y −2 → Y sums to 0 (kept); Z 2 → Z, Y.
  r = m.evaluate({1.0, -1.0, 0.0});
  CHECK(r.value == 9);
  CHECK(codes(r) == std::vector<std::string>{"Z", "Y"});
  CHECK(r.reasons[1].points == 0);
  // a=−1: X −1; b=1: X +4 → X 3; Z 2.
  r = m.evaluate({-1.0, 1.0, 0.0});
  CHECK(r.value == 12);
  CHECK(codes(r) == std::vector<std::string>{"X", "Z"});
  CHECK(r.reasons[0].points == 3);
}

TEST_CASE("pmml scorecard: every baselineMethod uses the baselineScore given") {
  // baselineMethod says how the producer found the baselines; the evaluation uses
  // baselineScore (PMML 4.4 Scorecard; JPMML-Evaluator likewise).
  std::string text = read_text(case_path("card_basic.pmml"));
  for (const std::string method : {"max", "min", "mean", "neutral", "other"}) {
    std::string t = text;
    t.replace(t.find("baselineMethod=\"max\""), 20, "baselineMethod=\"" + method + "\"");
    const auto m = pmml_model::from_string(t);
    CHECK(m.baseline_method() == method);
    const auto r = m.evaluate({30.0, "rent", 500.0});
    CHECK(codes(r) == std::vector<std::string>{"RC_HOUSING", "RC_AGE", "RC_INC"});
    CHECK(r.reasons[0].points == 17);
  }
  std::string bad = text;
  bad.replace(bad.find("baselineMethod=\"max\""), 20, "baselineMethod=\"median\"");
  CHECK(starts_with(load_error(bad), "[credo.pmml.bad_value] element 'Scorecard' at line 13: baselineMethod 'median'"));
}

TEST_CASE("pmml versions 4.1 to 4.4 read alike; others refused") {
  const std::string text = read_text(case_path("card_basic.pmml"));
  for (const std::string v : {"4.1", "4.2", "4.3", "4.4"}) {
    std::string t = text;
    std::string ns = v;
    ns[1] = '_';
    t.replace(t.find("PMML-4_4"), 8, "PMML-" + ns);
    t.replace(t.find("version=\"4.4\""), 13, "version=\"" + v + "\"");
    const auto m = pmml_model::from_string(t);
    CHECK(m.version() == v);
    CHECK(m.evaluate({30.0, "rent", 500.0}).value == 133);
  }
  std::string t = text;
  t.replace(t.find("version=\"4.4\""), 13, "version=\"3.2\"");
  CHECK(starts_with(load_error(t), "[credo.pmml.unsupported] element 'PMML' at line 5: PMML version '3.2'"));
}

TEST_CASE("pmml predicates: every operator and the three-valued logic") {
  // SimplePredicate on a number: TRUE/FALSE, UNKNOWN when missing.
  const std::string lt = R"(<SimplePredicate field="x" operator="lessThan" value="3"/>)";
  CHECK(probe(lt, {2.0, "a", 1.0}) == 1);
  CHECK(probe(lt, {3.0, "a", 1.0}) == 4);
  CHECK(probe(lt, {NaN, "a", 1.0}) == 2);
  CHECK(probe(R"(<SimplePredicate field="x" operator="lessOrEqual" value="3"/>)", {3.0, "a", 1.0}) == 1);
  CHECK(probe(R"(<SimplePredicate field="x" operator="greaterThan" value="3"/>)", {3.0, "a", 1.0}) == 4);
  CHECK(probe(R"(<SimplePredicate field="x" operator="greaterOrEqual" value="3"/>)", {3.0, "a", 1.0}) == 1);
  CHECK(probe(R"(<SimplePredicate field="x" operator="equal" value="3.0"/>)", {3.0, "a", 1.0}) == 1);
  CHECK(probe(R"(<SimplePredicate field="x" operator="notEqual" value="3"/>)", {3.0, "a", 1.0}) == 4);
  CHECK(probe(R"(<SimplePredicate field="x" operator="notEqual" value="3"/>)", {NaN, "a", 1.0}) == 2);
  // isMissing / isNotMissing are never UNKNOWN.
  CHECK(probe(R"(<SimplePredicate field="x" operator="isMissing"/>)", {NaN, "a", 1.0}) == 1);
  CHECK(probe(R"(<SimplePredicate field="x" operator="isMissing"/>)", {0.0, "a", 1.0}) == 4);
  CHECK(probe(R"(<SimplePredicate field="s" operator="isNotMissing"/>)", {0.0, "", 1.0}) == 4);
  CHECK(probe(R"(<SimplePredicate field="s" operator="isNotMissing"/>)", {0.0, "b", 1.0}) == 1);
  // Strings: equal / notEqual.
  CHECK(probe(R"(<SimplePredicate field="s" operator="equal" value="b"/>)", {0.0, "b", 1.0}) == 1);
  CHECK(probe(R"(<SimplePredicate field="s" operator="notEqual" value="b"/>)", {0.0, "b", 1.0}) == 4);
  CHECK(probe(R"(<SimplePredicate field="s" operator="equal" value="b"/>)", {0.0, "", 1.0}) == 2);
  // SimpleSetPredicate isIn / isNotIn, strings and numbers; missing: UNKNOWN.
  const std::string in = R"(<SimpleSetPredicate field="s" booleanOperator="isIn"><Array type="string">a "b c" d</Array></SimpleSetPredicate>)";
  CHECK(probe(in, {0.0, "b c", 1.0}) == 1);
  CHECK(probe(in, {0.0, "b", 1.0}) == 4);
  CHECK(probe(in, {0.0, "", 1.0}) == 2);
  const std::string not_in = R"(<SimpleSetPredicate field="n" booleanOperator="isNotIn"><Array n="3" type="int">1 2 3</Array></SimpleSetPredicate>)";
  CHECK(probe(not_in, {0.0, "a", 2.0}) == 4);
  CHECK(probe(not_in, {0.0, "a", 4.0}) == 1);
  CHECK(probe(not_in, {0.0, "a", NaN}) == 2);
  CHECK(probe(R"(<SimpleSetPredicate field="s" booleanOperator="isIn"><Array type="string">"say \"hi\""</Array></SimpleSetPredicate>)",
              {0.0, "say \"hi\"", 1.0}) == 1);
  // True and False.
  CHECK(probe("<True/>", {NaN, "", NaN}) == 1);
  CHECK(probe("<False/>", {NaN, "", NaN}) == 4);
  // and: FALSE beats UNKNOWN, UNKNOWN beats TRUE.
  const std::string T = R"(<SimplePredicate field="x" operator="greaterThan" value="0"/>)";  // x > 0
  const std::string S = R"(<SimplePredicate field="s" operator="equal" value="a"/>)";        // s = a
  auto both = [&](const std::string& op) {
    return R"(<CompoundPredicate booleanOperator=")" + op + "\">" + T + S + "</CompoundPredicate>";
  };
  CHECK(probe(both("and"), {1.0, "a", 1.0}) == 1);
  CHECK(probe(both("and"), {-1.0, "", 1.0}) == 4);  // FALSE and UNKNOWN
  CHECK(probe(both("and"), {1.0, "", 1.0}) == 2);   // TRUE and UNKNOWN
  // or: TRUE beats UNKNOWN, UNKNOWN beats FALSE.
  CHECK(probe(both("or"), {1.0, "", 1.0}) == 1);
  CHECK(probe(both("or"), {-1.0, "", 1.0}) == 2);
  CHECK(probe(both("or"), {-1.0, "b", 1.0}) == 4);
  // xor: UNKNOWN if any is UNKNOWN, else parity.
  CHECK(probe(both("xor"), {1.0, "b", 1.0}) == 1);
  CHECK(probe(both("xor"), {1.0, "a", 1.0}) == 4);
  CHECK(probe(both("xor"), {1.0, "", 1.0}) == 2);
  // surrogate: the first child that is not UNKNOWN; all UNKNOWN: UNKNOWN.
  const std::string sur = R"(<CompoundPredicate booleanOperator="surrogate">)" + S + T + "</CompoundPredicate>";
  CHECK(probe(sur, {-1.0, "a", 1.0}) == 1);  // s known: its TRUE
  CHECK(probe(sur, {1.0, "", 1.0}) == 1);    // s unknown: x > 0
  CHECK(probe(sur, {-1.0, "", 1.0}) == 4);
  CHECK(probe(sur, {NaN, "", 1.0}) == 2);
  // The schema-checked file with xor, or, surrogate and isNotMissing (derivation in the file):
  // xor 1 / 2 / 4, or 10 / 20 / 40 (its surrogate has False before True), not_missing 100 / 400.
  const auto m = pmml_model::load(case_path("predicates.pmml"));
  CHECK(m.evaluate({1.0, "a"}).value == 1 + 40 + 100);
  CHECK(m.evaluate({NaN, "b"}).value == 2 + 40 + 400);
  CHECK(m.evaluate({-1.0, ""}).value == 2 + 10 + 100);
  CHECK(m.evaluate({1.0, "c"}).value == 4 + 10 + 100);
  CHECK(m.evaluate({NaN, ""}).value == 2 + 40 + 400);
}

TEST_CASE("pmml scorecard: first TRUE attribute wins; none TRUE is an invalid result") {
  const auto m = pmml_model::from_string(card_with(
      R"(<Attribute partialScore="1"><SimplePredicate field="x" operator="lessThan" value="10"/></Attribute>
         <Attribute partialScore="2"><SimplePredicate field="x" operator="lessThan" value="20"/></Attribute>)"));
  CHECK(m.evaluate({5.0, "a", 1.0}).value == 1);
  CHECK(m.evaluate({15.0, "a", 1.0}).value == 2);
  const auto r = m.evaluate({25.0, "a", 1.0});
  CHECK(r.status == pmml_status::invalid);
  CHECK(std::isnan(r.value));
  CHECK(r.why == "Characteristic 'c' (line 10): no Attribute is TRUE");
  CHECK(m.evaluate({NaN, "a", 1.0}).status == pmml_status::invalid);  // UNKNOWN is not TRUE
}

TEST_CASE("pmml ComplexPartialScore: arithmetic built-ins and their missing semantics") {
  const auto m = pmml_model::load(case_path("complex.pmml"));
  // u=3, w=2: 7 + 1.5 + 3 + (9 + 1 + 2) = 23.5.
  CHECK(m.evaluate({3.0, 2.0}).value == 23.5);
  // u=−2, w=0: −3 + (−2/0 invalid → missing → defaultValue −1) + max(−2, 0, −5) 0 + (4 + 1 + 0) = 1.
  CHECK(m.evaluate({-2.0, 0.0}).value == 1);
  // u=1.5, w missing: 4 + mapMissingTo 0 + max(1.5, −5) 1.5 + (2.25 + 1 + floor's mapMissingTo 3) = 11.75.
  CHECK(m.evaluate({1.5, NaN}).value == 11.75);
  // u missing: 2u + 1 is missing, and so is the score.
  const auto r = m.evaluate({NaN, 4.0});
  CHECK(r.status == pmml_status::missing);
  CHECK(r.why == "ComplexPartialScore at line 21: missing");
  // The other functions, one each.
  auto v = [](const std::string& e, double x) { return expression_value(e, {x, "a", 1.0}); };
  CHECK(v(R"(<Apply function="-"><FieldRef field="x"/><Constant>0.5</Constant></Apply>)", 2).value == 1.5);
  CHECK(v(R"(<Apply function="min"><FieldRef field="x"/><Constant>0.5</Constant></Apply>)", 2).value == 0.5);
  CHECK(v(R"(<Apply function="avg"><FieldRef field="x"/><Constant>1</Constant><FieldRef field="n"/></Apply>)", 4).value == 2);
  CHECK(v(R"(<Apply function="product"><FieldRef field="x"/><Constant>3</Constant></Apply>)", 4).value == 12);
  CHECK(v(R"(<Apply function="log10"><FieldRef field="x"/></Apply>)", 1000).value == doctest::Approx(3).epsilon(1e-15));
  CHECK(v(R"(<Apply function="ln"><FieldRef field="x"/></Apply>)", std::exp(2.0)).value == doctest::Approx(2).epsilon(1e-15));
  CHECK(v(R"(<Apply function="sqrt"><FieldRef field="x"/></Apply>)", 2.25).value == 1.5);
  CHECK(v(R"(<Apply function="ceil"><FieldRef field="x"/></Apply>)", 2.25).value == 3);
  CHECK(v(R"(<Apply function="threshold"><FieldRef field="x"/><Constant>2</Constant></Apply>)", 2.25).value == 1);
  CHECK(v(R"(<Apply function="threshold"><FieldRef field="x"/><Constant>2</Constant></Apply>)", 2).value == 0);
  // + of a missing argument is missing; mapMissingTo on the FieldRef replaces it.
  CHECK(v(R"(<Apply function="+"><FieldRef field="x"/><Constant>1</Constant></Apply>)", NaN).status == pmml_status::missing);
  CHECK(v(R"(<Apply function="+"><FieldRef field="x" mapMissingTo="4"/><Constant>1</Constant></Apply>)", NaN).value == 5);
  CHECK(v(R"(<Constant missing="true"/>)", 1).status == pmml_status::missing);
  // An arithmetic error under the default invalidValueTreatment (returnInvalid): invalid.
  const auto bad = v(R"(<Apply function="ln"><FieldRef field="x"/></Apply>)", 0);
  CHECK(bad.status == pmml_status::invalid);
  CHECK(bad.why == "ComplexPartialScore at line 11: an arithmetic error");
  CHECK(v(R"(<Apply function="sqrt"><FieldRef field="x"/></Apply>)", -1).status == pmml_status::invalid);
  CHECK(v(R"(<Apply function="sqrt" invalidValueTreatment="asMissing"><FieldRef field="x"/></Apply>)", -1).status ==
        pmml_status::missing);
}

TEST_CASE("pmml MiningSchema: missing and invalid value treatments") {
  const auto m = pmml_model::load(case_path("treatments.pmml"));
  // score = t_num + (1000 for a, 2000 for b) + 10000 t_int, after the treatments.
  CHECK(m.evaluate({20.0, "a", 3.0}).value == 31020);
  CHECK(m.evaluate({-9.0, "c", 1.0}).value == 50 + 2000 + 10000);   // −9 missing → 50; c invalid → b
  CHECK(m.evaluate({150.0, "b", 0.0}).value == 50 + 2000);           // outside [0, 100): invalid → missing → 50
  CHECK(m.evaluate({100.0, "b", 0.0}).value == 50 + 2000);           // closedOpen: 100 is outside
  CHECK(m.evaluate({0.0, "b", 0.0}).value == 2000);                  // 0 inside
  CHECK(m.evaluate({NaN, "a", 0.0}).value == 1050);                  // missing → 50
  CHECK(m.evaluate({"abc", "a", 0.0}).value == 1050);                // not a number: invalid → missing → 50
  // t_cat "?" is in the missing list and missingValueTreatment is returnInvalid; so is "".
  auto r = m.evaluate({20.0, "?", 3.0});
  CHECK(r.status == pmml_status::invalid);
  CHECK(r.why == "field 't_cat'");
  CHECK(m.evaluate({20.0, "", 3.0}).status == pmml_status::invalid);
  // t_int: a fraction is invalid, and returnInvalid (the default) makes the result invalid.
  r = m.evaluate({20.0, "a", 2.5});
  CHECK(r.status == pmml_status::invalid);
  CHECK(r.why == "field 't_int'");
  // t_int missing, no replacement: the ComplexPartialScore is missing.
  CHECK(m.evaluate({20.0, "a", NaN}).status == pmml_status::missing);
  // invalidValueTreatment asIs keeps the value; returnInvalid on a missing string.
  const auto as_is = pmml_model::from_string(card_with(
      R"(<Attribute><True/><ComplexPartialScore><FieldRef field="x"/></ComplexPartialScore></Attribute>)",
      R"(<MiningField name="x" invalidValueTreatment="asIs"/><MiningField name="s"/><MiningField name="n"/>)",
      ""));
  CHECK(as_is.evaluate({7.0, "a", 1.0}).value == 7);
  // A wrong number of values is an invalid result, not a crash.
  CHECK(as_is.evaluate({7.0}).status == pmml_status::invalid);
}

TEST_CASE("pmml RegressionModel: regression (none, logit), classification (logit, softmax) against numpy/scipy") {
  const auto ref = nlohmann::json::parse(read_text(credo::test::reference_path("pmml_reference.json")));
  const auto& rows = ref["rows"];
  auto row_of = [&](std::size_t i) {
    static std::vector<std::string> labels(8);
    labels[i] = rows[i]["g"].get<std::string>();
    return std::vector<input>{rows[i]["x1"].get<double>(), rows[i]["x2"].get<double>(), input(labels[i])};
  };
  const auto none = pmml_model::load(case_path("regression_none.pmml"));
  const auto logit = pmml_model::load(case_path("regression_logit.pmml"));
  const auto cl = pmml_model::load(case_path("classification_logit.pmml"));
  const auto sm = pmml_model::load(case_path("classification_softmax.pmml"));
  CHECK(none.kind() == credo::interop::pmml_kind::regression);
  CHECK(cl.categories() == std::vector<std::string>{"bad", "good"});
  CHECK(sm.categories() == std::vector<std::string>{"low", "mid", "high"});
  for (std::size_t i = 0; i < rows.size(); ++i) {
    CAPTURE(i);
    const auto x = row_of(i);
    CHECK(none.evaluate(x).value == doctest::Approx(ref["regression_none"][i].get<double>()).epsilon(1e-14));
    CHECK(logit.evaluate(x).value == doctest::Approx(ref["regression_logit"][i].get<double>()).epsilon(1e-14));
    const auto c = cl.evaluate(x);
    REQUIRE(c.ok());
    for (std::size_t k = 0; k < 2; ++k)
      CHECK(c.probabilities[k] == doctest::Approx(ref["classification_logit"][i][k].get<double>()).epsilon(1e-14));
    CHECK(c.predicted == (c.probabilities[0] > c.probabilities[1] ? 0u : 1u));
    const auto s = sm.evaluate(x);
    REQUIRE(s.ok());
    double sum = 0;
    for (std::size_t k = 0; k < 3; ++k) {
      CHECK(s.probabilities[k] == doctest::Approx(ref["classification_softmax"][i][k].get<double>()).epsilon(1e-14));
      sum += s.probabilities[k];
    }
    CHECK(sum == doctest::Approx(1).epsilon(1e-15));
  }
  // Row 0 by hand: y = 1.5 + 0.25·2 − 2·0.5² + 0.75 = 2.25.
  CHECK(none.evaluate(row_of(0)).value == 2.25);
  // A missing numeric predictor makes the result missing (PMML 4.4 Regression).
  const auto r = none.evaluate({NaN, 1.0, "A"});
  CHECK(r.status == pmml_status::missing);
  CHECK(r.why == "field 'x1'");
}

TEST_CASE("pmml to credo's card: the converted card scores every row as the PMML does") {
  const auto m = pmml_model::load(case_path("card_basic.pmml"));
  const auto card = credo::interop::to_scorecard(m);
  REQUIRE(card.size() == 3);
  CHECK(card.characteristic(0).name == "age");
  CHECK(card.characteristic(0).bins.cuts() == std::vector<double>{25, 40});
  CHECK(card.characteristic(2).bins.specials() == std::vector<double>{-1});
  CHECK(card.missing() == credo::model::missing_action::own_bin);
  const std::vector<double> ages{NaN, -5, 0, 24.999, 25, 30, 39.5, 40, 41, 1e9};
  const std::vector<std::string> housing{"", "rent", "for free", "own", "castle"};
  const std::vector<double> incomes{NaN, -1, -0.5, 0, 999, 1000, 5000};
  std::size_t rows = 0;
  for (double a : ages)
    for (const auto& h : housing)
      for (double inc : incomes) {
        const std::vector<input> row{a, input(h), inc};
        const auto p = m.evaluate(row);
        credo::model::reason_code why[4];
        const auto c = card.score(std::span<const input>(row), why);
        REQUIRE(p.ok());
        REQUIRE(c.ok());
        CHECK(c.score == p.value);  // bit for bit
        // credo's reasons are PMML's with a total > 0, in the same order.
        std::size_t k = 0;
        for (const auto& pr : p.reasons) {
          if (!(pr.points > 0) || k == 4) continue;
          REQUIRE(k < c.reasons);
          CHECK(why[k].points_below == pr.points);
          ++k;
        }
        CHECK(k == c.reasons);
        ++rows;
      }
  CHECK(rows == ages.size() * housing.size() * incomes.size());
}

TEST_CASE("pmml to credo's card: a card with credo's scaling Extensions keeps its scaling, so its PD too") {
  std::string t = read_text(case_path("card_basic.pmml"));
  t.insert(t.find("    <MiningSchema>"), R"(    <Extension extender="credo" name="pdo" value="20"/>
    <Extension extender="credo" name="base_score" value="600"/>
    <Extension extender="credo" name="base_odds" value="50"/>
    <Extension extender="credo" name="max_reasons" value="2"/>
    <Extension extender="other" name="pdo" value="99"/>
)");
  const auto m = pmml_model::from_string(t);
  CHECK(m.extension("pdo") == std::optional<std::string>("20"));
  const auto card = credo::interop::to_scorecard(m);
  CHECK(card.options().pdo == 20);
  CHECK(card.options().base_odds == 50);
  CHECK(card.rounding() == credo::model::rounding_method::nearest);
  CHECK(card.options().reasons.max_reasons == 2);
  for (double age : {NaN, 20.0, 30.0, 45.0})
    for (const std::string h : {"", "own", "rent", "castle"}) {
      const auto p = m.evaluate({age, input(h), 1500.0});
      const auto c = card.score({age, input(h), 1500.0});
      CHECK(c.score == p.value);
      // PD at the card's own scaling: 1 / (1 + exp((score − Offset) / Factor)), Factor = 20 / ln 2,
      // Offset = 600 − Factor · ln 50.
      const double factor = 20 / std::log(2.0), offset = 600 - factor * std::log(50.0);
      CHECK(card.pd_from_score(c.score) == doctest::Approx(1 / (1 + std::exp((p.value - offset) / factor))).epsilon(1e-15));
    }
  // Fractional points come back under rounding none, at the card's scaling still.
  std::string frac = t;
  frac.replace(frac.find("partialScore=\"5\""), 16, "partialScore=\"5.5\"");
  const auto fm = pmml_model::from_string(frac);
  const auto fc = credo::interop::to_scorecard(fm);
  CHECK(fc.rounding() == credo::model::rounding_method::none);
  CHECK(fc.options().pdo == 20);
  CHECK(fc.score({NaN, "own", 2000.0}).score == fm.evaluate({NaN, "own", 2000.0}).value);
  CHECK(fc.score({NaN, "own", 2000.0}).score == 100 + 5.5 + 25 + 15);
}

TEST_CASE("pmml to credo's card: missing values invalid in PMML give credo's missing_value status") {
  // No isMissing and no True: a missing value makes the PMML result invalid; the card has
  // missing_action::error, which gives the row a status, never a score.
  const std::string text = card_with(
      R"(<Attribute partialScore="1.25"><SimplePredicate field="x" operator="lessThan" value="0.1"/></Attribute>
         <Attribute partialScore="-3.5"><SimplePredicate field="x" operator="greaterOrEqual" value="0.1"/></Attribute>)",
      R"(<MiningField name="x"/>)");
  const auto m = pmml_model::from_string(text);
  const auto card = credo::interop::to_scorecard(m);
  CHECK(card.missing() == credo::model::missing_action::error);
  CHECK(card.score({0.0}).score == m.evaluate({0.0}).value);
  CHECK(card.score({0.1}).score == -3.5);
  CHECK(m.evaluate({NaN}).status == pmml_status::invalid);
  CHECK(card.score({NaN}).status == credo::model::score_status::missing_value);
}

TEST_CASE("pmml to credo's card: what it cannot hold is refused with the element and line") {
  // pointsAbove.
  CHECK(starts_with(convert_error(read_text(case_path("card_points_above.pmml"))),
                    "[credo.pmml.not_representable] element 'Scorecard' at line 0: reasonCodeAlgorithm=\"pointsAbove\""));
  // A RegressionModel.
  CHECK(starts_with(convert_error(read_text(case_path("regression_none.pmml"))),
                    "[credo.pmml.not_representable] element 'RegressionModel'"));
  // ComplexPartialScore.
  CHECK(starts_with(convert_error(read_text(case_path("complex.pmml"))),
                    "[credo.pmml.not_representable] element 'ComplexPartialScore' at line 21: points computed from the input"));
  // Valid-value lists and replacements.
  CHECK(starts_with(convert_error(read_text(case_path("treatments.pmml"))),
                    "[credo.pmml.not_representable] element 'ComplexPartialScore'"));
  // lessOrEqual intervals are closed on the right: not credo's [c_i, c_i+1).
  const std::string mining = R"(<MiningField name="x"/><MiningField name="s"/>)";
  CHECK(starts_with(convert_error(card_with(
                        R"(<Attribute partialScore="1"><SimplePredicate field="x" operator="lessOrEqual" value="1"/></Attribute>
                           <Attribute partialScore="2"><SimplePredicate field="x" operator="greaterThan" value="1"/></Attribute>)",
                        mining)),
                    "[credo.pmml.not_representable] element 'Attribute' at line 11: a predicate that is not an interval"));
  // Intervals that leave a gap.
  CHECK(starts_with(convert_error(card_with(
                        R"(<Attribute partialScore="1"><SimplePredicate field="x" operator="lessThan" value="1"/></Attribute>
                           <Attribute partialScore="2"><SimplePredicate field="x" operator="greaterOrEqual" value="2"/></Attribute>)",
                        mining)),
                    "[credo.pmml.not_representable] element 'Attribute' at line 12: intervals that are not"));
  // A string characteristic with isMissing but no last True: unseen labels are invalid in PMML.
  CHECK(starts_with(convert_error(card_with(
                        R"(<Attribute partialScore="1"><SimplePredicate field="s" operator="isMissing"/></Attribute>
                           <Attribute partialScore="2"><SimplePredicate field="s" operator="equal" value="a"/></Attribute>)",
                        mining)),
                    "[credo.pmml.not_representable] element 'Characteristic' at line 10: a label in no Attribute"));
  // An active field that no characteristic reads (its treatments could still make the result invalid).
  CHECK(starts_with(convert_error(card_with(R"(<Attribute partialScore="1"><SimplePredicate field="x" operator="isMissing"/></Attribute>
                                              <Attribute partialScore="2"><True/></Attribute>)",
                                            mining)),
                    "[credo.pmml.not_representable] element 'DataField' at line 5: the active field 's' is read by no Characteristic"));
  // Two fields in one characteristic.
  CHECK(starts_with(convert_error(card_with(
                        R"(<Attribute partialScore="1"><CompoundPredicate booleanOperator="and"><SimplePredicate field="x" operator="lessThan" value="1"/><SimplePredicate field="s" operator="equal" value="a"/></CompoundPredicate></Attribute>
                           <Attribute partialScore="2"><True/></Attribute>)",
                        mining)),
                    "[credo.pmml.not_representable] element 'Attribute' at line 11: Characteristic 'c' reads more than one field"));
  // A string group with the same label twice.
  CHECK(starts_with(convert_error(card_with(
                        R"(<Attribute partialScore="1"><SimplePredicate field="s" operator="equal" value="a"/></Attribute>
                           <Attribute partialScore="2"><SimpleSetPredicate field="s" booleanOperator="isIn"><Array type="string">a b</Array></SimpleSetPredicate></Attribute>
                           <Attribute partialScore="3"><True/></Attribute>)",
                        mining)),
                    "[credo.pmml.not_representable] element 'Attribute' at line 12: the label 'a' in two Attributes"));
}

TEST_CASE("pmml to credo's card: an isMissing with a last True gives unseen labels their own group") {
  const std::string text = card_with(
      R"(<Attribute partialScore="7"><SimplePredicate field="s" operator="isMissing"/></Attribute>
         <Attribute partialScore="1"><SimpleSetPredicate field="s" booleanOperator="isIn"><Array type="string">a b</Array></SimpleSetPredicate></Attribute>
         <Attribute partialScore="2"><SimplePredicate field="s" operator="equal" value="c"/></Attribute>
         <Attribute partialScore="5"><True/></Attribute>)",
      R"(<MiningField name="s"/>)");
  const auto m = pmml_model::from_string(text);
  const auto card = credo::interop::to_scorecard(m);
  for (const std::string s : {"", "a", "b", "c", "zzz"}) {
    CAPTURE(s);
    CHECK(card.score({input(s)}).score == m.evaluate({input(s)}).value);
  }
  CHECK(m.evaluate({input("zzz")}).value == 5);
  CHECK(m.evaluate({input("")}).value == 7);
}

TEST_CASE("pmml hostile and damaged files are refused with ids") {
  const std::string good = read_text(case_path("card_basic.pmml"));
  // DOCTYPE and entity declarations (billion laughs, external entities).
  CHECK(load_error("<?xml version=\"1.0\"?>\n<!DOCTYPE lol [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;\">]>\n<PMML/>") ==
        "[credo.pmml.doctype] line 2: a DOCTYPE or entity declaration; PMML needs none and credo refuses them");
  CHECK(starts_with(load_error("<?xml version=\"1.0\"?>\n<!DOCTYPE PMML SYSTEM \"file:///etc/passwd\">\n<PMML version=\"4.4\"/>"),
                    "[credo.pmml.doctype] line 2"));
  // Not XML, truncated.
  CHECK(starts_with(load_error(good.substr(0, good.size() / 2)), "[credo.pmml.parse_error] line "));
  CHECK(starts_with(load_error("not xml at all"), "[credo.pmml.parse_error] line 1: not well-formed XML"));
  // Too large: the file, one attribute.
  credo::interop::pmml_limits small;
  small.max_file_bytes = 100;
  CHECK(starts_with(load_error(good, small), "[credo.pmml.too_large] the PMML text has"));
  credo::interop::pmml_limits attr_limit;
  attr_limit.max_attribute_bytes = 16;
  CHECK(starts_with(load_error(good, attr_limit), "[credo.pmml.too_large] element 'PMML' at line 5: attribute 'xmlns' is longer than the limit 16 bytes"));
  CHECK(starts_with([&] {
    try {
      (void)pmml_model::load(case_path("card_basic.pmml"), small);
    } catch (const credo::io_error& e) {
      return std::string(e.what());
    }
    return std::string();
  }(), "[credo.pmml.too_large] '"));
  CHECK(starts_with([&] {
    try {
      (void)pmml_model::load("/nonexistent/card.pmml");
    } catch (const credo::io_error& e) {
      return std::string(e.what());
    }
    return std::string();
  }(), "[credo.pmml.open_failed] '/nonexistent/card.pmml': cannot open the file"));
  // Deep nesting: of elements anywhere, and of predicates within the limits.
  std::string deep = "<PMML version=\"4.4\">";
  for (int i = 0; i < 100; ++i) deep += "<Extension>";
  for (int i = 0; i < 100; ++i) deep += "</Extension>";
  deep += "</PMML>";
  CHECK(starts_with(load_error(deep), "[credo.pmml.too_deep] element 'Extension' at line 1: elements nested 65 deep"));
  std::string nested = R"(<SimplePredicate field="x" operator="lessThan" value="1"/>)";
  for (int i = 0; i < 40; ++i)
    nested = "<CompoundPredicate booleanOperator=\"and\">" + nested + "<True/></CompoundPredicate>";
  CHECK(starts_with(load_error(card_with("<Attribute partialScore=\"1\">" + nested + "</Attribute>")),
                    "[credo.pmml.too_deep] element 'CompoundPredicate' at line 11: predicates nested deeper than the limit 32"));
  std::string apply = "<FieldRef field=\"x\"/>";
  for (int i = 0; i < 40; ++i) apply = "<Apply function=\"abs\">" + apply + "</Apply>";
  CHECK(starts_with(load_error(card_with("<Attribute><True/><ComplexPartialScore>" + apply + "</ComplexPartialScore></Attribute>")),
                    "[credo.pmml.too_deep] element 'Apply' at line 11: expressions nested deeper than the limit 32"));
  // Bad numbers.
  CHECK(load_error(card_with(R"(<Attribute partialScore="1e999"><True/></Attribute>)")) ==
        "[credo.pmml.bad_number] element 'Attribute' at line 11: attribute 'partialScore' = '1e999' is not a finite number");
  CHECK(starts_with(load_error(card_with(R"(<Attribute partialScore="NaN"><True/></Attribute>)")), "[credo.pmml.bad_number]"));
  CHECK(starts_with(load_error(card_with(R"(<Attribute partialScore="1"><SimplePredicate field="x" operator="lessThan" value="1,5"/></Attribute>)")),
                    "[credo.pmml.bad_number] element 'SimplePredicate' at line 11: attribute 'value' = '1,5'"));
  CHECK(starts_with(load_error(card_with(R"(<Attribute partialScore="1"><SimpleSetPredicate field="x" booleanOperator="isIn"><Array type="real">1 x</Array></SimpleSetPredicate></Attribute>)")),
                    "[credo.pmml.bad_number] element 'Array' at line 11: 'x' is not a finite number"));
}

TEST_CASE("pmml elements and values credo does not honour are refused with the element and line") {
  auto with_root = [](const std::string& inner) {
    return "<PMML xmlns=\"http://www.dmg.org/PMML-4_4\" version=\"4.4\">\n<Header/>\n<DataDictionary>"
           "<DataField name=\"x\" optype=\"continuous\" dataType=\"double\"/></DataDictionary>\n" + inner + "\n</PMML>";
  };
  CHECK(load_error(with_root("<TransformationDictionary><DerivedField name=\"d\" optype=\"continuous\" dataType=\"double\"/></TransformationDictionary>")) ==
        "[credo.pmml.unsupported] element 'DerivedField' at line 4: 'DerivedField' in the TransformationDictionary (credo reads no derived fields or functions)");
  CHECK(starts_with(load_error(with_root("<TreeModel functionName=\"regression\"/>")),
                    "[credo.pmml.unsupported] element 'TreeModel' at line 4"));
  CHECK(load_error(with_root("")) == "[credo.pmml.no_model] element 'PMML' at line 1: no Scorecard or RegressionModel");
  CHECK(starts_with(load_error("<Other/>"), "[credo.pmml.not_pmml] element 'Other' at line 1"));
  CHECK(starts_with(load_error("<PMML xmlns=\"urn:x\" version=\"4.4\"><Header/></PMML>"), "[credo.pmml.not_pmml]"));
  CHECK(starts_with(load_error("<PMML xmlns=\"http://www.dmg.org/PMML-4_4\" version=\"4.4\"><Header/></PMML>"),
                    "[credo.pmml.bad_model] element 'PMML' at line 1: no DataDictionary"));
  CHECK(starts_with(load_error(with_root("<Scorecard functionName=\"regression\" isScorable=\"false\"><MiningSchema><MiningField name=\"x\"/></MiningSchema></Scorecard>")),
                    "[credo.pmml.bad_model] element 'Scorecard' at line 4: isScorable"));
  // Inside a model: LocalTransformations, Targets; Output features other than the values written.
  CHECK(starts_with(load_error(card_with("<Attribute partialScore=\"1\"><True/></Attribute>").insert(
                        card_with("").find("<MiningSchema>"), "<LocalTransformations/>")),
                    "[credo.pmml.unsupported] element 'LocalTransformations' at line 9"));
  // Output fields other than those credo writes are read past: they never change the score.
  std::string t = read_text(case_path("card_basic.pmml"));
  t.replace(t.find("feature=\"predictedValue\" dataType=\"double\" optype=\"continuous\"/>"), 64,
            "feature=\"transformedValue\" dataType=\"double\" optype=\"continuous\"><Apply function=\"*\">"
            "<FieldRef field=\"age\"/><Constant>2</Constant></Apply></OutputField>");
  CHECK(pmml_model::from_string(t).evaluate({30.0, "rent", 500.0}).value == 133);
  // A DerivedField name in the MiningSchema.
  CHECK(starts_with(load_error(card_with("<Attribute partialScore=\"1\"><True/></Attribute>", "<MiningField name=\"derived\"/>")),
                    "[credo.pmml.unknown_field] element 'MiningField' at line 9: field 'derived' is not in the DataDictionary"));
  CHECK(starts_with(load_error(card_with(R"(<Attribute partialScore="1"><SimplePredicate field="y" operator="isMissing"/></Attribute>)")),
                    "[credo.pmml.unknown_field] element 'SimplePredicate' at line 11: field 'y'"));
  // Predicates, functions, operators.
  CHECK(starts_with(load_error(card_with(R"(<Attribute partialScore="1"><SimplePredicate field="s" operator="lessThan" value="b"/></Attribute>)")),
                    "[credo.pmml.unsupported] element 'SimplePredicate' at line 11: an order comparison on the string field 's'"));
  CHECK(starts_with(load_error(card_with(R"(<Attribute partialScore="1"><SimplePredicate field="x" operator="about" value="1"/></Attribute>)")),
                    "[credo.pmml.bad_value] element 'SimplePredicate' at line 11: attribute 'operator' = 'about'"));
  CHECK(starts_with(load_error(card_with(R"(<Attribute partialScore="1"><SimplePredicate field="x" value="1"/></Attribute>)")),
                    "[credo.pmml.missing_attribute] element 'SimplePredicate' at line 11: attribute 'operator' is required"));
  CHECK(starts_with(load_error(card_with(R"(<Attribute partialScore="1"><CompoundPredicate booleanOperator="and"><True/></CompoundPredicate></Attribute>)")),
                    "[credo.pmml.bad_model] element 'CompoundPredicate' at line 11: a CompoundPredicate needs at least two"));
  CHECK(starts_with(load_error(card_with(R"(<Attribute partialScore="1"><SimplePredicate field="x" operator="isMissing"/><True/></Attribute>)")),
                    "[credo.pmml.bad_model] element 'True' at line 11: an Attribute holds one predicate"));
  CHECK(starts_with(load_error(card_with(R"(<Attribute partialScore="1"><SimpleSetPredicate field="s" booleanOperator="isIn"><Array n="3" type="string">a b</Array></SimpleSetPredicate></Attribute>)")),
                    "[credo.pmml.bad_model] element 'Array' at line 11: n = '3' but the Array has 2 items"));
  CHECK(starts_with(load_error(card_with(R"(<Attribute><True/><ComplexPartialScore><Apply function="sin"><FieldRef field="x"/></Apply></ComplexPartialScore></Attribute>)")),
                    "[credo.pmml.unsupported] element 'Apply' at line 11: function 'sin'"));
  CHECK(starts_with(load_error(card_with(R"(<Attribute><True/><ComplexPartialScore><Apply function="+"><FieldRef field="x"/></Apply></ComplexPartialScore></Attribute>)")),
                    "[credo.pmml.bad_model] element 'Apply' at line 11: function '+' with 1 arguments"));
  CHECK(starts_with(load_error(card_with(R"(<Attribute><True/><ComplexPartialScore><FieldRef field="s"/></ComplexPartialScore></Attribute>)")),
                    "[credo.pmml.unsupported] element 'FieldRef' at line 11: a FieldRef to the string field 's'"));
  CHECK(starts_with(load_error(card_with(R"(<Attribute><True/></Attribute>)")),
                    "[credo.pmml.missing_attribute] element 'Attribute' at line 11: an Attribute needs partialScore"));
  CHECK(starts_with(load_error(card_with(R"(<Attribute partialScore="1"/>)")),
                    "[credo.pmml.bad_model] element 'Attribute' at line 11: an Attribute without a predicate"));
  // Reason codes need baselines and codes.
  std::string rc = card_with(R"(<Attribute partialScore="1"><True/></Attribute>)");
  rc.replace(rc.find("useReasonCodes=\"false\""), 22, "useReasonCodes=\"true\"");
  CHECK(starts_with(load_error(rc), "[credo.pmml.missing_attribute] element 'Characteristic' at line 10: useReasonCodes needs a baselineScore"));
  // MiningSchema treatments credo does not honour, and data types.
  CHECK(starts_with(load_error(card_with("<Attribute partialScore=\"1\"><True/></Attribute>",
                                         R"(<MiningField name="x" outliers="asExtremeValues" lowValue="0" highValue="1"/>)")),
                    "[credo.pmml.unsupported] element 'MiningField' at line 9: outliers='asExtremeValues'"));
  CHECK(starts_with(load_error(card_with("<Attribute partialScore=\"1\"><True/></Attribute>",
                                         R"(<MiningField name="x" invalidValueTreatment="asValue"/>)")),
                    "[credo.pmml.missing_attribute] element 'MiningField' at line 9: invalidValueTreatment=\"asValue\" needs"));
  CHECK(starts_with(load_error(card_with("<Attribute partialScore=\"1\"><True/></Attribute>",
                                         R"(<MiningField name="x" usageType="frequencyWeight"/>)")),
                    "[credo.pmml.unsupported] element 'MiningField' at line 9: attribute 'usageType' = 'frequencyWeight'"));
  CHECK(starts_with(load_error(card_with("<Attribute partialScore=\"1\"><True/></Attribute>", "<MiningField name=\"d\"/>",
                                         R"(<DataField name="d" optype="continuous" dataType="date"/>)")),
                    "[credo.pmml.unsupported] element 'DataField' at line 6: field 'd': dataType 'date'"));
  // RegressionModel: normalisations credo does not compute, tables.
  std::string reg = read_text(case_path("classification_softmax.pmml"));
  reg.replace(reg.find("normalizationMethod=\"softmax\""), 29, "normalizationMethod=\"logit\"");
  CHECK(starts_with(load_error(reg), "[credo.pmml.unsupported] element 'RegressionModel' at line 17: logit over 3 categories"));
  reg = read_text(case_path("regression_none.pmml"));
  reg.replace(reg.find("normalizationMethod=\"none\""), 26, "normalizationMethod=\"probit\"");
  CHECK(starts_with(load_error(reg), "[credo.pmml.unsupported] element 'RegressionModel' at line 12: normalizationMethod 'probit'"));
  reg = read_text(case_path("regression_none.pmml"));
  reg.replace(reg.find("<NumericPredictor name=\"x1\""), 27, "<PredictorTerm coefficient=\"1\"><FieldRef field=\"x1\"/></PredictorTerm><NumericPredictor name=\"x1\"");
  CHECK(starts_with(load_error(reg), "[credo.pmml.unsupported] element 'PredictorTerm' at line 20"));
}
