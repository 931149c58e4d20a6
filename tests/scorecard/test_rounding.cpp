// Rounding methods. rounding::largest_remainder keeps the extreme totals: the lowest and the
// highest attainable score of the rounded card equal std::round of the unrounded extremes.
#include "card_options.hpp"
#include "card_fixture.hpp"

#include <credo/model/scorecard.hpp>

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

using namespace credo::model;

namespace {
using lines_t = std::vector<std::vector<double>>;

double sum_of(const lines_t& l, bool high) {
  double s = 0;
  for (const auto& x : l) s += high ? *std::max_element(x.begin(), x.end()) : *std::min_element(x.begin(), x.end());
  return s;
}

lines_t random_lines(std::mt19937_64& rng) {
  std::uniform_int_distribution<int> nlines(1, 30), nbins(1, 8);
  std::uniform_real_distribution<double> pts(-40.0, 90.0);
  lines_t l(static_cast<std::size_t>(nlines(rng)));
  for (auto& x : l) {
    x.resize(static_cast<std::size_t>(nbins(rng)));
    for (auto& p : x) p = pts(rng);
    if (rng() % 7 == 0) std::fill(x.begin(), x.end(), x[0]);  // a constant line now and then
  }
  return l;
}
}  // namespace

TEST_CASE("largest remainder on a hand example where nearest rounding loses a point") {
  // Minima 0.4 + 0.4 + 0.4 = 1.2 -> 1 point. Nearest rounds each to 0 (total 0); largest
  // remainder floors them (0, 0, 0) and gives the one missing point to the largest remainder,
  // a three-way tie broken by the first line.
  lines_t l{{0.4, 1.0}, {0.4, 2.0}, {0.4, 3.0}};
  lines_t n = l;
  rounding::nearest::apply(n);
  CHECK(sum_of(n, false) == 0);
  rounding::largest_remainder::apply(l);
  CHECK(l == lines_t{{1, 1}, {0, 2}, {0, 3}});
  CHECK(sum_of(l, false) == 1);
  CHECK(sum_of(l, true) == 6);
}

TEST_CASE("largest remainder keeps both extreme totals on random cards") {
  std::mt19937_64 rng(20240611);
  int nearest_missed = 0, broken = 0;
  for (int trial = 0; trial < 2000; ++trial) {
    const lines_t raw = random_lines(rng);
    lines_t r = raw;
    rounding::largest_remainder::apply(r);
    CHECK(sum_of(r, false) == std::round(sum_of(raw, false)));
    CHECK(sum_of(r, true) == std::round(sum_of(raw, true)));
    for (std::size_t j = 0; j < raw.size(); ++j) {
      const double lo = *std::min_element(raw[j].begin(), raw[j].end());
      const double hi = *std::max_element(raw[j].begin(), raw[j].end());
      const double rlo = *std::min_element(r[j].begin(), r[j].end());
      const double rhi = *std::max_element(r[j].begin(), r[j].end());
      CHECK(std::abs(rlo - lo) < 1.0);
      CHECK(std::abs(rhi - hi) < 2.0);  // < 1 except where a line's range is under a point
      for (std::size_t b = 0; b < raw[j].size(); ++b) {
        if (r[j][b] != std::round(r[j][b])) ++broken;  // integers
        for (std::size_t c = 0; c < raw[j].size(); ++c)
          if (raw[j][b] < raw[j][c] && !(r[j][b] <= r[j][c])) ++broken;  // order kept within a line
      }
    }
    lines_t n = raw;
    rounding::nearest::apply(n);
    if (sum_of(n, false) != std::round(sum_of(raw, false)) || sum_of(n, true) != std::round(sum_of(raw, true)))
      ++nearest_missed;
  }
  CHECK(broken == 0);
  CHECK(nearest_missed > 100);  // the policy matters: nearest rounding often misses
}

TEST_CASE("a largest-remainder card's extreme scores are the rounded unrounded extremes") {
  for (auto mode : {intercept_points::spread, intercept_points::separate}) {
    scorecard_options opt;
    opt.intercept = mode;
    opt.pdo = 17.3;
    opt.base_score = 512.7;
    const scorecard<double> exact(credo::test::two_characteristics(), -1.37, credo::test::card_options(rounding_method::none, missing_action::own_bin, opt));
    const scorecard<double> card(credo::test::two_characteristics(), -1.37,
                                credo::test::card_options(rounding_method::largest_remainder, missing_action::own_bin, opt));
    CHECK(card.min_score() == std::round(exact.min_score()));
    CHECK(card.max_score() == std::round(exact.max_score()));
    CHECK(card.base_points() == std::round(card.base_points()));
  }
}
