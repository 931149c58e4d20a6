// The batch scorer gives the scorecard's scores bit for bit, on every input layout and type,
// on pre-binned codes, and on 1, 2 or 8 threads; rows it cannot score get a status.
#include "card_options.hpp"
#include "engine_fixture.hpp"

#include <credo/engine/batch_scorer.hpp>
#include <credo/model/logistic_regression.hpp>
#include <credo/model/scorecard.hpp>

#include <doctest/doctest.h>

#include <array>
#include <cmath>
#include <cstring>
#include <limits>
#include <random>
#include <vector>

using namespace credo::model;
using credo::engine::batch_output;
using credo::engine::batch_options;
using credo::engine::batch_scorer;
using credo::engine::input_view;
using credo::engine::layout;
using credo::engine::model_binding;

namespace {
constexpr double NaN = std::numeric_limits<double>::quiet_NaN();

template <class Real>
bool same_bits(const std::vector<Real>& a, const std::vector<Real>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(Real)) == 0;
}

template <class Card>
std::vector<double> card_scores(const Card& card, const credo::table& t) {
  std::vector<double> s;
  for (const auto& r : card.score(t)) s.push_back(r.score);
  return s;
}
}  // namespace

TEST_CASE("German card: every layout and input type gives the scorecard's bits") {
  const auto t = credo::test::german_credit();
  const scorecard<double> card(credo::test::german_specs(t), -0.85, credo::test::card_options(rounding_method::none));
  const auto expected = card_scores(card, t);
  const auto scorer = batch_scorer<double>::compile(card);
  const std::size_t n = t.rows();
  for (auto order : {layout::column_major, layout::row_major}) {
    std::vector<double> got(n);
    const auto xd = scorer.encode<double>(t, order);
    CHECK(scorer.score(input_view<double>{xd, n, order}, {.scores = got}) == 0);
    CHECK(same_bits(got, expected));
    // Float input: the German values are whole numbers and codes, exact in float.
    const auto xf = scorer.encode<float>(t, order);
    std::fill(got.begin(), got.end(), 0.0);
    CHECK(scorer.score(input_view<float>{xf, n, order}, {.scores = got}) == 0);
    CHECK(same_bits(got, expected));
  }
  // Pre-binned codes, column-major (the scorecard's bin_codes) and row-major.
  const auto codes = card.bin_codes(t);
  std::vector<double> got(n);
  CHECK(scorer.score_bins(input_view<std::uint32_t>{codes, n, layout::column_major}, {.scores = got}) == 0);
  CHECK(same_bits(got, expected));
  std::vector<std::uint8_t> rm(codes.size());
  for (std::size_t r = 0; r < n; ++r)
    for (std::size_t j = 0; j < card.size(); ++j) rm[r * card.size() + j] = static_cast<std::uint8_t>(codes[j * n + r]);
  std::fill(got.begin(), got.end(), 0.0);
  CHECK(scorer.score_bins(input_view<std::uint8_t>{rm, n, layout::row_major}, {.scores = got}) == 0);
  CHECK(same_bits(got, expected));
}

TEST_CASE("results are identical on 1, 2 and 8 threads, with reason codes") {
  const auto specs = credo::test::wide_specs(30);
  const scorecard<float> card(specs, -1.3);
  const auto scorer = batch_scorer<float>::compile(card);
  const std::size_t n = 20000, m = scorer.size(), k = scorer.max_reasons();
  std::mt19937 rng(7);
  std::normal_distribution<float> z;
  std::vector<float> x(n * m);
  for (auto& v : x) v = z(rng);
  for (std::size_t i = 0; i < x.size(); i += 97) x[i] = std::numeric_limits<float>::quiet_NaN();
  std::vector<float> s1(n), s2(n), s8(n);
  std::vector<reason_code> r1(n * k), r8(n * k);
  std::vector<std::uint8_t> c1(n), c8(n);
  scorer.score(input_view<float>{x, n}, {.scores = s1, .reasons = r1, .reason_counts = c1}, {.threads = 1});
  scorer.score(input_view<float>{x, n}, {.scores = s2}, {.threads = 2, .min_rows_per_thread = 16});
  scorer.score(input_view<float>{x, n}, {.scores = s8, .reasons = r8, .reason_counts = c8},
               {.threads = 8, .min_rows_per_thread = 16});
  CHECK(same_bits(s1, s2));
  CHECK(same_bits(s1, s8));
  CHECK(r1 == r8);
  CHECK(c1 == c8);
  // Each row as the scorecard scores it, reasons included.
  std::size_t differ = 0;
  std::vector<input> row(m, 0.0);
  std::array<reason_code, 4> why{};
  for (std::size_t r = 0; r < n; ++r) {
    for (std::size_t j = 0; j < m; ++j) row[j] = input(x[j * n + r]);
    const auto ref = card.score(row, why);
    if (ref.score != s1[r] || ref.reasons != c1[r]) ++differ;
    for (std::size_t q = 0; q < ref.reasons; ++q)
      if (!(why[q] == r1[r * k + q])) ++differ;
  }
  CHECK(differ == 0);
}

TEST_CASE("float input is binned like the same number in double, next to every cut") {
  // Cuts that no float represents: x >= c must hold for a float x exactly when it holds for
  // double(x).
  std::vector<characteristic_spec> specs{{"a", credo::binning::bins::numeric({0.1, 1400.3, 1e10 / 3}, {0.7}),
                                          {-0.3, -0.1, 0.2, 0.4, 0.9, 0.0}, -0.8, {}}};
  const scorecard<double> card(specs, -1.0, credo::test::card_options(rounding_method::none));
  const auto scorer = batch_scorer<double>::compile(card);
  std::vector<float> x;
  for (double c : {0.1, 1400.3, 1e10 / 3, 0.7}) {
    float f = static_cast<float>(c);
    for (int step = 0; step < 3; ++step) f = std::nextafter(f, -INFINITY);
    for (int step = 0; step < 7; ++step, f = std::nextafter(f, INFINITY)) x.push_back(f);
  }
  x.push_back(std::numeric_limits<float>::infinity());
  x.push_back(-std::numeric_limits<float>::infinity());
  x.push_back(std::numeric_limits<float>::quiet_NaN());
  std::vector<double> got(x.size());
  scorer.score(input_view<float>{x, x.size()}, {.scores = got});
  for (std::size_t i = 0; i < x.size(); ++i) {
    INFO("x = ", x[i]);
    CHECK(got[i] == card.score({static_cast<double>(x[i])}).score);
  }
}

TEST_CASE("the column-major kernel gives the row-major path's bits for any mix of terms") {
  // The column-major kernel scores runs of up to three plain numeric terms (no special value,
  // at most 15 cuts) in one pass, padding the shorter ones; every other term goes its own
  // way. Random cards of 0..20 cuts with some special values, random values on and next to
  // the cuts, NaN, ±inf, against the row-major path, which bins one value at a time.
  std::mt19937_64 rng(20261127);
  for (int trial = 0; trial < 40; ++trial) {
    std::vector<characteristic_spec> specs;
    const auto m = std::uniform_int_distribution<std::size_t>(1, 11)(rng);
    std::vector<std::vector<double>> cuts_of(m);
    for (std::size_t j = 0; j < m; ++j) {
      const auto n_cuts = std::uniform_int_distribution<std::size_t>(0, 20)(rng);
      std::vector<double> cuts;
      double c = -3;
      for (std::size_t k = 0; k < n_cuts; ++k) cuts.push_back(c += std::uniform_real_distribution<>(0.05, 0.6)(rng));
      std::vector<double> specials;
      if (rng() % 4 == 0) specials.push_back(-99);
      cuts_of[j] = cuts;
      const auto bins = credo::binning::bins::numeric(cuts, specials);
      std::vector<double> woe(bins.size());
      for (auto& w : woe) w = std::uniform_real_distribution<>(-1.5, 1.5)(rng);
      specs.push_back({"x" + std::to_string(j), bins, woe, std::uniform_real_distribution<>(-1, 1)(rng), {}});
    }
    const scorecard<double> card(specs, 0.3, credo::test::card_options(rounding_method::none));
    const auto scorer = batch_scorer<float>::compile(card);
    const std::size_t n = 3000;  // not a multiple of the 8 lanes
    std::vector<float> col(n * m), row(n * m);
    for (std::size_t j = 0; j < m; ++j)
      for (std::size_t r = 0; r < n; ++r) {
        float v;
        const auto kind = rng() % 20;
        if (kind == 0) v = std::numeric_limits<float>::quiet_NaN();
        else if (kind == 1) v = -99;
        else if (kind == 2) v = (rng() % 2 ? 1 : -1) * std::numeric_limits<float>::infinity();
        else if (kind < 8 && !cuts_of[j].empty()) v = static_cast<float>(cuts_of[j][rng() % cuts_of[j].size()]);
        else v = std::uniform_real_distribution<float>(-4, 10)(rng);
        col[j * n + r] = v;
        row[r * m + j] = v;
      }
    std::vector<float> by_column(n), by_row(n);
    CHECK(scorer.score(input_view<float>{col, n, layout::column_major}, {.scores = by_column}) == 0);
    CHECK(scorer.score(input_view<float>{row, n, layout::row_major}, {.scores = by_row}) == 0);
    INFO("trial ", trial, ", ", m, " terms");
    CHECK(same_bits(by_column, by_row));
  }
}

TEST_CASE("rows that cannot be scored get a status; the batch goes on") {
  const auto t = credo::test::german_credit();
  const scorecard<double> card(credo::test::german_specs(t), -0.85,
                               credo::test::card_options(rounding_method::nearest, missing_action::error));
  const auto scorer = batch_scorer<double>::compile(card);
  const std::size_t n = 300, m = card.size();
  auto x = scorer.encode<double>(t.take(std::vector<std::size_t>(n, 0)), layout::row_major);
  x[5 * m + 0] = NaN;  // row 5: duration missing
  x[7 * m + 3] = NaN;  // row 7: checking_status missing
  x[9 * m + 5] = 99;   // row 9: an unseen purpose; its fallback is the riskiest bin, no error
  std::vector<double> s(n);
  std::vector<score_status> st(n);
  CHECK(scorer.score(input_view<double>{x, n, layout::row_major}, {.scores = s, .status = st}) == 2);
  CHECK(st[5] == score_status::missing_value);
  CHECK(st[7] == score_status::missing_value);
  CHECK(std::isnan(s[5]));
  CHECK(st[9] == score_status::ok);
  CHECK(st[0] == score_status::ok);
  CHECK(s[0] == card.score(t, 0).score);
  // Column-major goes through the vectorised kernel for numeric characteristics.
  std::vector<double> cm(n * m);
  for (std::size_t r = 0; r < n; ++r)
    for (std::size_t j = 0; j < m; ++j) cm[j * n + r] = x[r * m + j];
  std::vector<double> s2(n);
  std::vector<score_status> st2(n);
  CHECK(scorer.score(input_view<double>{cm, n}, {.scores = s2, .status = st2}) == 2);
  CHECK(st2 == st);
  CHECK(std::memcmp(s.data(), s2.data(), n * sizeof(double)) == 0);
  // Codes out of range.
  std::vector<std::uint16_t> codes(2 * m, 0);
  codes[m + 2] = 500;
  std::vector<double> s3(2);
  std::vector<score_status> st3(2);
  CHECK(scorer.score_bins(input_view<std::uint16_t>{codes, 2, layout::row_major}, {.scores = s3, .status = st3}) == 1);
  CHECK(st3[0] == score_status::ok);
  CHECK(st3[1] == score_status::bad_code);
  const std::array<int, 7> neg{0, 0, -1, 0, 0, 0, 0};
  const auto one = scorer.score_one_bins(std::span<const int>(neg));
  CHECK(one.status == score_status::bad_code);
  CHECK(one.characteristic == 2);
}

TEST_CASE("a logistic model on raw columns") {
  const std::array<double, 2> beta{0.02, -0.5};
  const auto scorer = batch_scorer<double>::linear({"age", "income"}, beta, -1.5);
  const double F = 20 / std::log(2.0), O = 600 - F * std::log(50.0);
  // score = Offset - Factor (alpha + 0.02 age - 0.5 income)
  const std::array<double, 2> a{40.0, 3.0};
  const auto r = scorer.score_one(std::span<const double>(a));
  CHECK(r.score == doctest::Approx(O - F * (-1.5 + 0.02 * 40 - 0.5 * 3)).epsilon(1e-13));
  CHECK(scorer.pd_from_score(r.score) == doctest::Approx(1 / (1 + std::exp(1.5 - 0.8 + 1.5))).epsilon(1e-12));
  const std::vector<double> x{40, 3, NaN, 1, 25, std::numeric_limits<double>::infinity()};
  std::vector<double> s(3);
  std::vector<score_status> st(3);
  CHECK(scorer.score(input_view<double>{x, 3, layout::row_major}, {.scores = s, .status = st}) == 2);
  CHECK(s[0] == r.score);
  CHECK(st[1] == score_status::not_finite);
  CHECK(st[2] == score_status::not_finite);
  const std::vector<std::uint8_t> codes{0, 1};
  std::vector<score_status> st1(1);
  std::vector<double> s1(1);
  scorer.score_bins(input_view<std::uint8_t>{codes, 1}, {.scores = s1, .status = st1});
  CHECK(st1[0] == score_status::bad_code);  // a linear term has no bins
  CHECK_THROWS_WITH_AS(batch_scorer<double>::linear({"a"}, beta, 0.0),
                       "[credo.engine.size_mismatch] 2 coefficients for 1 names", credo::invalid_input);
  const std::array<double, 1> inf{INFINITY};
  CHECK_THROWS_WITH_AS(batch_scorer<double>::linear({"a"}, inf, 0.0),
                       "[credo.engine.not_finite] the coefficient of 'a' is not finite", credo::invalid_input);
}

TEST_CASE("buffers that do not fit are refused before any work") {
  const scorecard<> card(credo::test::wide_specs(3), -1.0);
  const auto scorer = batch_scorer<double>::compile(card);
  std::vector<float> x(3 * 10, 0.0f);
  std::vector<double> s(9);
  CHECK_THROWS_WITH_AS(scorer.score(input_view<float>{x, 10}, {.scores = s}),
                       "[credo.engine.size_mismatch] the score buffer has 9 places for 10 rows", credo::invalid_input);
  s.resize(10);
  CHECK_THROWS_WITH_AS(scorer.score(input_view<float>{x, 11}, {.scores = s}),
                       "[credo.engine.size_mismatch] the input has 30 values for 11 rows of 3 characteristics",
                       credo::invalid_input);
  std::vector<reason_code> why(5);
  std::vector<std::uint8_t> counts(10);
  CHECK_THROWS_WITH_AS(scorer.score(input_view<float>{x, 10}, {.scores = s, .reasons = why, .reason_counts = counts}),
                       "[credo.engine.size_mismatch] the reason buffers need 40 codes and 10 counts",
                       credo::invalid_input);
  std::vector<score_status> st(3);
  CHECK_THROWS_WITH_AS(scorer.score(input_view<float>{x, 10}, {.scores = s, .status = st}),
                       "[credo.engine.size_mismatch] the status buffer has 3 places for 10 rows", credo::invalid_input);
  credo::table t;
  t.add(credo::column::numeric("x0", {1.0}));
  CHECK_THROWS_WITH_AS(scorer.encode(t), "[credo.engine.unknown_column] characteristic 'x1' has no column in the table",
                       credo::invalid_input);
  t.add(credo::column::categorical_from_labels("x1", {"a"}));
  CHECK_THROWS_WITH_AS(scorer.encode(t), "[credo.engine.wrong_kind] characteristic 'x1' needs a numeric column",
                       credo::invalid_input);
}

TEST_CASE("a raw-column scorer from credo's logistic regression gives the model's PD") {
  const auto t = credo::test::german_credit();
  const std::vector<std::string> cols{"duration", "credit_amount", "age", "installment_commitment"};
  logistic_regression<> m;
  REQUIRE(m.fit(t, cols) == fit_status::success);
  const auto scorer = batch_scorer<double>::linear(m);
  const auto x = scorer.encode<double>(t);
  std::vector<double> s(t.rows());
  CHECK(scorer.score(input_view<double>{x, t.rows()}, {.scores = s}) == 0);
  Eigen::MatrixXd xm(static_cast<Eigen::Index>(t.rows()), static_cast<Eigen::Index>(cols.size()));
  for (std::size_t j = 0; j < cols.size(); ++j)
    for (std::size_t r = 0; r < t.rows(); ++r)
      xm(static_cast<Eigen::Index>(r), static_cast<Eigen::Index>(j)) = t[cols[j]].values()[r];
  const Eigen::VectorXd pd = m.predict_proba(xm);
  for (std::size_t r = 0; r < t.rows(); ++r)
    CHECK(scorer.pd_from_score(s[r]) == doctest::Approx(pd[static_cast<Eigen::Index>(r)]).epsilon(1e-10));
}

TEST_CASE("score_one of a plain card (cut points only) gives the scorecard's bits and reasons") {
  // A card whose terms are all numeric without special values takes score_one's plain loop
  // (the engine's cards do); terms with 1, 5 and 9 cut points, values on, next to and between
  // the cuts, NaN and infinities, in double and in float.
  auto specs = credo::test::wide_specs(6);
  characteristic_spec one;
  one.name = "one_cut";
  one.bins = credo::binning::bins::numeric({0.25});
  one.woe = {0.4, -0.6, 0.1};
  one.coefficient = -0.7;
  one.weights = {5, 5, 0};
  specs.push_back(one);
  characteristic_spec nine;
  nine.name = "nine_cuts";
  nine.bins = credo::binning::bins::numeric({-2, -1.5, -1, -0.5, 0, 0.5, 1, 1.5, 2});
  nine.woe = {-0.5, -0.4, -0.3, -0.2, -0.1, 0.1, 0.2, 0.3, 0.4, 0.5, -0.05};
  nine.coefficient = -0.4;
  nine.weights = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0};
  specs.push_back(nine);
  const scorecard<double> card(specs, -1.1);
  const std::size_t m = card.size();
  const auto scorer = batch_scorer<double>::compile(card);
  std::mt19937_64 rng(7);
  std::vector<double> candidates = {NaN, std::numeric_limits<double>::infinity(),
                                    -std::numeric_limits<double>::infinity(), 0.0, -0.0};
  for (double c : {-2.0, -1.5, -1.0, -0.5, -0.3, 0.0, 0.25, 0.4, 0.5, 1.0, 1.1, 1.5, 2.0}) {
    candidates.push_back(c);
    candidates.push_back(std::nextafter(c, -10.0));
    candidates.push_back(std::nextafter(c, 10.0));
  }
  std::size_t rows_with_reasons = 0;
  for (int row = 0; row < 2000; ++row) {
    std::vector<double> x(m);
    std::vector<float> xf(m);
    std::vector<input> in, in_f;
    for (std::size_t j = 0; j < m; ++j) {
      x[j] = row % 3 == 0 ? std::uniform_real_distribution<double>(-3, 3)(rng) : candidates[rng() % candidates.size()];
      xf[j] = static_cast<float>(x[j]);
      in.emplace_back(x[j]);
      in_f.emplace_back(static_cast<double>(xf[j]));
    }
    std::array<reason_code, 4> got{}, want{};
    const auto a = scorer.score_one(std::span<const double>(x), got);
    const auto b = card.score(std::span<const input>(in), want);
    REQUIRE(a.ok());
    REQUIRE(std::memcmp(&a.score, &b.score, sizeof(double)) == 0);
    REQUIRE(a.reasons == b.reasons);
    REQUIRE(got == want);
    rows_with_reasons += a.reasons > 0;
    std::array<reason_code, 4> got_f{}, want_f{};
    const auto af = scorer.score_one(std::span<const float>(xf), got_f);
    const auto bf = card.score(std::span<const input>(in_f), want_f);
    REQUIRE(std::memcmp(&af.score, &bf.score, sizeof(double)) == 0);
    REQUIRE(got_f == want_f);
  }
  CHECK(rows_with_reasons > 1000);
}
