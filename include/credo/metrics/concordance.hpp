// Concordance of a score with the outcome: the "Association of Predicted Probabilities and
// Observed Responses" of SAS PROC LOGISTIC.
//
// Over the t = B·G pairs of one bad and one good (B, G the class weights; a pair weighs
// w_bad·w_good, frequency weights counting as rows), a pair is concordant when the bad is
// ranked riskier than the good (a higher PD, or a lower score read higher_is_safer),
// discordant when it is ranked safer, and tied when both have the same score. With n_c, n_d
// and t − n_c − n_d those weights and N = B + G the observations (SAS PROC LOGISTIC, "Rank
// Correlation of Observed Responses and Predicted Probabilities", SAS/STAT 13.1 User's Guide):
//   c          = (n_c + ½(t − n_c − n_d)) / t          (= AUC; Hanley & McNeil 1982)
//   Somers' D  = (n_c − n_d) / t                       (= Gini = 2·AUC − 1; Somers 1962, D(score|y))
//   gamma      = (n_c − n_d) / (n_c + n_d)             (Goodman & Kruskal 1954; NaN when n_c + n_d = 0)
//   tau-a      = (n_c − n_d) / (½N(N − 1))             (Kendall 1938)
// tau-a's denominator counts all N(N − 1)/2 pairs of observations, those of equal outcome
// included, so it is Kendall's tau-a between the score and the 0/1 outcome and is much
// smaller than Somers' D (t is at most N²/4). SAS bins the predicted probabilities into
// intervals of 0.002 (BINWIDTH=) before counting, but not since SAS 9.4 TS1M3 for a binary
// response under 5,000,000 observations (SAS Usage Note 45767); credo never bins: the figures
// are exact.
//
// Cost: the rows are read through the Rows store's distinct scores in ascending order
// (score_rows: a radix sort, O(n); score_histogram: one entry per distinct score, O(d log d)
// to fill), and one walk over them counts every pair: at a distinct score s with bad weight
// b(s) and good weight g(s), the pairs with the other class below s are b(s)·G_below(s) and
// g(s)·B_below(s), and b(s)·g(s) pairs tie. Never O(n²).
#pragma once

#include <credo/fwd.hpp>
#include <credo/metrics/common.hpp>
#include <credo/metrics/score_histogram.hpp>
#include <credo/metrics/score_rows.hpp>

#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <string>

namespace credo::metrics {

/// The pairs of a concordance count and the indices SAS PROC LOGISTIC prints from them.
struct concordance_result {
  double pairs = 0;             ///< t = B·G, the weight of the (bad, good) pairs
  double concordant_pairs = 0;  ///< n_c
  double discordant_pairs = 0;  ///< n_d
  double tied_pairs = 0;        ///< t − n_c − n_d
  double observations = 0;      ///< N = B + G
  double concordant = 0;        ///< n_c / t (SAS prints it as a percentage)
  double discordant = 0;        ///< n_d / t
  double tied = 0;              ///< (t − n_c − n_d) / t
  double somers_d = 0;          ///< (n_c − n_d) / t
  double gamma = 0;             ///< (n_c − n_d) / (n_c + n_d); NaN when every pair ties
  double tau_a = 0;             ///< (n_c − n_d) / (N(N − 1)/2)
  double c = 0;                 ///< (n_c + t_tied/2) / t, the AUC
  friend bool operator==(const concordance_result&, const concordance_result&) = default;
};

/// The concordance of the rows of a store (score_rows, score_histogram, or anything with
/// their for_each_distinct, bad_weight and good_weight) read in direction `d`. Throws
/// credo.metrics.no_bads / credo.metrics.no_goods.
template <class Rows>
concordance_result concordance_of(const Rows& rows, direction d) {
  const double B = rows.bad_weight(), G = rows.good_weight();
  detail::check_classes("concordance", B, G);
  double b_below = 0, g_below = 0;
  double bad_higher = 0, good_higher = 0, tied = 0;  // pairs whose bad (good) has the higher score
  rows.for_each_distinct([&](auto, double wb, double wg, std::size_t, std::size_t) {
    bad_higher += wb * g_below;
    good_higher += wg * b_below;
    tied += wb * wg;
    b_below += wb;
    g_below += wg;
  });
  concordance_result r;
  r.pairs = B * G;
  // A bad ranked riskier than its good: a higher score read higher_is_riskier (a PD), a
  // lower one read higher_is_safer (points).
  r.concordant_pairs = d == direction::higher_is_riskier ? bad_higher : good_higher;
  r.discordant_pairs = d == direction::higher_is_riskier ? good_higher : bad_higher;
  r.tied_pairs = tied;
  r.observations = B + G;
  r.concordant = r.concordant_pairs / r.pairs;
  r.discordant = r.discordant_pairs / r.pairs;
  r.tied = r.tied_pairs / r.pairs;
  const double net = r.concordant_pairs - r.discordant_pairs;
  r.somers_d = net / r.pairs;
  const double untied = r.concordant_pairs + r.discordant_pairs;
  r.gamma = untied > 0 ? net / untied : std::numeric_limits<double>::quiet_NaN();
  const double n = r.observations;
  r.tau_a = net / (0.5 * n * (n - 1));
  r.c = (r.concordant_pairs + 0.5 * r.tied_pairs) / r.pairs;
  return r;
}

/// Exact, mergeable concordance accumulator over a store of the rows (score_rows by default,
/// score_histogram for a score of few distinct values). The direction is stated, never
/// assumed: a PD is higher_is_riskier, scorecard points higher_is_safer.
template <class Real = double, class Rows = score_rows<Real>>
class concordance {
public:
  using real_type = Real;

  explicit concordance(direction d) : dir_(d) {}

  void operator()(Real score, bool bad, Real weight = 1) { rows_(score, bad, weight); }
  void fill(std::span<const Real> score, std::span<const std::uint8_t> bad, std::span<const Real> weight = {}) {
    rows_.fill(score, bad, weight);
  }
  /// Merges another part read in the same direction (credo.metrics.direction_mismatch).
  concordance& operator+=(const concordance& other) {
    if (other.dir_ != dir_)
      CREDO_THROW(invalid_input, "credo.metrics.direction_mismatch",
                  std::string("cannot merge a concordance read ") + to_string(other.dir_) + " into one read " +
                      to_string(dir_));
    rows_ += other.rows_;
    return *this;
  }
  bool operator==(const concordance& other) const { return dir_ == other.dir_ && rows_ == other.rows_; }
  /// Writes or reads the state (credo/core/archive.hpp).
  template <class Archive>
  void serialize(Archive& ar) {
    ar(dir_, rows_);
  }

  direction score_direction() const noexcept { return dir_; }
  const Rows& rows() const noexcept { return rows_; }

  /// The counts and indices; throws credo.metrics.no_bads / credo.metrics.no_goods.
  concordance_result result() const { return concordance_of(rows_, dir_); }

private:
  direction dir_;
  Rows rows_;
};

}  // namespace credo::metrics
