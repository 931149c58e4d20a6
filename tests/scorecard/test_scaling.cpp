#include <credo/core/error.hpp>
#include <credo/model/scaling.hpp>
#include <credo/model/scorecard.hpp>
#include <credo/model/scorecard_policies.hpp>

#include "card_fixture.hpp"
#include "card_options.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <limits>

using credo::model::scaling;

TEST_CASE("scaling: factor and offset by hand, 600 points at 50:1, PDO 20") {
  const scaling s;
  CHECK(s.factor() == 20 / std::log(2.0));
  CHECK(s.offset() == 600 - 20 / std::log(2.0) * std::log(50.0));
  // the base score is odds base_odds:1, i.e. PD 1/51; PDO points more double the odds
  CHECK(s.score_from_pd(1.0 / 51) == doctest::Approx(600).epsilon(1e-12));
  CHECK(s.pd_from_score(600) == doctest::Approx(1.0 / 51).epsilon(1e-12));
  CHECK(s.pd_from_score(620) == doctest::Approx(1.0 / 101).epsilon(1e-12));
  CHECK(s.score_from_log_odds(-std::log(50.0)) == doctest::Approx(600).epsilon(1e-12));
}

TEST_CASE("scaling: the conversions invert each other") {
  const scaling s{40, 500, 20};
  for (double eta : {-6.0, -1.5, 0.0, 0.25, 3.0}) {
    const double score = s.score_from_log_odds(eta);
    CHECK(s.log_odds_from_score(score) == doctest::Approx(eta).epsilon(1e-12));
    const double pd = 1 / (1 + std::exp(-eta));
    CHECK(s.pd_from_score(score) == doctest::Approx(pd).epsilon(1e-12));
    CHECK(s.score_from_pd(pd) == doctest::Approx(score).epsilon(1e-12));
  }
  CHECK(std::isnan(s.score_from_pd(-0.1)));
  CHECK(std::isnan(s.score_from_pd(std::numeric_limits<double>::quiet_NaN())));
  CHECK(s.score_from_pd(0) == std::numeric_limits<double>::infinity());
}

TEST_CASE("scaling: pd_from_score with Offset and Factor kept gives the same bits") {
  const scaling s{17.3, 612.5, 33};
  for (double score : {400.0, 512.25, 600.0, 733.0})
    CHECK(scaling::pd_from_score(score, s.offset(), s.factor()) == s.pd_from_score(score));
}

TEST_CASE("scaling: validation names the parameter under the caller's id") {
  CHECK_THROWS_WITH_AS((scaling{0, 600, 50}.validate("credo.scorecard.bad_option")),
                       "[credo.scorecard.bad_option] pdo = 0 is not a finite number > 0", credo::invalid_input);
  CHECK_THROWS_WITH_AS((scaling{20, std::numeric_limits<double>::infinity(), 50}.validate("credo.engine.bad_option")),
                       "[credo.engine.bad_option] base_score = inf is not finite", credo::invalid_input);
  CHECK_THROWS_WITH_AS((scaling{20, 600, -2}.validate("credo.engine.bad_option")),
                       "[credo.engine.bad_option] base_odds = -2 is not a finite number > 0", credo::invalid_input);
  CHECK_NOTHROW(scaling{}.validate("credo.scorecard.bad_option"));
}

TEST_CASE("scorecard_options is a scaling") {
  credo::model::scorecard_options o;
  o.pdo = 40;
  const scaling& s = o;
  CHECK(s == scaling{40, 600, 50});
}

TEST_CASE("a card's flat form carries its scaling and scores as the card") {
  const credo::model::scorecard<> card(credo::test::two_characteristics(), -2.0,
                                       credo::test::card_options(credo::model::rounding_method::none));
  const auto& flat = card.flat();
  CHECK(flat.size() == card.size());
  CHECK(flat.scale() == card.scale());
  CHECK(flat.base_points() == card.base_points());
  for (std::uint32_t a = 0; a < 3; ++a)
    for (std::uint32_t b = 0; b < 3; ++b) {
      const std::uint32_t bins[2] = {a, b};
      const auto want = card.score_bins(bins);
      const auto got = flat.score_row(
          [&](std::size_t j, double& v, std::uint32_t& bin) { return flat.code_point(j, bins[j], v, bin); }, {});
      CHECK(got.score == want.score);
      // by hand: the points of the two bins, summed in card order
      CHECK(want.score == card.points(0)[a] + card.points(1)[b]);
    }
}
