// SQL export (credo/interop/sql_export.hpp): every number is an expression that evaluates to
// exactly credo's double, the bins follow bins::bin_of, and what SQL cannot hold is refused
// with an id. The SELECT run inside real SQLite and PostgreSQL against credo score, row by
// row, is examples/cli/test_cli_export.sh.
#include "test_support.hpp"

#include <credo/interop/sql_export.hpp>

#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <regex>
#include <string>
#include <vector>

// Everything in one named namespace: the area is one unity-built translation unit.
namespace sql_export_test {

namespace model = credo::model;
namespace interop = credo::interop;
using credo::binning::bins;

/// What SQLite computes for the exported expression of a double: (CAST(m AS REAL) op k op k ...)
/// with integer literals, op * or / (each step exact in IEEE double), read here the same way.
double eval_sqlite(const std::string& e) {
  if (e == "9e999") return std::numeric_limits<double>::infinity();
  if (e == "-9e999") return -std::numeric_limits<double>::infinity();
  if (e == "(-CAST(0 AS REAL))") return -0.0;
  const std::regex head(R"(^\(?CAST\((-?[0-9]+) AS REAL\))");
  std::smatch mt;
  REQUIRE(std::regex_search(e, mt, head));
  double v = static_cast<double>(std::stoll(mt[1].str()));
  const std::regex step(R"( ([*/]) ([0-9]+))");
  for (auto it = std::sregex_iterator(e.begin(), e.end(), step); it != std::sregex_iterator(); ++it) {
    const double k = static_cast<double>(std::stoll((*it)[2].str()));
    v = (*it)[1].str() == "*" ? v * k : v / k;
  }
  return v;
}

bool same_bits(double a, double b) { return a == b && std::signbit(a) == std::signbit(b); }

bool sql_has(const std::string& s, const std::string& what) { return s.find(what) != std::string::npos; }

model::scorecard<> small_card(model::scorecard_options o = {}) {
  model::characteristic_spec income{"income", bins::numeric({1000.0, 2500.5}, {-999.0}),
                                    {-0.5, 0.1, 0.5, -0.3, 0.0}, -1.0, {3, 2, 1, 1, 0}};
  model::characteristic_spec home{"home's", bins::categorical({{"rent"}, {"o'wn", "with parents"}}), {-0.2, 0.4, 0.0},
                                  -0.5, {1, 1, 0}};
  return model::scorecard<>({income, home}, -2.0, o);
}


TEST_CASE("SQL numbers are exact doubles in both dialects") {
  const double values[] = {0.1, -28.261566178951214, 487.1228762045055, 1e-30, 1e300, 123, -7, 0.5, 2500.5,
                           std::ldexp(1.0, -1074), std::numeric_limits<double>::max(), 3.0 * std::ldexp(1.0, 60),
                           std::numeric_limits<double>::infinity(), -std::numeric_limits<double>::infinity(), 0.0, -0.0};
  for (double x : values) {
    const std::string lite = interop::detail::sql_number(x, interop::sql_dialect::sqlite);
    CAPTURE(lite);
    CHECK(same_bits(eval_sqlite(lite), x));
    // Every factor an integer literal of at most 2^62 (an SQLite INTEGER), no decimal point.
    CHECK(lite.find('.') == std::string::npos);
    const std::string pg = interop::detail::sql_number(x, interop::sql_dialect::postgresql);
    CAPTURE(pg);
    if (std::isinf(x)) {
      CHECK(pg == (x > 0 ? "CAST('Infinity' AS DOUBLE PRECISION)" : "CAST('-Infinity' AS DOUBLE PRECISION)"));
    } else {
      // PostgreSQL's float8in is strtod: the shortest digits read back as x.
      const std::regex re(R"(^CAST\('([^']*)' AS DOUBLE PRECISION\)$)");
      std::smatch mt;
      REQUIRE(std::regex_match(pg, mt, re));
      CHECK(same_bits(std::strtod(mt[1].str().c_str(), nullptr), x));
    }
  }
  CHECK(interop::detail::sql_number(0.1, interop::sql_dialect::sqlite) ==
        "(CAST(3602879701896397 AS REAL) / 36028797018963968)");
  CHECK(interop::detail::sql_number(-7, interop::sql_dialect::sqlite) == "CAST(-7 AS REAL)");
  CHECK(interop::detail::sql_number(1e-30, interop::sql_dialect::sqlite) ==
        "(CAST(178405961588245 AS REAL) / 4611686018427387904 / 4611686018427387904 / 8388608)");
}

TEST_CASE("SQL SELECT: bins as bins::bin_of, points, reasons and the table's order") {
  model::scorecard_options o;
  o.reasons.max_reasons = 2;
  const auto card = small_card(o);
  interop::sql_options so;
  so.table = "main.app\"s";
  so.reasons = 3;
  so.id = "id";
  const std::string sql = interop::scorecard_to_sql(card, so);
  using interop::detail::sql_number;
  auto n = [](double x) { return sql_number(x, interop::sql_dialect::sqlite); };
  // Missing, then the special value, then the count of cut points <= x.
  CHECK(sql_has(sql, "CASE WHEN \"income\" IS NULL THEN 4 WHEN typeof(\"income\") NOT IN ('integer', 'real') THEN NULL "
                      "WHEN \"income\" = " + n(-999) + " THEN 3 WHEN \"income\" < " + n(1000) + " THEN 0 WHEN \"income\" < " +
                          n(2500.5) + " THEN 1 ELSE 2 END AS b_1"));
  // NULL or '' is missing, a training label its group, anything else the unseen fallback.
  CHECK(sql_has(sql, "CASE WHEN \"home's\" IS NULL OR \"home's\" = '' THEN 2 WHEN \"home's\" IN ('rent') THEN 0 "
                      "WHEN \"home's\" IN ('o''wn', 'with parents') THEN 1 ELSE 2 END AS b_2"));
  // The points of each bin as scored, and the score summed left to right from the base.
  CHECK(sql_has(sql, "CASE b_1 WHEN 0 THEN " + n(card.scored_points(0, 0)) + " WHEN 1 THEN " + n(card.scored_points(0, 1))));
  CHECK(sql_has(sql, "SELECT credo_row, \"id\", " + n(0) + " + p_1 + p_2 AS score"));
  // Reason texts as credo score writes them; the third reason column is beyond max_reasons.
  model::reason_code r{1, 0, static_cast<double>(card.baselines()[1] - card.scored_points(1, 0))};
  CHECK(sql_has(sql, interop::detail::sql_string(card.describe(r))));
  CHECK(sql_has(sql, "'home''s = {rent} ("));
  CHECK(sql_has(sql, "CAST(NULL AS TEXT) AS reason_3"));
  CHECK(sql_has(sql, "CASE WHEN d_1 > 0 THEN 1 + CASE WHEN d_2 > d_1 THEN 1 ELSE 0 END END AS r_1"));
  CHECK(sql_has(sql, "CASE WHEN d_2 > 0 THEN 1 + CASE WHEN d_1 >= d_2 THEN 1 ELSE 0 END END AS r_2"));
  CHECK(sql_has(sql, "FROM \"main\".\"app\"\"s\"\n"));
  CHECK(sql_has(sql, "SELECT rowid AS credo_row, \"id\","));
  CHECK(sql.substr(sql.size() - 20) == "ORDER BY credo_row;\n");

  so.dialect = interop::sql_dialect::postgresql;
  const std::string pg = interop::scorecard_to_sql(card, so);
  CHECK(sql_has(pg, "SELECT ctid AS credo_row, \"id\","));
  CHECK(sql_has(pg, "CASE WHEN \"income\" IS NULL OR \"income\" = CAST('NaN' AS DOUBLE PRECISION) THEN 4 WHEN \"income\" = "
                     "CAST('-999' AS DOUBLE PRECISION) THEN 3"));
  CHECK(!sql_has(pg, "typeof"));
  CHECK(sql_has(pg, "CAST(1 AS DOUBLE PRECISION) / (CAST(1 AS DOUBLE PRECISION) + exp((score - CAST('487.1228762045055' "
                     "AS DOUBLE PRECISION)) / CAST('28.85390081777927' AS DOUBLE PRECISION))) AS pd"));
}

TEST_CASE("SQL SELECT: missing = error leaves the missing bin without points; no reasons, no ranks") {
  model::scorecard_options o;
  o.missing = model::missing_action::error;
  const auto card = small_card(o);
  const std::string sql = interop::scorecard_to_sql(card);
  CHECK(sql_has(sql, "CASE b_1 WHEN 0 THEN"));
  CHECK(!sql_has(sql, "WHEN 4 THEN"));  // income's missing bin: NULL points, NULL score
  CHECK(!sql_has(sql, "r_1"));
  CHECK(!sql_has(sql, "reason_"));
  CHECK(sql_has(sql, "FROM \"applicants\"\n"));
}

TEST_CASE("SQL export refuses what SQL cannot hold") {
  CHECK_THROWS_WITH_AS(interop::scorecard_to_sql(small_card(), {interop::sql_dialect::sqlite, "", 0, ""}),
                       "[credo.interop.bad_name] the table name is empty", credo::invalid_input);
  CHECK_THROWS_WITH_AS(interop::scorecard_to_sql(small_card(), {interop::sql_dialect::sqlite, "a..b", 0, ""}),
                       "[credo.interop.bad_name] table name 'a..b': an empty part before or after a '.'",
                       credo::invalid_input);
  const model::scorecard<> nul({{"home", bins::categorical({{std::string("a\0b", 3)}}), {0.1, 0.0}, 1.0, {}}}, -1.0);
  CHECK_THROWS_WITH_AS(interop::scorecard_to_sql(nul),
                       "[credo.interop.not_sql_text] characteristic 'home', a label is not UTF-8 text without NUL bytes; "
                       "an SQL string or identifier cannot hold it",
                       credo::invalid_input);
  const model::scorecard<float> f({{"x", bins::numeric({1.0}), {0.1, -0.1, 0.0}, 1.0, {}}}, -1.0);
  CHECK_THROWS_WITH_AS(interop::scorecard_to_sql(f),
                       "[credo.interop.float_model] a float card sums in float; PMML and SQL evaluators sum in double, "
                       "so scores could differ. Export a double card (what credo fit writes)",
                       credo::invalid_input);
  CHECK(credo::detail::enum_from_name<interop::sql_dialect>("postgresql") == interop::sql_dialect::postgresql);
}

}  // namespace sql_export_test
