// The bad-input matrix of docs/reliability.md, one case each, through the public entry points
// a user calls first (CSV, binning, the workflow, the scorer, metrics, model files). Each case
// gets an id'd error or a documented result; the id is what callers match on.
#include <credo/binning/woe_encoder.hpp>
#include <credo/engine/batch_scorer.hpp>
#include <credo/io/atomic_file.hpp>
#include <credo/io/csv.hpp>
#include <credo/io/model_file.hpp>
#include <credo/metrics/auc.hpp>
#include <credo/model/logistic_regression.hpp>
#include <credo/model/workflow.hpp>

#include <doctest/doctest.h>

#include "test_support.hpp"

#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>
#include <limits>
#include <sstream>

namespace {

/// The id of the credo error `f` throws, or "" when it throws nothing.
std::string id_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const credo::error_info& e) {
    return e.id();
  }
  return "";
}

constexpr double inf = std::numeric_limits<double>::infinity();
constexpr double not_a_number = std::numeric_limits<double>::quiet_NaN();

/// A small labelled table: x rises with risk, c has three categories.
credo::table small(std::size_t n = 400) {
  std::vector<double> x(n);
  std::vector<std::string> c(n);
  std::vector<std::uint8_t> y(n);
  for (std::size_t r = 0; r < n; ++r) {
    x[r] = static_cast<double>(r % 100);
    c[r] = r % 3 == 0 ? "a" : r % 3 == 1 ? "b" : "c";
    const double shift = r % 3 == 0 ? 20 : r % 3 == 1 ? 0 : -20;  // c carries risk too
    y[r] = static_cast<double>(r * 7919 % 100) < x[r] + shift ? 1 : 0;
  }
  credo::table t;
  t.add(credo::column::numeric("x", x));
  t.add(credo::column::categorical_from_labels("c", c));
  t.set_target(y);
  return t;
}

}  // namespace

TEST_CASE("NaN and infinities: features bin, labels and weights are refused, scores are refused") {
  // A NaN feature is missing: it goes to the missing bin. ±inf are values at the ends.
  auto t = small();
  credo::table u;
  std::vector<double> x(t["x"].values().begin(), t["x"].values().end());
  x[0] = not_a_number;
  x[1] = inf;
  x[2] = -inf;
  u.add(credo::column::numeric("x", x));
  u.set_target(std::vector<std::uint8_t>(t.target().begin(), t.target().end()));
  credo::binning::woe_encoder e;
  e.fit(u);
  const auto& b = e.bins_of("x");
  CHECK(b.bin_of(not_a_number) == b.missing_bin());
  CHECK(b.bin_of(inf) == b.regular() - 1);
  CHECK(b.bin_of(-inf) == 0);
  // Labels: a NaN in a numeric target column is a missing target.
  credo::table v;
  v.add(credo::column::numeric("y", {0, not_a_number, 1}));
  CHECK(id_of([&] { v.set_target("y", "1"); }) == "credo.table.missing_target");
  // Weights: NaN, infinite or negative weights are refused by the table.
  CHECK(id_of([&] { t.set_weights(std::vector<double>(t.rows(), inf)); }) == "credo.table.bad_weight");
  CHECK(id_of([&] { t.set_weights(std::vector<double>(t.rows(), -1.0)); }) == "credo.table.bad_weight");
  // Scores: a NaN score is refused by every metric.
  credo::metrics::auc<double> a(credo::metrics::direction::higher_is_safer);
  CHECK(id_of([&] { a(not_a_number, true); }) == "credo.metrics.nan_score");
  // The logistic model refuses non-finite inputs, naming the row and column.
  Eigen::MatrixXd m(3, 1);
  m << 1, inf, 3;
  Eigen::VectorXd yy(3);
  yy << 0, 1, 0;
  credo::model::logistic_regression<> lr;
  CHECK(id_of([&] { lr.fit(m, yy, {"x"}); }) == "credo.model.not_finite");
}

TEST_CASE("zero rows, one row, one class") {
  credo::table empty;
  empty.add(credo::column::numeric("x", {}));
  empty.set_target(std::vector<std::uint8_t>{});
  CHECK(id_of([&] { credo::model::fit_scorecard(empty); }) == "credo.binning.empty_table");
  credo::table one;
  one.add(credo::column::numeric("x", {1.0}));
  one.set_target(std::vector<std::uint8_t>{1});
  CHECK(id_of([&] { credo::model::fit_scorecard(one); }) == "credo.binning.no_non_events");
  auto t = small();
  credo::table all_good;
  all_good.add(credo::column::numeric("x", std::vector<double>(t["x"].values().begin(), t["x"].values().end())));
  all_good.set_target(std::vector<std::uint8_t>(t.rows(), 0));
  CHECK(id_of([&] { credo::model::fit_scorecard(all_good); }) == "credo.binning.no_events");
  credo::metrics::auc<double> a(credo::metrics::direction::higher_is_safer);
  a(1.0, true);
  CHECK(id_of([&] { (void)a.value(); }) == "credo.metrics.no_goods");
}

TEST_CASE("a perfectly separable column: binning keeps WoE finite, the unpenalised fit reports separation") {
  std::vector<double> x(200);
  std::vector<std::uint8_t> y(200);
  for (std::size_t r = 0; r < 200; ++r) {
    x[r] = static_cast<double>(r);
    y[r] = r >= 100 ? 1 : 0;
  }
  Eigen::MatrixXd m(200, 1);
  for (std::size_t r = 0; r < 200; ++r) m(static_cast<Eigen::Index>(r), 0) = x[r];
  credo::model::logistic_regression<> lr;
  CHECK(lr.fit(m, std::span<const std::uint8_t>(y), {"x"}) == credo::model::fit_status::separation);
  CHECK(lr.message().find("'x'") != std::string::npos);
  // With L2 the fit is defined.
  credo::model::logistic_regression<double, credo::model::penalty::l2> l2(credo::model::penalty::l2{1.0});
  CHECK(l2.fit(m, std::span<const std::uint8_t>(y), {"x"}) == credo::model::fit_status::success);
  // Binning never makes a bin without goods or bads: a separable column ends in one bin.
  credo::table t;
  t.add(credo::column::numeric("x", x));
  t.set_target(y);
  credo::binning::woe_encoder e;
  e.fit(t);
  for (const auto& row : e.table_of("x").rows()) CHECK(std::isfinite(row.woe));
  // ... and says so: the one bin is flagged as separating the target, not passed as useless.
  CHECK(e.table_of("x").separates());
  CHECK(e.table_of("x").warnings().front().starts_with("separates the target"));
}

TEST_CASE("CSV numbers: beyond range as strtod reads them, damaged numeric columns refused, invalid UTF-8 refused") {
  const auto t = credo::io::parse_csv("x\n1e400\n1e-400\n2\n");
  CHECK(t["x"].is_numeric());
  CHECK(t["x"].values()[0] == inf);
  CHECK(t["x"].values()[1] == 0.0);
  CHECK(id_of([] { credo::io::parse_csv("x\n1\n2\n0x10\n"); }) == "credo.csv.mixed_column");
  CHECK(id_of([] { credo::io::parse_csv("x\n1\n2\n\"1,234\"\n"); }) == "credo.csv.mixed_column");
  CHECK(id_of([] { credo::io::parse_csv("x\nab\xff\n"); }) == "credo.csv.invalid_utf8");
  credo::io::csv_options opt;
  opt.target = "y";
  opt.bad_value = "B";
  CHECK(id_of([&] { credo::io::parse_csv("x,y\n1,b\n2,g\n", opt); }) == "credo.csv.bad_value_absent");
  opt.bad_value = "b";
  opt.weight = "w";
  CHECK(id_of([&] { credo::io::parse_csv("x,y,w\n1,b,0\n2,g,0\n", opt); }) == "credo.csv.zero_weights");
}

TEST_CASE("outputs: a read-only file is refused by its mode (root included), a symbolic link is kept") {
  const auto dir = std::filesystem::temp_directory_path() / "credo_reliability_outputs";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  const auto ro = (dir / "ro.csv").string();
  credo::io::write_file_atomic(ro, "keep");
  std::filesystem::permissions(ro, std::filesystem::perms::owner_read);
  CHECK(id_of([&] { credo::io::write_file_atomic(ro, "lost"); }) == "credo.io.read_only");
  CHECK(std::filesystem::file_size(ro) == 4);
  std::filesystem::create_symlink("target.csv", dir / "link.csv");
  credo::io::write_file_atomic((dir / "link.csv").string(), "through the link");
  CHECK(std::filesystem::is_symlink(dir / "link.csv"));
  CHECK(std::filesystem::file_size(dir / "target.csv") == 16);
  std::filesystem::permissions(ro, std::filesystem::perms::owner_all);
  std::filesystem::remove_all(dir);
}

TEST_CASE("collinear and constant columns") {
  auto t = small();
  Eigen::MatrixXd m(static_cast<Eigen::Index>(t.rows()), 2);
  for (std::size_t r = 0; r < t.rows(); ++r) {
    m(static_cast<Eigen::Index>(r), 0) = t["x"].values()[r];
    m(static_cast<Eigen::Index>(r), 1) = 2 * t["x"].values()[r] + 1;
  }
  credo::model::logistic_regression<> lr;
  CHECK(lr.fit(m, t.target(), {"x", "x2"}) == credo::model::fit_status::singular);
  CHECK(lr.message().find("'x2'") != std::string::npos);
  credo::table c;
  c.add(credo::column::numeric("k", std::vector<double>(t.rows(), 5.0)));
  c.set_target(std::vector<std::uint8_t>(t.target().begin(), t.target().end()));
  CHECK(id_of([&] { credo::model::fit_scorecard(c); }) == "credo.binning.constant_column");
}

TEST_CASE("categories unseen in training and huge magnitudes are scored, never garbage") {
  auto t = small();
  const auto f = credo::model::fit_scorecard(t);
  const auto& card = f.card;
  const auto j = *card.find("c");
  const auto& bins = card.characteristic(j).bins;
  const auto unseen = card.score({credo::model::input(50.0), credo::model::input("never seen")});
  const auto missing = card.score({credo::model::input(50.0), credo::model::input::missing()});
  REQUIRE(unseen.ok());
  CHECK(bins.bin_of(std::string_view("never seen")) == bins.unseen_bin());
  CHECK(unseen.score == missing.score);  // default fallback: the missing bin
  const auto huge = card.score({credo::model::input(1e300), credo::model::input("a")});
  const auto large = card.score({credo::model::input(99.0), credo::model::input("a")});
  REQUIRE(huge.ok());
  CHECK(huge.score == large.score);  // both in the last bin
  // The batch scorer agrees on huge and non-finite values, with a status instead of a throw.
  const auto scorer = credo::engine::batch_scorer<double>::compile(card);
  const double code_a = scorer.category_code(j, "a");
  std::vector<double> row{1e300, code_a};
  if (j == 0) std::swap(row[0], row[1]);
  const auto r = scorer.score_one(std::span<const double>(row));
  CHECK(r.ok());
  CHECK(r.score == huge.score);
}

TEST_CASE("wrong column counts, truncated, damaged and hostile files") {
  CHECK(id_of([] { credo::io::parse_csv("a,b\n1,2,3\n"); }) == "credo.csv.field_count");
  const auto f = credo::model::fit_scorecard(small());
  const std::string good = credo::io::scorecard_to_string(f.card);
  CHECK(id_of([&] { credo::io::scorecard_from_string(good.substr(0, good.size() / 2)); }) ==
        "credo.model_file.parse_error");
  std::string damaged = good;
  const auto at = damaged.find("\"woe\"");
  REQUIRE(at != std::string::npos);
  damaged.replace(at, 5, "\"wox\"");
  CHECK(id_of([&] { credo::io::scorecard_from_string(damaged); }).rfind("credo.model_file.", 0) == 0);
  CHECK(id_of([] { credo::io::scorecard_from_string("[1, 2, 3]"); }).rfind("credo.model_file.", 0) == 0);
  CHECK(id_of([] { credo::io::scorecard_from_string(std::string(100, '[')); }) == "credo.model_file.parse_error");
  // A file from a newer schema version is refused, not half-read.
  std::string newer = good;
  const auto v = newer.find("credo.scorecard/1");
  REQUIRE(v != std::string::npos);
  newer.replace(v, 17, "credo.scorecard/999");
  CHECK(id_of([&] { credo::io::scorecard_from_string(newer); }) == "credo.model_file.newer_version");
}

TEST_CASE("nothing is half-written: a failed save leaves the old model file") {
  const auto dir = std::filesystem::temp_directory_path() / "credo_reliability";
  std::filesystem::create_directories(dir);
  const auto path = (dir / "model.json").string();
  const auto f = credo::model::fit_scorecard(small());
  credo::io::save_scorecard(f.card, path);
  const auto before = std::filesystem::file_size(path);
  CHECK(id_of([&] { credo::io::save_scorecard(f.card, (dir / "no_such_dir" / "m.json").string()); }) ==
        "credo.io.write_failed");
  CHECK(std::filesystem::file_size(path) == before);
  const auto back = credo::io::load_scorecard(path);
  CHECK(back == f.card);
}
