// A plain card (numeric characteristics with cut points only) is scored by score_one through
// cut points side by side (detail/kernels/plain_card.hpp) and reason_ranker::offer_all: the same bins,
// score bits and reasons as the scorecard, for 0 to 20 cut points, 1 to 70 characteristics,
// values on and next to every cut, NaN and infinities, ties, any number of reasons, float and
// double, values gathered or read in place from a wider row (padded to whole lane groups or not).
#include "card_options.hpp"
#include <credo/engine/batch_scorer.hpp>
#include <credo/engine/engine.hpp>
#include <credo/model/reason_codes.hpp>
#include <credo/model/scorecard.hpp>

#include <doctest/doctest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstring>
#include <iterator>
#include <limits>
#include <random>
#include <string>
#include <vector>

using namespace credo::model;
using credo::engine::batch_output;
using credo::engine::batch_options;
using credo::engine::batch_scorer;
using credo::engine::input_view;
using credo::engine::layout;
using credo::engine::model_binding;

namespace {
constexpr double infinity = std::numeric_limits<double>::infinity();
constexpr double quiet_nan = std::numeric_limits<double>::quiet_NaN();

/// Characteristic j has j mod 21 cut points (0 to 20) spread over (−2, 2); its WoE repeats
/// a few values, so that rounded points tie within and across characteristics.
std::vector<characteristic_spec> cut_count_specs(std::size_t count) {
  std::vector<characteristic_spec> specs;
  for (std::size_t j = 0; j < count; ++j) {
    const std::size_t n = j % 21;
    characteristic_spec s;
    s.name = "c" + std::to_string(j);
    std::vector<double> cuts;
    for (std::size_t k = 0; k < n; ++k) cuts.push_back(-2.0 + 4.0 * double(k + 1) / double(n + 1) + 0.01 * double(j % 3));
    s.bins = credo::binning::bins::numeric(cuts);
    for (std::size_t b = 0; b < n + 2; ++b) s.woe.push_back(0.15 * double((b * 7 + j) % 5) - 0.3);
    s.coefficient = -0.6 - 0.01 * double(j % 4);
    s.weights.assign(n + 2, 1.0);
    specs.push_back(std::move(s));
  }
  return specs;
}

/// Values worth trying: every cut point and the doubles next to it, NaN, ±inf, ±0.
std::vector<double> candidates(const std::vector<characteristic_spec>& specs) {
  std::vector<double> v = {quiet_nan, infinity, -infinity, 0.0, -0.0, -5.0, 5.0};
  for (const auto& s : specs)
    for (double c : s.bins.cuts()) {
      v.push_back(c);
      v.push_back(std::nextafter(c, -infinity));
      v.push_back(std::nextafter(c, infinity));
      // next to the float nearest c: float inputs land there
      const auto f = static_cast<double>(static_cast<float>(c));
      v.push_back(static_cast<double>(std::nextafter(static_cast<float>(c), -INFINITY)));
      v.push_back(f);
      v.push_back(static_cast<double>(std::nextafter(static_cast<float>(c), INFINITY)));
    }
  return v;
}

template <class Real>
bool same_bits(Real a, Real b) {
  return std::memcmp(&a, &b, sizeof(Real)) == 0;
}

/// score_one of x (and score_one_columns of x spread over a wider row) against the card's
/// score of the same numbers, with a reasons buffer of `buffer` codes.
template <class Real, class Card, class T>
void check_row(const batch_scorer<Real>& scorer, const Card& card, const std::vector<T>& x, std::size_t buffer) {
  std::vector<input> in;
  for (T v : x) in.emplace_back(static_cast<double>(v));
  std::vector<reason_code> got(buffer), want(buffer), in_place(buffer);
  const auto a = scorer.score_one(std::span<const T>(x), std::span<reason_code>(got));
  const auto b = card.score(std::span<const input>(in), std::span<reason_code>(want));
  REQUIRE(a.ok());
  REQUIRE(same_bits(a.score, b.score));
  REQUIRE(a.reasons == b.reasons);
  REQUIRE(got == want);
  // The same values at columns 2j + 1 of a row twice as wide, read in place.
  std::vector<T> row(2 * x.size() + 1, T(-7));
  std::vector<std::size_t> columns(x.size());
  for (std::size_t j = 0; j < x.size(); ++j) {
    columns[j] = 2 * (x.size() - 1 - j) + 1;  // reversed, to be sure the order comes from columns
    row[columns[j]] = x[j];
  }
  const auto c = scorer.score_one_columns(std::span<const T>(row), std::span<const std::size_t>(columns),
                                          std::span<reason_code>(in_place));
  REQUIRE(same_bits(c.score, b.score));
  REQUIRE(c.reasons == b.reasons);
  REQUIRE(in_place == want);
  // Padded to whole lane groups with columns that are read and not used (NaN, the last value).
  row.push_back(std::numeric_limits<T>::quiet_NaN());
  for (std::size_t j = x.size(); j < scorer.padded_size(); ++j) columns.push_back(j % 2 ? row.size() - 1 : columns[0]);
  std::vector<reason_code> padded(buffer);
  const auto d = scorer.score_one_columns(std::span<const T>(row), std::span<const std::size_t>(columns),
                                          std::span<reason_code>(padded));
  REQUIRE(same_bits(d.score, b.score));
  REQUIRE(d.reasons == b.reasons);
  REQUIRE(padded == want);
  // Any other number of columns is refused.
  columns.push_back(0);
  REQUIRE(scorer.score_one_columns(std::span<const T>(row), std::span<const std::size_t>(columns)).status ==
          score_status::bad_code);
}

/// Rows of values drawn from the candidates (and uniform ones), in double and in float.
template <class Real>
std::size_t check_rows(const scorecard<Real>& card, const std::vector<characteristic_spec>& specs,
                       int rows, std::size_t buffer, unsigned seed) {
  const auto scorer = batch_scorer<Real>::compile(card);
  const auto pool = candidates(specs);
  std::mt19937_64 rng(seed);
  std::size_t with_reasons = 0;
  for (int r = 0; r < rows; ++r) {
    std::vector<double> x(card.size());
    std::vector<float> xf(card.size());
    for (std::size_t j = 0; j < x.size(); ++j) {
      x[j] = r % 4 == 0 ? std::uniform_real_distribution<double>(-3, 3)(rng) : pool[rng() % pool.size()];
      xf[j] = static_cast<float>(x[j]);
    }
    check_row(scorer, card, x, buffer);
    check_row(scorer, card, xf, buffer);
    std::vector<reason_code> why(buffer);
    with_reasons += scorer.score_one(std::span<const double>(x), std::span<reason_code>(why)).reasons > 0;
  }
  return with_reasons;
}

}  // namespace

TEST_CASE_TEMPLATE("a plain card with 0 to 20 cut points gives the scorecard's bits and reasons", Real, float,
                   double) {
  // 21 characteristics: the last lane group is not full. 70: two chunks of terms (64 + 6).
  for (std::size_t count : {std::size_t(1), std::size_t(21), std::size_t(70)}) {
    CAPTURE(count);
    const auto specs = cut_count_specs(count);
    const scorecard<Real> rounded(specs, -0.4);
    const scorecard<Real> exact(specs, -0.4, credo::test::card_options(rounding_method::none));
    const auto with_reasons = check_rows(rounded, specs, 1500, 4, 11);
    CHECK(check_rows(scorecard<Real>(specs, -0.4), specs, 300, 4, 12) > 0);
    if (count > 1) CHECK(with_reasons > 1000);
    // without rounding (no ties), through the unrounded card's own compiled scorer
    const auto scorer = batch_scorer<Real>::compile(exact);
    std::vector<double> x(count, 0.3);
    std::vector<input> in(x.begin(), x.end());
    std::array<reason_code, 4> got{}, want{};
    const auto a = scorer.score_one(std::span<const double>(x), got);
    const auto b = exact.score(std::span<const input>(in), want);
    CHECK(same_bits(a.score, b.score));
    CHECK(got == want);
  }
}

TEST_CASE_TEMPLATE("1 to 70 characteristics, neighbours with very different cut counts", Real, float, double) {
  // Cut counts 20, 0, 1, 17, 2, 9, ... side by side: lane groups with many padded levels, and
  // a last group with 1, 2, 3 or 4 terms, in one or two chunks of terms.
  auto all = cut_count_specs(70);
  for (std::size_t j = 0; j < all.size(); ++j) {
    const std::size_t n = (j * 13 + 20) % 21;
    std::vector<double> cuts;
    for (std::size_t k = 0; k < n; ++k) cuts.push_back(-1.9 + 3.8 * double(k + 1) / double(n + 1) + 0.003 * double(j));
    all[j].bins = credo::binning::bins::numeric(cuts);
    all[j].woe.resize(n + 2);
    for (std::size_t b = 0; b < n + 2; ++b) all[j].woe[b] = 0.15 * double((b * 5 + j) % 7) - 0.45;
    all[j].weights.assign(n + 2, 1.0);
  }
  for (std::size_t count = 1; count <= all.size(); ++count) {
    CAPTURE(count);
    const std::vector<characteristic_spec> specs(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(count));
    check_rows(scorecard<Real>(specs, -0.4), specs, 40, 4, static_cast<unsigned>(count));
    check_rows(scorecard<Real>(specs, -0.4, credo::test::card_options(rounding_method::none)), specs, 20, 3, static_cast<unsigned>(count + 100));
  }
}

TEST_CASE("fewer reasons: k from 0 to 5, and reason buffers shorter than k") {
  const auto specs = cut_count_specs(21);
  for (std::size_t k = 0; k <= 5; ++k) {
    scorecard_options o;
    o.reasons.max_reasons = k;
    const scorecard<double> card(specs, -0.4, o);
    for (std::size_t buffer = 0; buffer <= k + 1; ++buffer) {
      CAPTURE(k);
      CAPTURE(buffer);
      check_rows(card, specs, 200, buffer, static_cast<unsigned>(10 * k + buffer));
    }
  }
}

TEST_CASE("ties between reasons keep the earlier characteristic ahead") {
  // Ten identical characteristics: the same value costs each the same points.
  std::vector<characteristic_spec> specs;
  for (int j = 0; j < 10; ++j) {
    characteristic_spec s;
    s.name = "same" + std::to_string(j);
    s.bins = credo::binning::bins::numeric({0.0, 1.0});
    s.woe = {-0.5, 0.0, 0.5, 0.0};
    s.coefficient = -1;
    s.weights = {1, 1, 1, 0};
    specs.push_back(std::move(s));
  }
  const scorecard<double> card(specs, 0.0);
  const auto scorer = batch_scorer<double>::compile(card);
  // Characteristics 2, 5, 6, 8 and 9 in the worst bin, the rest in the best.
  std::vector<double> x(10, 2.0);
  for (int j : {2, 5, 6, 8, 9}) x[static_cast<std::size_t>(j)] = -1.0;
  std::array<reason_code, 4> got{};
  const auto r = scorer.score_one(std::span<const double>(x), got);
  REQUIRE(r.reasons == 4);
  CHECK(got[0].characteristic == 2);
  CHECK(got[1].characteristic == 5);
  CHECK(got[2].characteristic == 6);
  CHECK(got[3].characteristic == 8);
  CHECK(got[0].points_below == got[3].points_below);
  check_rows(card, specs, 500, 4, 3);
}

TEST_CASE("every characteristic below its baseline, or none") {
  const auto specs = cut_count_specs(21);
  scorecard_options high;
  high.reasons.baseline = baseline_method::given;
  high.reasons.given.assign(specs.size(), 1000.0);
  const scorecard<double> all_below(specs, -0.4, high);
  const auto scorer = batch_scorer<double>::compile(all_below);
  std::vector<double> x(specs.size(), 0.0);
  std::array<reason_code, 4> why{};
  CHECK(scorer.score_one(std::span<const double>(x), why).reasons == 4);
  check_rows(all_below, specs, 500, 4, 5);
  scorecard_options low = high;
  low.reasons.given.assign(specs.size(), -1000.0);
  const scorecard<double> none_below(specs, -0.4, low);
  CHECK(batch_scorer<double>::compile(none_below).score_one(std::span<const double>(x), why).reasons == 0);
  check_rows(none_below, specs, 200, 4, 6);
}

TEST_CASE("the engine's scorecard binding scores the feature row in place") {
  const auto specs = cut_count_specs(30);
  std::vector<std::string> features = {"unused"};
  for (std::size_t j = specs.size(); j-- > 0;) features.push_back(specs[j].name);  // reversed
  features.push_back("also_unused");
  // A plain card, and one with a special value (the general path).
  auto special = specs;
  special[3].bins = credo::binning::bins::numeric(std::vector<double>(specs[3].bins.cuts()), {0.5});
  special[3].woe.insert(special[3].woe.end() - 1, 0.2);
  special[3].weights.push_back(1.0);
  for (const auto& s : {specs, special}) {
    const scorecard<double> card(s, -0.4);
    const model_binding<scorecard<double>> bind(card, features);
    const auto pool = candidates(s);
    std::mt19937_64 rng(8);
    for (int r = 0; r < 500; ++r) {
      std::vector<double> row(features.size(), 123.0), x(s.size());
      std::vector<input> in;
      for (std::size_t j = 0; j < s.size(); ++j) {
        x[j] = r == 0 ? 0.5 : pool[rng() % pool.size()];
        row[features.size() - 2 - j] = x[j];
        in.emplace_back(x[j]);
      }
      std::array<reason_code, 4> got{}, want{};
      const auto p = bind.predict(card, row, {}, got);
      const auto b = card.score(std::span<const input>(in), want);
      REQUIRE(p.status == score_status::ok);
      REQUIRE(same_bits(p.score, b.score));
      REQUIRE(p.pd == card.pd_from_score(b.score));
      REQUIRE(p.reasons == b.reasons);
      REQUIRE(got == want);
    }
  }
}
