// Model files: a saved and loaded card scores bit for bit like the original; damaged and
// hostile files give credo.model_file.* errors naming the JSON path; a failed save leaves an
// existing file untouched.
#include "card_options.hpp"
#include "card_fixture.hpp"

#include <credo/binning/fit.hpp>
#include <credo/io/csv.hpp>
#include <credo/io/model_file.hpp>
#include <credo/model/scorecard.hpp>

#include "german_credit.hpp"
#include "test_support.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <sys/resource.h>
#include <unistd.h>

#include <csignal>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

using namespace credo::model;
namespace fs = std::filesystem;

namespace {

std::vector<credo::binning::binning_table> stored_tables(const credo::table& t) {
  std::vector<credo::binning::binning_table> tables;
  tables.push_back(credo::binning::optimal(t, "duration"));
  tables.push_back(credo::binning::optimal(t, "credit_amount"));
  credo::binning::binning_options o;
  o.special_values = {19};  // an arbitrary special value: its bin is stored and restored
  tables.push_back(credo::binning::fixed_cuts(t, "age", {26, 35, 40}, o));
  o = {};
  o.unseen = credo::binning::unseen_category::riskiest_bin;
  tables.push_back(credo::binning::optimal(t, "checking_status", o));
  o.unseen = credo::binning::unseen_category::largest_bin;
  tables.push_back(credo::binning::optimal(t, "credit_history", o));
  tables.push_back(credo::binning::optimal(t, "purpose"));
  return tables;
}

const std::vector<double> betas{-0.71, -0.93, -0.55, -0.82, -0.77, -0.61};

struct temp_dir {
  fs::path path = fs::temp_directory_path() / ("credo_model_file_" + std::to_string(::getpid()));
  temp_dir() { fs::create_directories(path); }
  ~temp_dir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

template <class Card>
void check_round_trip(const Card& card, const credo::table& t, const fs::path& file) {
  credo::io::save_scorecard(card, file.string());
  const auto loaded = credo::io::load_scorecard<Card>(file.string());
  CHECK(loaded == card);
  const auto a = card.score(t), b = loaded.score(t);
  REQUIRE(a.size() == b.size());
  std::size_t differ = 0;
  for (std::size_t r = 0; r < a.size(); ++r)
    if (std::memcmp(&a[r].score, &b[r].score, sizeof a[r].score) != 0 || a[r].status != b[r].status) ++differ;
  CHECK(differ == 0);
  // Unseen labels go to the same fallback bin.
  for (std::size_t j = 0; j < card.size(); ++j)
    CHECK(loaded.characteristic(j).bins.unseen_bin() == card.characteristic(j).bins.unseen_bin());
}

nlohmann::json card_json() { return credo::io::scorecard_to_json(scorecard<>(credo::test::two_characteristics(), -2.0)); }

std::string load_error(const nlohmann::json& j) {
  try {
    (void)credo::io::scorecard_from_string<scorecard<>>(j.dump());
  } catch (const credo::io_error& e) {
    return e.what();
  }
  return "no error";
}

}  // namespace

TEST_CASE("German credit cards load back and score bit for bit") {
  const auto t = credo::test::german_credit();
  const auto tables = stored_tables(t);
  temp_dir dir;
  const auto file = dir.path / "card.json";
  SUBCASE("unrounded double card with a training score distribution") {
    auto card = scorecard<double>::from_tables(tables, betas, -0.8473, credo::test::card_options(rounding_method::none));
    card.set_score_distribution({{-std::numeric_limits<double>::infinity(), 450.5, 500.25, 550.125,
                                  std::numeric_limits<double>::infinity()},
                                 {100, 300.5, 400, 199.5}});
    check_round_trip(card, t, file);
  }
  SUBCASE("float card, separate base points, worst missing, mean baselines") {
    scorecard_options opt;
    opt.intercept = intercept_points::separate;
    opt.pdo = 40;
    opt.base_score = 500.5;
    opt.base_odds = 19.1;
    opt.reasons.baseline = baseline_method::mean_points;
    opt.reasons.max_reasons = 3;
    const auto card = scorecard<float>::from_tables(
        tables, betas, -0.8473, credo::test::card_options(rounding_method::largest_remainder, missing_action::worst, opt));
    check_round_trip(card, t, file);
  }
  SUBCASE("given baselines, missing_action::error") {
    scorecard_options opt;
    opt.reasons.baseline = baseline_method::given;
    opt.reasons.given = {100, 90, 80, 70, 60, 50.5};
    const auto card = scorecard<double>::from_tables(
        tables, betas, -0.8473, credo::test::card_options(rounding_method::nearest, missing_action::error, opt));
    check_round_trip(card, t, file);
  }
}

TEST_CASE("any rounding and missing option loads into the one card type") {
  for (const auto rounding : {rounding_method::none, rounding_method::nearest, rounding_method::largest_remainder})
    for (const auto missing : {missing_action::own_bin, missing_action::error, missing_action::worst}) {
      const scorecard<> card(credo::test::two_characteristics(), -2.0, credo::test::card_options(rounding, missing));
      const auto j = credo::io::scorecard_to_json(card);
      CHECK(j["rounding"] == to_string(rounding));
      CHECK(j["missing"] == to_string(missing));
      const auto loaded = credo::io::scorecard_from_json<scorecard<>>(j);
      CHECK(loaded.rounding() == rounding);
      CHECK(loaded.missing() == missing);
      CHECK(loaded == card);
    }
}

TEST_CASE("a failed save leaves the existing file untouched") {
  temp_dir dir;
  const auto file = (dir.path / "card.json").string();
  const scorecard<> card(credo::test::two_characteristics(), -2.0);
  {
    std::ofstream(file) << "the old content";
  }
  // Writes past 64 bytes fail (EFBIG) while the limit holds: the temporary file cannot be
  // written, so the save must fail without touching the old file.
  rlimit old{};
  REQUIRE(::getrlimit(RLIMIT_FSIZE, &old) == 0);
  auto old_handler = std::signal(SIGXFSZ, SIG_IGN);
  rlimit small = old;
  small.rlim_cur = 64;
  REQUIRE(::setrlimit(RLIMIT_FSIZE, &small) == 0);
  std::string message;
  try {
    credo::io::save_scorecard(card, file);
  } catch (const credo::io_error& e) {
    message = e.what();
  }
  ::setrlimit(RLIMIT_FSIZE, &old);
  std::signal(SIGXFSZ, old_handler);
  CHECK(message.rfind("[credo.io.write_failed] cannot write '" + file + "'", 0) == 0);
  std::ifstream in(file);
  std::stringstream s;
  s << in.rdbuf();
  CHECK(s.str() == "the old content");
  CHECK(std::distance(fs::directory_iterator(dir.path), fs::directory_iterator()) == 1);  // no temp file left
  // Without the limit the save replaces the file.
  credo::io::save_scorecard(card, file);
  CHECK(credo::io::load_scorecard<scorecard<>>(file) == card);
}

TEST_CASE("damaged and hostile files give errors that name the JSON path") {
  const std::string text = card_json().dump();
  CHECK_THROWS_WITH_AS(credo::io::scorecard_from_string<scorecard<>>(text.substr(0, text.size() / 2)),
                       "[credo.model_file.parse_error] (file): not valid JSON (damaged or truncated)", credo::io_error);
  CHECK_THROWS_WITH_AS(credo::io::scorecard_from_string<scorecard<>>("[1, 2]"),
                       "[credo.model_file.wrong_type] (root): expected an object, got array", credo::io_error);
  CHECK_THROWS_WITH_AS(credo::io::load_scorecard<scorecard<>>("/nonexistent/card.json"),
                       "[credo.model_file.open_failed] '/nonexistent/card.json': cannot open the file: No such file or directory",
                       credo::io_error);
  auto j = card_json();
  j["schema"] = "pmml/4.4";
  CHECK(load_error(j) == "[credo.model_file.unknown_schema] schema: 'pmml/4.4' is not a credo scorecard "
                         "('credo.scorecard/N')");
  j["schema"] = "credo.scorecard/2";
  CHECK(load_error(j) == "[credo.model_file.newer_version] schema: version 2 is newer than this build reads (1)");
  j["schema"] = "credo.scorecard/x";
  CHECK(load_error(j) == "[credo.model_file.unknown_schema] schema: 'credo.scorecard/x' has no version number");
  j = card_json();
  j["rounding"] = "banker";
  CHECK(load_error(j) ==
        "[credo.model_file.bad_value] rounding: 'banker' is not one of none, nearest, largest_remainder");
  j = card_json();
  j["missing"] = "mean";
  CHECK(load_error(j) == "[credo.model_file.bad_value] missing: 'mean' is not one of own_bin, error, worst");
  j = card_json();
  j["real"] = "float";
  CHECK(load_error(j) == "[credo.model_file.type_mismatch] real: the file's card has real 'float', the card type 'double'");
  j = card_json();
  j["characteristics"][1].erase("woe");
  CHECK(load_error(j) == "[credo.model_file.missing_key] characteristics[1].woe: missing");
  j = card_json();
  j["characteristics"][0]["coefficient"] = "-1";
  CHECK(load_error(j) == "[credo.model_file.wrong_type] characteristics[0].coefficient: expected a number, got string");
  j = card_json();
  j["characteristics"][0]["woe"][2] = nullptr;  // what a NaN becomes in JSON text
  CHECK(load_error(j) == "[credo.model_file.wrong_type] characteristics[0].woe[2]: expected a number, got null");
  j = card_json();
  j["intercept"] = std::numeric_limits<double>::quiet_NaN();
  CHECK_THROWS_WITH_AS(credo::io::scorecard_from_json<scorecard<>>(j),
                       "[credo.model_file.not_finite] intercept: the number is not finite", credo::io_error);
  j = card_json();
  j["characteristics"][0]["cuts"] = {1000, 500};
  CHECK(load_error(j) == "[credo.model_file.cuts_not_increasing] characteristics[0].cuts[1]: not above the previous "
                         "cut point");
  j = card_json();
  j["characteristics"][0]["woe"].push_back(0.1);
  CHECK(load_error(j) == "[credo.model_file.size_mismatch] characteristics[0].woe: 4 values for 3 bins");
  j = card_json();
  j["characteristics"][0]["weights"] = {1};
  CHECK(load_error(j) == "[credo.model_file.size_mismatch] characteristics[0].weights: 1 values for 3 bins");
  j = card_json();
  j["characteristics"][1]["points"].erase(0);
  CHECK(load_error(j) == "[credo.model_file.size_mismatch] characteristics[1].points: 2 values for 3 bins");
  j = card_json();
  j["characteristics"][0]["woe"] = std::vector<double>(100003, 0.0);
  CHECK(load_error(j) ==
        "[credo.model_file.too_large] characteristics[0].woe: 100003 elements, more than the limit 100002");
  j = card_json();
  j["characteristics"][1]["groups"] = {{"rent"}, {"own", "rent"}};
  CHECK(load_error(j) == "[credo.model_file.bad_bins] characteristics[1]: [credo.binning.duplicate_label] column "
                         "'home': label 'rent' is in more than one group");
  j = card_json();
  j["characteristics"][1]["unseen_bin"] = 0;  // the missing_bin policy always picks the missing bin
  CHECK(load_error(j) == "[credo.model_file.bad_value] characteristics[1].unseen_bin: 0 is not a bin the unseen "
                         "policy 'missing_bin' can choose");
  j = card_json();
  j["characteristics"][1]["unseen_bin"] = -1;
  CHECK(load_error(j) == "[credo.model_file.bad_value] characteristics[1].unseen_bin: expected a whole number >= 0");
  j = card_json();
  j["reasons"]["baseline"] = "median";
  CHECK(load_error(j) == "[credo.model_file.bad_value] reasons.baseline: 'median' is not one of max_points, "
                         "mean_points, given");
  j = card_json();
  j["characteristics"][0]["kind"] = "text";
  CHECK(load_error(j) == "[credo.model_file.bad_value] characteristics[0].kind: 'text' is not one of numeric, "
                         "categorical");
  j = card_json();
  j["characteristics"][0]["points"][1] = 286;
  CHECK(load_error(j) == "[credo.model_file.points_mismatch] characteristics[0].points[1]: stored 286, computed 287");
  j = card_json();
  j["scaling"]["pdo"] = -20;
  CHECK(load_error(j) == "[credo.model_file.bad_model] (root): [credo.scorecard.bad_option] pdo = -20 is not a "
                         "finite number > 0");
  j = card_json();
  j["characteristics"][1]["name"] = "income";
  CHECK(load_error(j) == "[credo.model_file.bad_model] (root): [credo.scorecard.duplicate_characteristic] "
                         "characteristic 'income' is named twice");
  j = card_json();
  j["score_distribution"] = {{"edges", {1, "inf"}}, {"counts", {1, 2}}};
  CHECK(load_error(j) == "[credo.model_file.bad_model] (root): [credo.scorecard.bad_distribution] score "
                         "distribution: 2 counts need 3 edges, got 2 (at least 2)");
  j = card_json();
  j["score_distribution"] = {{"edges", {1, "huge"}}, {"counts", {1}}};
  CHECK(load_error(j) == "[credo.model_file.wrong_type] score_distribution.edges[1]: expected a number, got string");
  j = card_json();
  j["reasons"]["max_reasons"] = 5000;
  CHECK(load_error(j) == "[credo.model_file.bad_value] reasons.max_reasons: 5000 is above the limit 1000");
  credo::io::model_file_limits small;
  small.max_file_bytes = 10;
  CHECK_THROWS_WITH_AS(credo::io::scorecard_from_string<scorecard<>>(text, small),
                       ("[credo.model_file.too_large] (file): " + std::to_string(text.size()) +
                        " bytes, more than the limit 10")
                           .c_str(),
                       credo::io_error);
}

TEST_CASE("every truncation of a valid file is refused, never half-loaded") {
  const std::string text = card_json().dump();
  std::size_t refused = 0;
  for (std::size_t n = 0; n < text.size(); ++n) {
    try {
      (void)credo::io::scorecard_from_string<scorecard<>>(text.substr(0, n));
    } catch (const credo::io_error&) {
      ++refused;
    }
  }
  CHECK(refused == text.size());
  CHECK(credo::io::scorecard_from_string<scorecard<>>(text) == scorecard<>(credo::test::two_characteristics(), -2.0));
}
