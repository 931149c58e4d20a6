#include <credo/fairness/counts.hpp>

#include "small_example.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <span>
#include <vector>

using namespace credo::fairness;

TEST_CASE_TEMPLATE("group_counts holds the confusion counts of the small example", Real, float, double) {
  credo::test::small_example<Real> ex;
  const auto c = count_groups<Real>(ex.groups, ex.scores, ex.bad, {}, ex.cutoff, {3, 7});
  REQUIRE(c.groups() == 2);
  const auto& a = c[0];
  CHECK(a.weight == 10);
  CHECK(a.rows == 10);
  CHECK(a.approved == 4);
  CHECK(a.approved_bad == 1);
  CHECK(a.bad == 5);
  CHECK(a.approved_good() == 3);
  CHECK(a.rows_approved_good() == 3);
  CHECK(a.score_mean == doctest::Approx(4.8));
  CHECK(a.score_m2 == doctest::Approx(41.6));
  // Bands [−inf, 3), [3, 7), [7, inf): A has 2, 6 (four 4s and two 6s), 2 rows.
  CHECK(a.band_rows == std::vector<std::uint64_t>{2, 6, 2});
  CHECK(a.band_bad == std::vector<Real>{0, 4, 1});
  const auto& b = c[1];
  CHECK(b.approved == 8);
  CHECK(b.approved_bad == 1);
  CHECK(b.bad == 2);
  CHECK(b.score_mean == doctest::Approx(5));
  CHECK(b.score_m2 == doctest::Approx(40));
}

TEST_CASE_TEMPLATE("merged parts equal one pass; == tells fills apart", Real, float, double) {
  credo::test::small_example<Real> ex;
  const auto whole = count_groups<Real>(ex.groups, ex.scores, ex.bad, {}, ex.cutoff);
  group_counts<Real> p1({"A", "B"}, ex.cutoff), p2({"A", "B"}, ex.cutoff);
  for (std::size_t r = 0; r < 20; ++r)
    (r % 2 ? p1 : p2)(static_cast<std::size_t>(ex.groups.group_of(r)), ex.scores[r], ex.bad[r] != 0);
  auto merged = p1;
  merged += p2;
  for (std::size_t g = 0; g < 2; ++g) {
    // Counts merge exactly; the score moments up to rounding (Chan et al.).
    CHECK(merged[g].weight == whole[g].weight);
    CHECK(merged[g].approved == whole[g].approved);
    CHECK(merged[g].approved_bad == whole[g].approved_bad);
    CHECK(merged[g].rows_bad == whole[g].rows_bad);
    CHECK(merged[g].score_mean == doctest::Approx(whole[g].score_mean));
    CHECK(merged[g].score_m2 == doctest::Approx(whole[g].score_m2));
  }
  auto again = p1;
  again += p2;
  CHECK(again == merged);
  CHECK_FALSE(p1 == p2);
  group_counts<Real> empty({"A", "B"}, ex.cutoff);
  auto p1e = p1;
  p1e += empty;  // merging an empty part changes nothing
  CHECK(p1e == p1);
}

TEST_CASE("weights and soft memberships add weighted counts") {
  group_counts<double> c({"x", "y"}, 0.5);
  c(0, 0.7, false, 2.0);  // x: approved good, weight 2
  const std::vector<double> m = {0.25, 0.75};
  c(std::span<const double>(m), 0.2, true, 4.0);  // denied bad: x gets 1, y gets 3
  CHECK(c[0].weight == 3);
  CHECK(c[0].approved == 2);
  CHECK(c[0].bad == 1);
  CHECK(c[0].rows == 2);
  CHECK(c[1].weight == 3);
  CHECK(c[1].bad == 3);
  CHECK(c[1].approved == 0);
  CHECK(c[1].rows == 1);
  // x's weighted mean score: (2·0.7 + 1·0.2)/3.
  CHECK(c[0].score_mean == doctest::Approx((1.4 + 0.2) / 3));
}

TEST_CASE("group_counts errors carry ids") {
  group_counts<double> c({"x", "y"}, 0.5);
  CHECK_THROWS_WITH_AS(c(2, 0.1, false), "[credo.fairness.bad_group] group 2 is outside the 2 groups",
                       credo::invalid_input);
  CHECK_THROWS_WITH_AS(c(0, 0.1, false, -1.0),
                       "[credo.fairness.bad_weight] a row's weight is not a finite number >= 0",
                       credo::invalid_input);
  c(0, 0.1, false, 0.0);  // a zero weight adds nothing
  CHECK(c[0].rows == 0);
  group_counts<double> d({"x", "y"}, 0.6);
  CHECK_THROWS_WITH_AS(c += d,
                       "[credo.fairness.merge_mismatch] cannot merge counts with different groups, "
                       "cut-off or score bands",
                       credo::invalid_input);
  CHECK_THROWS_WITH_AS(group_counts<double>({"x", "y"}, 0.5, {2, 1}),
                       "[credo.fairness.bad_bands] score band cut points must be finite and strictly increasing",
                       credo::invalid_input);
  const std::vector<double> m = {1.0};
  CHECK_THROWS_WITH_AS(c(std::span<const double>(m), 0.1, false),
                       "[credo.fairness.length_mismatch] membership has 1 values, the counts 2 groups",
                       credo::invalid_input);
  const auto groups = group_assignment::hard({"x", "y"}, {0, 1, 1});
  const std::vector<double> scores = {1, 2};
  const std::vector<std::uint8_t> bad = {0, 1, 0};
  CHECK_THROWS_WITH_AS(count_groups<double>(groups, scores, bad, {}, 1.5),
                       "[credo.fairness.length_mismatch] scores has 2 rows, the groups 3",
                       credo::invalid_input);
  const std::vector<double> nan_scores = {1, std::nan(""), 2};
  CHECK_THROWS_WITH_AS(count_groups<double>(groups, nan_scores, bad, {}, 1.5),
                       "[credo.fairness.bad_score] row 1: the score is NaN; no decision can be made",
                       credo::invalid_input);
  const std::vector<double> ok = {1, 2, 3}, neg = {1, -1, 1};
  CHECK_THROWS_WITH_AS(count_groups<double>(groups, ok, bad, neg, 1.5),
                       "[credo.fairness.bad_weight] row 1: the weight is not a finite number >= 0",
                       credo::invalid_input);
}

TEST_CASE_TEMPLATE("counts rebuilt from their cells equal the original; impossible cells are refused", Real, float,
                   double) {
  credo::test::small_example<Real> ex;
  const auto c = count_groups<Real>(ex.groups, ex.scores, ex.bad, {}, ex.cutoff, {3, 7});
  std::vector<group_cell<Real>> cells{c[0], c[1]};
  CHECK(group_counts<Real>::from_cells(c.names(), c.cutoff(), c.bands(), cells) == c);

  auto refused = [&](std::vector<group_cell<Real>> v) { return group_counts<Real>::from_cells(c.names(), c.cutoff(), c.bands(), v); };
  CHECK_THROWS_WITH_AS(refused({c[0]}), "[credo.fairness.bad_counts] 2 groups need as many cells, got 1", credo::invalid_input);
  auto cell = cells;
  cell[1].band_rows.pop_back();
  const std::string b = "[credo.fairness.bad_counts] group " + credo::detail::quoted(c.names()[1]) + ": ";
  CHECK_THROWS_WITH_AS(refused(cell), (b + "expected 3 score bands").c_str(), credo::invalid_input);
  cell = cells;
  cell[1].score_m2 = Real(-1);
  CHECK_THROWS_WITH_AS(refused(cell), (b + "a weight is not a finite number >= 0").c_str(), credo::invalid_input);
  cell = cells;
  cell[1].approved_bad = cell[1].approved + 1;
  CHECK_THROWS_WITH_AS(refused(cell), (b + "a weighted part is larger than its whole").c_str(), credo::invalid_input);
  cell = cells;
  cell[1].rows_bad = cell[1].rows + 1;
  CHECK_THROWS_WITH_AS(refused(cell), (b + "a part of the rows is larger than its whole").c_str(), credo::invalid_input);
}
