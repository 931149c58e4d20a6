// A model file records the zero-cell rule that made each characteristic's WoE
// (binning::zero_cell_rule): written, read back, refused when unknown, and "half" for a file
// written before the rule was recorded.
#include <credo/binning/fit.hpp>
#include <credo/io/model_file.hpp>
#include <credo/model/scorecard.hpp>

#include "german_credit.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

TEST_CASE("model files record each characteristic's zero-cell rule") {
  namespace cb = credo::binning;
  const auto t = credo::test::german_credit();
  cb::binning_options o;
  o.method = cb::binning_method::distinct;
  o.zero_cells = cb::zero_cell_rule::r_scorecard;
  std::vector<cb::binning_table> tables{cb::fit(t, "duration", o), cb::optimal(t, "checking_status")};
  const std::vector<double> beta{-0.8, -0.9};
  const auto card = credo::model::scorecard<>::from_tables(tables, beta, -0.85);
  CHECK(card.characteristic(0).zero_cells == cb::zero_cell_rule::r_scorecard);
  CHECK(card.characteristic(1).zero_cells == cb::zero_cell_rule::half);
  auto j = credo::io::scorecard_to_json(card);
  CHECK(j["characteristics"][0]["zero_cells"] == "r_scorecard");
  CHECK(j["characteristics"][1]["zero_cells"] == "half");
  const auto back = credo::io::scorecard_from_json(j);
  CHECK(back == card);
  CHECK(back.characteristic(0).zero_cells == cb::zero_cell_rule::r_scorecard);

  auto old = j;  // a file from before the rule was recorded
  old["characteristics"][0].erase("zero_cells");
  CHECK(credo::io::scorecard_from_json(old).characteristic(0).zero_cells == cb::zero_cell_rule::half);

  j["characteristics"][0]["zero_cells"] = "laplace";
  CHECK_THROWS_WITH_AS(credo::io::scorecard_from_json(j),
                       "[credo.model_file.bad_value] characteristics[0].zero_cells: 'laplace' is not one of "
                       "half, r_scorecard, merge, zero_woe",
                       credo::io_error);
}
