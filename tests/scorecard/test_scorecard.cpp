// Points, scores, missing policies and reason codes of a hand-derived two-characteristic card
// (card_fixture.hpp gives the card and the scaling arithmetic).
#include "card_options.hpp"
#include "card_fixture.hpp"

#include <credo/binning/fit.hpp>
#include <credo/model/scorecard.hpp>

#include <doctest/doctest.h>

#include <array>
#include <cmath>
#include <limits>
#include <sstream>
#include <vector>

using namespace credo::model;
using credo::test::two_characteristics;

namespace {
constexpr double F = 28.853900817779270;     // 20 / ln 2
constexpr double O = 487.12287620450550;     // 600 - F ln 50
constexpr double NaN = std::numeric_limits<double>::quiet_NaN();
}  // namespace

TEST_CASE_TEMPLATE("unrounded points of the two-characteristic card", Real, float, double) {
  const scorecard<Real> card(two_characteristics(), -2.0, credo::test::card_options(rounding_method::none));
  CHECK(card.factor() == doctest::Approx(F).epsilon(1e-15));
  CHECK(card.offset() == doctest::Approx(O).epsilon(1e-15));
  // income: -(-1 * -0.5 - 1) F + O/2 = 0.5 F + 243.5614381 = 257.9883885
  //         -(-1 *  0.5 - 1) F + O/2 = 1.5 F + 243.5614381 = 286.8422893
  //         -(0 - 1) F + O/2         = 1.0 F + 243.5614381 = 272.4153389 (missing, WoE 0)
  const auto& inc = card.unrounded_points(0);
  CHECK(inc[0] == doctest::Approx(0.5 * F + O / 2).epsilon(1e-14));
  CHECK(inc[0] == doctest::Approx(257.9883885111424).epsilon(1e-14));
  CHECK(inc[1] == doctest::Approx(286.84228932892165).epsilon(1e-14));
  CHECK(inc[2] == doctest::Approx(272.415338920032).epsilon(1e-14));
  // home: -(-0.5 * -0.2 - 1) F + O/2 = 0.9 F + O/2 = 269.5299488
  //       -(-0.5 *  0.4 - 1) F + O/2 = 1.2 F + O/2 = 278.1861191
  const auto& home = card.unrounded_points(1);
  CHECK(home[0] == doctest::Approx(269.5299488382541).epsilon(1e-14));
  CHECK(home[1] == doctest::Approx(278.18611908358787).epsilon(1e-14));
  CHECK(home[2] == doctest::Approx(272.415338920032).epsilon(1e-14));
  // An applicant with income 500 who owns: Offset - F (alpha + 0.5 - 0.2) = O + 1.7 F = 536.1745
  const auto r = card.score({500.0, "own"});
  REQUIRE(r.ok());
  CHECK(r.score == doctest::Approx(O + 1.7 * F).epsilon(1e-6));
  CHECK(card.base_points() == 0);
}

TEST_CASE("nearest rounding, the points table and the extremes") {
  const scorecard<> card(two_characteristics(), -2.0);  // rounding_method::nearest by default
  CHECK(card.points(0) == std::vector<double>{258, 287, 272});
  CHECK(card.points(1) == std::vector<double>{270, 278, 272});
  CHECK(card.min_score() == 258 + 270);
  CHECK(card.max_score() == 287 + 278);
  CHECK(card.score({500.0, "own"}).score == 258 + 278);
  CHECK(card.score({1000.0, "rent"}).score == 287 + 270);  // 1000 is in [1000, inf)
  const auto rows = card.points_table();
  REQUIRE(rows.size() == 6);
  CHECK(rows[0].characteristic == "income");
  CHECK(rows[0].bin == "(-inf, 1000)");
  CHECK(rows[0].woe == -0.5);
  CHECK(rows[0].points == 258);
  CHECK(rows[4].bin == "{own}");
  CHECK(rows[5].bin == "missing");
  const std::string text = card.to_string();
  CHECK(text.find("income          (-inf, 1000)") != std::string::npos);
  CHECK(text.find("{rent}") != std::string::npos);
}

TEST_CASE("a separate base-points line") {
  scorecard_options opt;
  opt.intercept = intercept_points::separate;
  const scorecard<double> exact(two_characteristics(), -2.0, credo::test::card_options(rounding_method::none, missing_action::own_bin, opt));
  // base = Offset - alpha F = O + 2 F = 544.8306778; income: -beta WoE F = -0.5 F, 0.5 F, 0
  CHECK(exact.base_points() == doctest::Approx(O + 2 * F).epsilon(1e-14));
  CHECK(exact.unrounded_points(0)[0] == doctest::Approx(-0.5 * F).epsilon(1e-14));
  CHECK(exact.unrounded_points(1)[1] == doctest::Approx(0.2 * F).epsilon(1e-14));
  CHECK(exact.score({500.0, "own"}).score == doctest::Approx(O + 1.7 * F).epsilon(1e-12));
  const scorecard<> card(two_characteristics(), -2.0, opt);
  CHECK(card.base_points() == 545);
  CHECK(card.points(0) == std::vector<double>{-14, 14, 0});
  CHECK(card.points(1) == std::vector<double>{-3, 6, 0});
  CHECK(card.points_table().back().characteristic == "(base points)");
  CHECK(card.score({500.0, "own"}).score == 545 - 14 + 6);
}

TEST_CASE_TEMPLATE("PD from score and score from PD are inverses", Real, float, double) {
  const scorecard<Real> card(two_characteristics(), -2.0);
  // 600 points mean odds 50:1, i.e. PD 1/51; 620 points double the odds: 100:1, PD 1/101.
  CHECK(card.pd_from_score(600) == doctest::Approx(1.0 / 51).epsilon(1e-14));
  CHECK(card.pd_from_score(620) == doctest::Approx(1.0 / 101).epsilon(1e-14));
  CHECK(card.score_from_pd(1.0 / 51) == doctest::Approx(600).epsilon(1e-14));
  for (double s : {200.0, 450.5, 536.0, 600.0, 777.25, 900.0})
    CHECK(card.score_from_pd(card.pd_from_score(s)) == doctest::Approx(s).epsilon(1e-12));
  for (double p : {1e-6, 0.01, 0.2, 0.5, 0.9, 0.999999})
    CHECK(card.pd_from_score(card.score_from_pd(p)) == doctest::Approx(p).epsilon(1e-12));
  CHECK(std::isnan(card.score_from_pd(-0.1)));
  CHECK(std::isnan(card.score_from_pd(NaN)));
  CHECK(card.score_from_pd(0) == std::numeric_limits<double>::infinity());
}

TEST_CASE("missing values under the three policies") {
  SUBCASE("own_bin: the missing bin's points") {
    const scorecard<> card(two_characteristics(), -2.0);
    CHECK(card.score({NaN, "own"}).score == 272 + 278);
    CHECK(card.score({500.0, ""}).score == 258 + 272);
    CHECK(card.score({500.0, input::missing()}).score == 258 + 272);
    // An unseen label goes to the unseen fallback, here the missing bin.
    CHECK(card.score({500.0, "council"}).score == 258 + 272);
  }
  SUBCASE("error: a status naming the characteristic, no throw") {
    const scorecard<double> card(two_characteristics(), -2.0, credo::test::card_options(rounding_method::nearest, missing_action::error));
    const auto r = card.score({500.0, ""});
    CHECK(r.status == score_status::missing_value);
    CHECK(r.characteristic == 1);
    CHECK(std::isnan(r.score));
    CHECK(card.score({NaN, "own"}).characteristic == 0);
    CHECK(card.score({500.0, "own"}).score == 258 + 278);
  }
  SUBCASE("worst: the lowest points of the characteristic") {
    const scorecard<double> card(two_characteristics(), -2.0, credo::test::card_options(rounding_method::nearest, missing_action::worst));
    CHECK(card.score({NaN, "own"}).score == 258 + 278);
    CHECK(card.score({1500.0, ""}).score == 287 + 270);
    CHECK(card.scored_points(0, 2) == 258);
    CHECK(card.points(0)[2] == 272);  // the table keeps the missing bin's own points
  }
}

TEST_CASE("pre-binned codes, wrong sizes and out-of-range codes") {
  const scorecard<> card(two_characteristics(), -2.0);
  const std::array<std::uint32_t, 2> ok{1, 0};
  CHECK(card.score_bins(ok).score == 287 + 270);
  const std::array<std::uint32_t, 2> bad{1, 3};
  const auto r = card.score_bins(bad);
  CHECK(r.status == score_status::bad_code);
  CHECK(r.characteristic == 1);
  const std::array<std::uint32_t, 1> short_row{1};
  CHECK(card.score_bins(short_row).status == score_status::bad_code);
  // Infinite values fall in the first and last intervals.
  CHECK(card.score({-std::numeric_limits<double>::infinity(), "own"}).score == 258 + 278);
  CHECK(card.score({std::numeric_limits<double>::infinity(), "own"}).score == 287 + 278);
  // A number for a categorical characteristic is an unseen category (here: missing bin).
  CHECK(card.score({500.0, 3.0}).score == 258 + 272);
}

TEST_CASE("a number for a categorical characteristic goes to its unseen fallback, NaN to missing") {
  // An unseen fallback other than the missing bin (the largest group, resolved from training
  // rows): a number is no category code, so it scores the fallback, as an unseen label does.
  auto specs = two_characteristics();
  specs[1].bins = credo::binning::bins::categorical({{"rent"}, {"own"}}, credo::binning::unseen_category::largest_bin);
  specs[1].bins.resolve_unseen({10, 30, 0}, {0.3, 0.1, 0.0});
  REQUIRE(specs[1].bins.unseen_bin() == 1);
  const scorecard<> card(specs, -2.0);
  const double own = card.score({500.0, "own"}).score;
  CHECK(card.score({500.0, "caravan"}).score == own);
  CHECK(card.score({500.0, 0.0}).score == own);  // not the code of "rent"
  CHECK(card.score({500.0, 1.0}).score == own);
  CHECK(card.score({500.0, NaN}).score == card.score({500.0, ""}).score);
  CHECK(card.score({500.0, NaN}).score != own);
}

TEST_CASE("reason codes: points below the baseline, ranked, stable, at most max_reasons") {
  std::array<reason_code, 4> why{};
  SUBCASE("maximum points baseline (default)") {
    const scorecard<> card(two_characteristics(), -2.0);
    CHECK(card.baselines() == std::vector<double>{287, 278});
    // income 500 scores 258: 287 - 258 = 29 below; home own scores the maximum: no reason.
    auto r = card.score({500.0, "own"}, why);
    REQUIRE(r.reasons == 1);
    CHECK(why[0] == reason_code{0, 0, 29.0});
    CHECK(card.describe(why[0]) == "income = (-inf, 1000) (29 points below baseline)");
    // income 500, renting: 29 and 278 - 270 = 8.
    r = card.score({500.0, "rent"}, why);
    REQUIRE(r.reasons == 2);
    CHECK(why[0] == reason_code{0, 0, 29.0});
    CHECK(why[1] == reason_code{1, 0, 8.0});
    // The best applicant has no reasons.
    CHECK(card.score({5000.0, "own"}, why).reasons == 0);
    // A buffer of one keeps the largest.
    r = card.score({500.0, "rent"}, std::span<reason_code>(why.data(), 1));
    CHECK(r.reasons == 1);
    CHECK(why[0].characteristic == 0);
  }
  SUBCASE("ties keep the characteristic order; max_reasons caps the count") {
    scorecard_options opt;
    opt.reasons.baseline = baseline_method::given;
    opt.reasons.given = {300, 291};  // income [1000, inf) 287 and home own 278: both 13 below
    scorecard<> card(two_characteristics(), -2.0, opt);
    auto r = card.score({2000.0, "own"}, why);
    REQUIRE(r.reasons == 2);
    CHECK(why[0] == reason_code{0, 1, 13.0});
    CHECK(why[1] == reason_code{1, 1, 13.0});
    opt.reasons.max_reasons = 1;
    card = scorecard<>(two_characteristics(), -2.0, opt);
    r = card.score({2000.0, "own"}, why);
    REQUIRE(r.reasons == 1);
    CHECK(why[0].characteristic == 0);
  }
  SUBCASE("mean points baseline, weighted by training weights") {
    scorecard_options opt;
    opt.reasons.baseline = baseline_method::mean_points;
    const scorecard<> card(two_characteristics(), -2.0, opt);
    // income: (3 * 258 + 1 * 287) / 4 = 265.25; home: (270 + 278) / 2 = 274
    CHECK(card.baselines() == std::vector<double>{265.25, 274});
    const auto r = card.score({500.0, "rent"}, why);
    REQUIRE(r.reasons == 2);
    CHECK(why[0] == reason_code{0, 0, 7.25});
    CHECK(why[1] == reason_code{1, 0, 4.0});
  }
  SUBCASE("the missing bin under missing_action::worst is named as such") {
    const scorecard<double> card(two_characteristics(), -2.0, credo::test::card_options(rounding_method::nearest, missing_action::worst));
    const auto r = card.score({NaN, "own"}, why);
    REQUIRE(r.reasons == 1);
    CHECK(why[0] == reason_code{0, 2, 29.0});
    CHECK(card.describe(why[0]) == "income = missing (29 points below baseline)");
  }
}

TEST_CASE("scoring table rows") {
  credo::table t;
  t.add(credo::column::numeric("income", {500, 1500, NaN}));
  t.add(credo::column::categorical_from_labels("home", {"own", "", "council"}));
  const scorecard<> card(two_characteristics(), -2.0);
  CHECK(card.score(t, 0).score == 258 + 278);
  CHECK(card.score(t, 1).score == 287 + 272);
  CHECK(card.score(t, 2).score == 272 + 272);
  const auto all = card.score(t);
  REQUIRE(all.size() == 3);
  for (std::size_t r = 0; r < 3; ++r) CHECK(all[r].score == card.score(t, r).score);
  CHECK(card.bin_codes(t) == std::vector<std::uint32_t>{0, 1, 2, 1, 2, 2});
  CHECK_THROWS_WITH_AS(card.score(t, 3), "[credo.table.row_out_of_range] row 3 is past the table's 3 rows",
                       credo::invalid_input);
  credo::table u;
  u.add(credo::column::numeric("income", {500}));
  CHECK_THROWS_WITH_AS(card.score(u, 0),
                       "[credo.scorecard.unknown_column] characteristic 'home' has no column in the table",
                       credo::invalid_input);
  u.add(credo::column::numeric("home", {1}));
  CHECK_THROWS_WITH_AS(card.score(u),
                       "[credo.scorecard.wrong_kind] characteristic 'home' is categorical, its column is numeric",
                       credo::invalid_input);
}

TEST_CASE("the model overload takes intercept() and coefficient(name)") {
  struct fake_model {
    double intercept() const { return -2.0; }
    double coefficient(std::string_view name) const { return name == "income" ? -1.0 : -0.5; }
  };
  credo::table t;
  t.add(credo::column::numeric("income", {500, 1500, 700, 3000, 800, 2000}));
  t.set_target({1, 0, 0, 0, 1, 1});
  const auto tab = credo::binning::fixed_cuts(t, "income", {1000});
  const auto card = scorecard<double>::from_tables({tab}, fake_model{}, credo::test::card_options(rounding_method::none));
  const std::array<double, 1> beta{-1.0};
  const auto same = scorecard<double>::from_tables({tab}, beta, -2.0, credo::test::card_options(rounding_method::none));
  CHECK(card == same);
  CHECK(card.characteristic(0).woe == std::vector<double>{tab.woe(0), tab.woe(1), tab.woe(2)});
  CHECK(card.characteristic(0).weights == std::vector<double>{3, 3, 0});
  const std::array<double, 2> two{-1.0, 2.0};
  CHECK_THROWS_WITH_AS((scorecard<>::from_tables({tab}, two, -2.0)),
                       "[credo.scorecard.size_mismatch] 2 coefficients for 1 binning tables", credo::invalid_input);
}

TEST_CASE("construction errors name what is wrong") {
  using card_t = scorecard<>;
  auto specs = two_characteristics();
  scorecard_options opt;
  opt.pdo = 0;
  CHECK_THROWS_WITH_AS(card_t(specs, -2, opt), "[credo.scorecard.bad_option] pdo = 0 is not a finite number > 0",
                       credo::invalid_input);
  opt = {};
  opt.base_odds = -1;
  CHECK_THROWS_WITH_AS(card_t(specs, -2, opt),
                       "[credo.scorecard.bad_option] base_odds = -1 is not a finite number > 0", credo::invalid_input);
  opt = {};
  opt.base_score = NaN;
  CHECK_THROWS_WITH_AS(card_t(specs, -2, opt), "[credo.scorecard.bad_option] base_score = nan is not finite",
                       credo::invalid_input);
  opt = {};
  opt.rounding = static_cast<rounding_method>(7);
  CHECK_THROWS_WITH_AS(card_t(specs, -2, opt),
                       "[credo.scorecard.bad_option] rounding = 7 is not one of none, nearest, largest_remainder",
                       credo::invalid_input);
  opt = {};
  opt.missing = static_cast<missing_action>(3);
  CHECK_THROWS_WITH_AS(card_t(specs, -2, opt), "[credo.scorecard.bad_option] missing = 3 is not one of own_bin, error, worst",
                       credo::invalid_input);
  CHECK_THROWS_WITH_AS(card_t({}, -2), "[credo.scorecard.empty] a scorecard needs at least one characteristic",
                       credo::invalid_input);
  CHECK_THROWS_WITH_AS(card_t(specs, NaN), "[credo.scorecard.not_finite] the intercept is nan", credo::invalid_input);
  auto dup = specs;
  dup[1].name = "income";
  CHECK_THROWS_WITH_AS(card_t(dup, -2), "[credo.scorecard.duplicate_characteristic] characteristic 'income' is named twice",
                       credo::invalid_input);
  auto shortw = specs;
  shortw[1].woe.pop_back();
  CHECK_THROWS_WITH_AS(card_t(shortw, -2), "[credo.scorecard.size_mismatch] characteristic 'home': 2 WoE values for 3 bins",
                       credo::invalid_input);
  auto shortweights = specs;
  shortweights[0].weights = {1};
  CHECK_THROWS_WITH_AS(card_t(shortweights, -2),
                       "[credo.scorecard.size_mismatch] characteristic 'income': 1 weights for 3 bins",
                       credo::invalid_input);
  auto inf_woe = specs;
  inf_woe[0].woe[1] = std::numeric_limits<double>::infinity();
  CHECK_THROWS_WITH_AS(card_t(inf_woe, -2), "[credo.scorecard.not_finite] characteristic 'income', bin 1: WoE is inf",
                       credo::invalid_input);
  auto nan_coef = specs;
  nan_coef[1].coefficient = NaN;
  CHECK_THROWS_WITH_AS(card_t(nan_coef, -2), "[credo.scorecard.not_finite] characteristic 'home': the coefficient is nan",
                       credo::invalid_input);
  auto neg = specs;
  neg[1].weights[0] = -1;
  CHECK_THROWS_WITH_AS(card_t(neg, -2), "[credo.scorecard.bad_weight] characteristic 'home', bin 0: the weight is negative",
                       credo::invalid_input);
  auto nanw = specs;
  nanw[1].weights[0] = NaN;
  CHECK_THROWS_WITH_AS(card_t(nanw, -2), "[credo.scorecard.not_finite] characteristic 'home', bin 0: the weight is not finite",
                       credo::invalid_input);
  opt = {};
  opt.reasons.baseline = baseline_method::given;
  opt.reasons.given = {1};
  CHECK_THROWS_WITH_AS(card_t(specs, -2, opt), "[credo.scorecard.size_mismatch] 1 given baselines for 2 characteristics",
                       credo::invalid_input);
  opt.reasons.given = {1, NaN};
  CHECK_THROWS_WITH_AS(card_t(specs, -2, opt), "[credo.scorecard.not_finite] given baseline 1 is not finite",
                       credo::invalid_input);
  opt = {};
  opt.reasons.baseline = baseline_method::mean_points;
  auto now = specs;
  now[1].weights.clear();
  CHECK_THROWS_WITH_AS(card_t(now, -2, opt),
                       "[credo.scorecard.no_weights] characteristic 'home': mean-points baselines need training "
                       "weights per bin",
                       credo::invalid_input);
}

TEST_CASE("training score distribution") {
  scorecard<> card(two_characteristics(), -2.0);
  CHECK_FALSE(card.training_distribution().has_value());
  card.set_score_distribution({{-std::numeric_limits<double>::infinity(), 530, 550, 570}, {10, 20, 5}});
  REQUIRE(card.training_distribution().has_value());
  CHECK(card.training_distribution()->counts == std::vector<double>{10, 20, 5});
  CHECK_THROWS_WITH_AS(card.set_score_distribution({{1, 2}, {1, 2}}),
                       "[credo.scorecard.bad_distribution] score distribution: 2 counts need 3 edges, got 2 (at least 2)",
                       credo::invalid_input);
  CHECK_THROWS_WITH_AS(card.set_score_distribution({{1, 3, 2}, {1, 2}}),
                       "[credo.scorecard.bad_distribution] score distribution: edge 2 is NaN or not above the previous edge",
                       credo::invalid_input);
  CHECK_THROWS_WITH_AS(card.set_score_distribution({{1, 2, 3}, {1, -2}}),
                       "[credo.scorecard.bad_distribution] score distribution: count 1 is not a finite number >= 0",
                       credo::invalid_input);
  CHECK(card.training_distribution()->counts == std::vector<double>{10, 20, 5});  // untouched
}
