// The mergeable accumulator behind every fairness measure: per group, at one cut-off, the
// weighted and raw confusion counts (approved/denied x good/bad), the weighted mean and
// spread of the scores, and the counts per score band for calibration.
//
// Approval is the favourable outcome: a row is approved when score >= cutoff (DESIGN.md,
// higher score = safer). Bad = 1 is the event. A row with weight w in a soft group with
// membership probability p adds w·p to that group's weighted counts (a BISG proxy's
// probabilities act as weights); the raw counts count the rows with w·p > 0.
#pragma once

#include <credo/core/error.hpp>
#include <credo/detail/bands.hpp>
#include <credo/fwd.hpp>
#include <credo/core/table.hpp>
#include <credo/fairness/groups.hpp>
#include <credo/metrics/bands.hpp>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace credo::fairness {

/// Counts of one group. Weighted counts are Real; raw counts are rows.
template <class Real>
struct group_cell {
  Real weight = 0;        // Σ w
  Real bad = 0;           // Σ w over bads
  Real approved = 0;      // Σ w over approved rows
  Real approved_bad = 0;  // Σ w over approved bads
  std::uint64_t rows = 0, rows_bad = 0, rows_approved = 0, rows_approved_bad = 0;
  // Weighted mean and Σ w (x − mean)² of the scores, updated as West (1979) and merged as
  // Chan, Golub & LeVeque (1979), which keeps float precision where Σx² would not.
  Real score_mean = 0;
  Real score_m2 = 0;
  // Per score band (calibration): weight and weighted bads, raw rows.
  std::vector<Real> band_weight, band_bad;
  std::vector<std::uint64_t> band_rows;

  Real good() const noexcept { return weight - bad; }
  Real denied() const noexcept { return weight - approved; }
  Real approved_good() const noexcept { return approved - approved_bad; }
  std::uint64_t rows_good() const noexcept { return rows - rows_bad; }
  std::uint64_t rows_approved_good() const noexcept { return rows_approved - rows_approved_bad; }

  friend bool operator==(const group_cell&, const group_cell&) = default;
  /// Writes or reads the state (credo/core/archive.hpp).
  template <class Archive>
  void serialize(Archive& ar) {
    ar(weight, bad, approved, approved_bad, rows, rows_bad, rows_approved, rows_approved_bad, score_mean, score_m2,
       band_weight, band_bad, band_rows);
  }
};

/// Confusion counts per group at a cut-off, plus score moments and calibration bands.
///   acc(group, score, bad, weight)   adds a row to a hard group
///   acc(membership, score, bad, w)   adds a row to soft groups by probability
///   acc += other                     merges a thread's or rank's part
/// `bands` are score cut points for calibration: right-open bands [b_{i−1}, b_i), the same
/// side as approval (a score equal to a cut point falls in the band above it).
template <class Real>
class group_counts {
public:
  group_counts() = default;
  group_counts(std::vector<std::string> names, Real cutoff, std::vector<Real> bands = {})
      : names_(std::move(names)), cutoff_(cutoff), bands_(std::move(bands)) {
    if (std::isnan(cutoff_))
      CREDO_THROW(invalid_input, "credo.fairness.bad_cutoff", "the cut-off is NaN");
    for (std::size_t i = 0; i < bands_.size(); ++i)
      if (!std::isfinite(bands_[i]) || (i > 0 && !(bands_[i] > bands_[i - 1])))
        CREDO_THROW(invalid_input, "credo.fairness.bad_bands",
                    "score band cut points must be finite and strictly increasing");
    cells_.resize(names_.size());
    for (auto& c : cells_) {
      c.band_weight.assign(bands_.size() + 1, Real(0));
      c.band_bad.assign(bands_.size() + 1, Real(0));
      c.band_rows.assign(bands_.size() + 1, 0);
    }
  }

  /// Adds one row to hard group `group` (an index into names()).
  void operator()(std::size_t group, Real score, bool bad, Real weight = 1) {
    if (group >= cells_.size())
      CREDO_THROW(invalid_input, "credo.fairness.bad_group",
                  "group " + std::to_string(group) + " is outside the " +
                      std::to_string(cells_.size()) + " groups");
    add(cells_[group], score, bad, weight);
  }

  /// Adds one row to every group g with weight·membership[g].
  void operator()(std::span<const double> membership, Real score, bool bad, Real weight = 1) {
    if (membership.size() != cells_.size())
      CREDO_THROW(invalid_input, "credo.fairness.length_mismatch",
                  "membership has " + std::to_string(membership.size()) + " values, the counts " +
                      std::to_string(cells_.size()) + " groups");
    for (std::size_t g = 0; g < cells_.size(); ++g)
      if (membership[g] > 0) add(cells_[g], score, bad, weight * static_cast<Real>(membership[g]));
  }

  group_counts& operator+=(const group_counts& o) {
    if (names_ != o.names_ || !(cutoff_ == o.cutoff_) || bands_ != o.bands_)
      CREDO_THROW(invalid_input, "credo.fairness.merge_mismatch",
                  "cannot merge counts with different groups, cut-off or score bands");
    for (std::size_t g = 0; g < cells_.size(); ++g) merge(cells_[g], o.cells_[g]);
    return *this;
  }
  friend bool operator==(const group_counts&, const group_counts&) = default;
  /// Writes or reads the state (credo/core/archive.hpp).
  template <class Archive>
  void serialize(Archive& ar) {
    ar(names_, cutoff_, bands_, cells_);
    ar.check(cells_.size() == names_.size(), "group_counts: not one cell per group");
    for (const auto& c : cells_)
      ar.check(c.band_weight.size() == bands_.size() + 1 && c.band_bad.size() == bands_.size() + 1 &&
                   c.band_rows.size() == bands_.size() + 1,
               "group_counts: a cell without one entry per score band");
  }

  /// Counts kept elsewhere (a saved monitor state): one cell per name, each with a band entry
  /// per score band. Throws credo.fairness.bad_counts for cells that no sequence of rows could
  /// have produced (wrong sizes, negative or non-finite weights, parts above their wholes).
  static group_counts from_cells(std::vector<std::string> names, Real cutoff, std::vector<Real> bands,
                                 std::vector<group_cell<Real>> cells) {
    group_counts c(std::move(names), cutoff, std::move(bands));
    auto bad = [](const std::string& why) { CREDO_THROW(invalid_input, "credo.fairness.bad_counts", why); };
    if (cells.size() != c.cells_.size())
      bad(std::to_string(c.cells_.size()) + " groups need as many cells, got " + std::to_string(cells.size()));
    for (std::size_t g = 0; g < cells.size(); ++g) {
      const auto& x = cells[g];
      const std::string which = "group " + credo::detail::quoted(c.names_[g]) + ": ";
      const std::size_t nb = c.bands_.size() + 1;
      if (x.band_weight.size() != nb || x.band_bad.size() != nb || x.band_rows.size() != nb)
        bad(which + "expected " + std::to_string(nb) + " score bands");
      auto weight_ok = [](Real w) { return std::isfinite(w) && w >= 0; };
      bool ok = weight_ok(x.weight) && weight_ok(x.bad) && weight_ok(x.approved) && weight_ok(x.approved_bad) &&
                weight_ok(x.score_m2) && std::isfinite(x.score_mean);
      for (std::size_t b = 0; b < nb; ++b) ok = ok && weight_ok(x.band_weight[b]) && weight_ok(x.band_bad[b]);
      if (!ok) bad(which + "a weight is not a finite number >= 0");
      // Sums of non-negative weights over a subset of the rows, added in the same order, never
      // exceed the sum over all of them (rounding is monotone), so these hold exactly.
      if (x.bad > x.weight || x.approved > x.weight || x.approved_bad > x.approved || x.approved_bad > x.bad)
        bad(which + "a weighted part is larger than its whole");
      if (x.rows_bad > x.rows || x.rows_approved > x.rows || x.rows_approved_bad > x.rows_approved ||
          x.rows_approved_bad > x.rows_bad)
        bad(which + "a part of the rows is larger than its whole");
    }
    c.cells_ = std::move(cells);
    return c;
  }

  std::size_t groups() const noexcept { return cells_.size(); }
  const std::vector<std::string>& names() const noexcept { return names_; }
  Real cutoff() const noexcept { return cutoff_; }
  const std::vector<Real>& bands() const noexcept { return bands_; }
  const group_cell<Real>& operator[](std::size_t g) const { return cells_.at(g); }
  /// The index of the group called `name`; throws credo.fairness.unknown_group.
  std::size_t find(std::string_view name) const {
    for (std::size_t i = 0; i < names_.size(); ++i)
      if (names_[i] == name) return i;
    std::string known;
    for (const auto& n : names_) known += (known.empty() ? "" : ", ") + credo::detail::quoted(n);
    CREDO_THROW(invalid_input, "credo.fairness.unknown_group",
                "no group " + credo::detail::quoted(name) + " (groups: " + known + ")");
  }

private:
  void add(group_cell<Real>& c, Real score, bool bad, Real w) {
    if (!(std::isfinite(w) && w >= 0))
      CREDO_THROW(invalid_input, "credo.fairness.bad_weight",
                  "a row's weight is not a finite number >= 0");
    if (w == 0) return;  // a zero weight adds nothing, not even a raw row
    const bool approve = score >= cutoff_;
    c.weight += w;
    ++c.rows;
    if (bad) {
      c.bad += w;
      ++c.rows_bad;
    }
    if (approve) {
      c.approved += w;
      ++c.rows_approved;
      if (bad) {
        c.approved_bad += w;
        ++c.rows_approved_bad;
      }
    }
    // West (1979): weighted running mean and sum of squared deviations.
    const Real delta = score - c.score_mean;
    c.score_mean += delta * w / c.weight;
    c.score_m2 += w * delta * (score - c.score_mean);
    const std::size_t b = credo::detail::cutoff_band(score, bands_);
    c.band_weight[b] += w;
    if (bad) c.band_bad[b] += w;
    ++c.band_rows[b];
  }

  static void merge(group_cell<Real>& a, const group_cell<Real>& b) {
    if (b.weight == 0) return;
    if (a.weight == 0) {
      a = b;
      return;
    }
    // Chan, Golub & LeVeque (1979): M2 = M2_a + M2_b + δ²·W_a·W_b/(W_a + W_b).
    const Real w = a.weight + b.weight;
    const Real delta = b.score_mean - a.score_mean;
    a.score_m2 += b.score_m2 + delta * delta * a.weight * b.weight / w;
    a.score_mean += delta * b.weight / w;
    a.weight = w;
    a.bad += b.bad;
    a.approved += b.approved;
    a.approved_bad += b.approved_bad;
    a.rows += b.rows;
    a.rows_bad += b.rows_bad;
    a.rows_approved += b.rows_approved;
    a.rows_approved_bad += b.rows_approved_bad;
    for (std::size_t i = 0; i < a.band_weight.size(); ++i) {
      a.band_weight[i] += b.band_weight[i];
      a.band_bad[i] += b.band_bad[i];
      a.band_rows[i] += b.band_rows[i];
    }
  }

  std::vector<std::string> names_;
  Real cutoff_ = 0;
  std::vector<Real> bands_;
  std::vector<group_cell<Real>> cells_;
};

namespace detail {

template <class Real>
void check_rows(const group_assignment& groups, std::span<const Real> scores,
                std::span<const std::uint8_t> bad, std::span<const double> weights) {
  const auto n = groups.rows();
  auto mismatch = [&](const char* what, std::size_t m) {
    CREDO_THROW(invalid_input, "credo.fairness.length_mismatch",
                std::string(what) + " has " + std::to_string(m) + " rows, the groups " +
                    std::to_string(n));
  };
  if (scores.size() != n) mismatch("scores", scores.size());
  if (bad.size() != n) mismatch("target", bad.size());
  if (!weights.empty() && weights.size() != n) mismatch("weights", weights.size());
  for (std::size_t r = 0; r < n; ++r) {
    if (std::isnan(scores[r]))
      CREDO_THROW(invalid_input, "credo.fairness.bad_score",
                  "row " + std::to_string(r) + ": the score is NaN; no decision can be made");
    if (bad[r] > 1)
      CREDO_THROW(invalid_input, "credo.fairness.target_not_binary",
                  "row " + std::to_string(r) + ": target " + std::to_string(bad[r]) +
                      " is neither 0 nor 1");
    if (!weights.empty() && !(std::isfinite(weights[r]) && weights[r] >= 0))
      CREDO_THROW(invalid_input, "credo.fairness.bad_weight",
                  "row " + std::to_string(r) + ": the weight is not a finite number >= 0");
  }
}

/// Feeds every row to a per-group accumulator `acc(group, score, bad, weight)`; a row with
/// membership probabilities (soft groups) goes to `acc(memberships, score, bad, weight)`.
template <class Real, class Accumulator>
void fill_by_group(Accumulator& acc, const group_assignment& groups, std::span<const Real> scores,
                   std::span<const std::uint8_t> bad, std::span<const double> weights) {
  for (std::size_t r = 0; r < groups.rows(); ++r) {
    const Real w = weights.empty() ? Real(1) : static_cast<Real>(weights[r]);
    if (groups.is_soft())
      acc(groups.membership(r), scores[r], bad[r] != 0, w);
    else
      acc(static_cast<std::size_t>(groups.group_of(r)), scores[r], bad[r] != 0, w);
  }
}

}  // namespace detail

/// Counts every row: `scores[r]`, `bad[r]` (1 = bad), `weights[r]` (empty = 1 each).
template <class Real>
group_counts<Real> count_groups(const group_assignment& groups, std::span<const Real> scores,
                                std::span<const std::uint8_t> bad, std::span<const double> weights,
                                Real cutoff, std::vector<Real> bands = {}) {
  detail::check_rows<Real>(groups, scores, bad, weights);
  group_counts<Real> acc(groups.names(), cutoff, std::move(bands));
  detail::fill_by_group(acc, groups, scores, bad, weights);
  return acc;
}

/// Counts every row of `t`, taking its target and weights, with `scores` one per row.
template <class Real>
group_counts<Real> count_groups(const table& t, const group_assignment& groups,
                                std::span<const Real> scores, Real cutoff,
                                std::vector<Real> bands = {}) {
  if (t.rows() != groups.rows())
    CREDO_THROW(invalid_input, "credo.fairness.length_mismatch",
                "the table has " + std::to_string(t.rows()) + " rows, the groups " +
                    std::to_string(groups.rows()));
  return count_groups<Real>(groups, scores, t.target(), t.weights(), cutoff, std::move(bands));
}

}  // namespace credo::fairness
