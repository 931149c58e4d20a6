// credo::metrics::paired_score_histogram: two scores per row (a champion and a challenger on
// the same applicants) kept as one entry per distinct pair of scores, with DeLong's paired test
// of the two AUCs, exact, in memory that grows with the distinct pairs instead of the rows.
//
// Why it is exact: DeLong's placement of a row under score k depends only on the row's class
// and its score k (V10 = (G_safer(s) + ½g(s))/G for a bad, V01 = (B_riskier(s) + ½b(s))/B
// for a good, from the marginal histogram of score k), so the structural components
//   S10[k][l] = Σ_bads w·(V10_k − A_k)(V10_l − A_l),  S01[k][l] = Σ_goods w·(V01_k − A_k)(V01_l − A_l)
// are sums over the cells (s1, s2) of the joint histogram, each cell's class weight times the
// product of its two placements' deviations (DeLong, DeLong & Clarke-Pearson 1988; the formulas
// of metrics/auc.hpp, whose paired_auc keeps every row and gives the same figures up to the
// order of summation). Cov[k][l] = S10[k][l]/((B − 1)·B) + S01[k][l]/((G − 1)·G);
// z = (A1 − A2)/√(Var1 + Var2 − 2·Cov12), p = 2·(1 − Φ(|z|)) two-sided.
//
// Memory: one std::map node per distinct (score1, score2) pair. Two scorecards' points take a
// few hundred values each, and their pairs at most the product but in practice a few thousand;
// unrounded scores make every row its own pair, and then this grows with the rows.
#pragma once

#include <credo/fwd.hpp>
#include <credo/metrics/auc.hpp>
#include <credo/metrics/common.hpp>
#include <credo/metrics/detail/radix_sort.hpp>

#include <boost/math/distributions/normal.hpp>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace credo::metrics {

template <class Real = double>
class paired_score_histogram {
public:
  static_assert(std::is_floating_point_v<Real>, "paired_score_histogram<Real>: Real is float or double");
  using real_type = Real;
  using cell = typename score_histogram<Real>::cell;

  paired_score_histogram(direction d1, direction d2) : dir_{d1, d2} {}

  /// Adds one row; throws credo.metrics.nan_score or credo.metrics.bad_weight.
  void operator()(Real score1, Real score2, bool bad, Real weight = 1) {
    detail::check_row("paired_score_histogram", score1, weight);
    detail::check_row("paired_score_histogram", score2, weight);
    auto& c = cells_[{detail::to_key(score1), detail::to_key(score2)}];
    if (bad) {
      c.bad_weight += static_cast<double>(weight);
      ++c.bad_rows;
    } else {
      c.good_weight += static_cast<double>(weight);
      ++c.good_rows;
    }
    total_[bad ? 1 : 0] += static_cast<double>(weight);
  }

  /// Merges a part; both must read the scores in the same directions
  /// (credo.metrics.direction_mismatch).
  paired_score_histogram& operator+=(const paired_score_histogram& o) {
    if (o.dir_[0] != dir_[0] || o.dir_[1] != dir_[1])
      CREDO_THROW(invalid_input, "credo.metrics.direction_mismatch",
                  "paired_score_histogram: cannot merge parts that read the scores in different directions");
    for (const auto& [k, x] : o.cells_) cells_[k] += x;
    total_[0] += o.total_[0];
    total_[1] += o.total_[1];
    return *this;
  }
  bool operator==(const paired_score_histogram& o) const {
    return dir_[0] == o.dir_[0] && dir_[1] == o.dir_[1] && cells_ == o.cells_ && total_[0] == o.total_[0] &&
           total_[1] == o.total_[1];
  }
  template <class Archive>
  void serialize(Archive& ar) {
    ar(dir_, cells_, total_);
  }

  double bad_weight() const noexcept { return total_[1]; }
  double good_weight() const noexcept { return total_[0]; }
  /// The number of distinct (score1, score2) pairs held.
  std::size_t distinct() const noexcept { return cells_.size(); }
  std::uint64_t rows() const noexcept {
    std::uint64_t n = 0;
    for (const auto& [k, c] : cells_) n += c.bad_rows + c.good_rows;
    return n;
  }
  direction score_direction(int k) const noexcept { return dir_[k]; }

  /// Calls f(score1, score2, cell) once per distinct pair, in ascending (score1, score2).
  template <class F>
  void for_each_pair(F&& f) const {
    for (const auto& [k, c] : cells_) f(detail::from_key<Real>(k.first), detail::from_key<Real>(k.second), c);
  }

  /// The AUC of score k (0 or 1); throws credo.metrics.no_bads / no_goods.
  double auc_of(int k) const {
    detail::check_classes("paired_score_histogram", total_[1], total_[0]);
    return placements(k).area;
  }

  /// DeLong's paired test of AUC1 − AUC2 under `alt`; the interval is two-sided at `level`.
  /// Needs a weight above 1 in each class (credo.metrics.too_few_rows).
  delong_result test(alternative alt = alternative::two_sided, double level = 0.95) const {
    detail::check_level("paired_score_histogram", level);
    const double B = total_[1], G = total_[0];
    detail::check_classes("paired_score_histogram", B, G);
    if (!(B > 1) || !(G > 1))
      CREDO_THROW(numeric_error, "credo.metrics.too_few_rows",
                  "paired_score_histogram: DeLong's test needs a weight above 1 in each class (bads " +
                      detail::num(B) + ", goods " + detail::num(G) + ")");
    const placement p[2] = {placements(0), placements(1)};
    double s10[2][2] = {{0, 0}, {0, 0}}, s01[2][2] = {{0, 0}, {0, 0}};
    for (const auto& [k, c] : cells_) {
      const auto& a = p[0].at.at(k.first);
      const auto& b = p[1].at.at(k.second);
      const double d10[2] = {a.first - p[0].area, b.first - p[1].area};
      const double d01[2] = {a.second - p[0].area, b.second - p[1].area};
      for (int i = 0; i < 2; ++i)
        for (int j = 0; j < 2; ++j) {
          s10[i][j] += c.bad_weight * d10[i] * d10[j];
          s01[i][j] += c.good_weight * d01[i] * d01[j];
        }
    }
    auto cov = [&](int i, int j) { return s10[i][j] / ((B - 1) * B) + s01[i][j] / ((G - 1) * G); };
    return detail::paired_delong(p[0].area, p[1].area, cov(0, 0), cov(1, 1), cov(0, 1), level, alt);
  }

private:
  using key_type = detail::radix_key_t<Real>;
  // Per distinct score of one side: (V10 of a bad there, V01 of a good there), and the AUC.
  struct placement {
    std::map<key_type, std::pair<double, double>> at;
    double area = 0;
  };

  placement placements(int k) const {
    std::map<key_type, std::pair<double, double>> marginal;  // score -> (bad weight, good weight)
    for (const auto& [key, c] : cells_) {
      auto& m = marginal[k == 0 ? key.first : key.second];
      m.first += c.bad_weight;
      m.second += c.good_weight;
    }
    const double B = total_[1], G = total_[0];
    const bool riskier = dir_[k] == direction::higher_is_riskier;
    placement p;
    double b_below = 0, g_below = 0, area = 0;
    for (const auto& [key, m] : marginal) {
      const auto [wb, wg] = m;
      const double g_safer = riskier ? g_below : G - g_below - wg;
      const double b_riskier = riskier ? B - b_below - wb : b_below;
      const double v10 = (g_safer + 0.5 * wg) / G, v01 = (b_riskier + 0.5 * wb) / B;
      p.at.emplace(key, std::make_pair(v10, v01));
      area += wb * v10;
      b_below += wb;
      g_below += wg;
    }
    p.area = area / B;
    return p;
  }

  friend struct credo::archive_access;
  paired_score_histogram() = default;  // to be read from bytes, which carry the directions

  direction dir_[2] = {direction::higher_is_safer, direction::higher_is_safer};
  std::map<std::pair<key_type, key_type>, cell> cells_;
  double total_[2] = {0, 0};  // [0] goods, [1] bads
};

}  // namespace credo::metrics
