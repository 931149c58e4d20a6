// credo::metrics::score_histogram: score_rows in compact form, one entry per distinct score.
//
// A rank metric (AUC and DeLong's variance, KS, ROC/CAP curves, gains and calibration tables)
// reads its rows only through for_each_distinct(score, bad weight, good weight, bad rows,
// good rows) over the distinct scores in ascending order, and through the class totals. A
// histogram of distinct score → (bad weight, good weight, bad rows, good rows) gives those
// exactly, in memory that grows with the number of distinct scores instead of the rows. A
// scorecard's score is a sum of rounded points per characteristic, so it takes at most
// Π_j bins_j values and in practice a few hundred: the natural store for a streamed audit.
//
// Equality with score_rows (tests/metrics/test_score_histogram.cpp): both key a score by the
// same order-preserving radix key (−0 and +0 are one score, as in score_rows), both add a
// class's total weight in row order, and both add the weights at one score in row order
// (score_rows sorts stably, keeping row order among equal scores). With unit or integer
// weights every figure is therefore bit-identical. Merging two parts adds their per-score
// sums, (w1 + w2) + (w3 + w4), where score_rows adds w1 + w2 + w3 + w4 left to right: with
// non-integer weights a merged sum may differ in its last bits (tests allow 1e-12 relative).
//
// Memory: one std::map node per distinct score (about 80 bytes); a score without rounding
// (`--rounding none`) may take as many values as there are rows, and then this grows with them.
#pragma once

#include <credo/fwd.hpp>
#include <credo/metrics/common.hpp>
#include <credo/metrics/detail/radix_sort.hpp>

#include <cstddef>
#include <cstdint>
#include <map>
#include <span>
#include <string>

namespace credo::metrics {

template <class Real>
class score_histogram {
public:
  static_assert(std::is_floating_point_v<Real>, "score_histogram<Real>: Real is float or double");
  using real_type = Real;

  /// The weight and rows of each class at one distinct score.
  struct cell {
    double bad_weight = 0, good_weight = 0;
    std::uint64_t bad_rows = 0, good_rows = 0;
    /// Merges another part's cell of the same score (the histograms' += cell by cell).
    cell& operator+=(const cell& o) noexcept {
      bad_weight += o.bad_weight;
      good_weight += o.good_weight;
      bad_rows += o.bad_rows;
      good_rows += o.good_rows;
      return *this;
    }
    friend bool operator==(const cell&, const cell&) = default;
    template <class Archive>
    void serialize(Archive& ar) {
      ar(bad_weight, good_weight, bad_rows, good_rows);
    }
  };

  /// Adds one row; throws credo.metrics.nan_score or credo.metrics.bad_weight.
  void operator()(Real score, bool bad, Real weight = 1) {
    detail::check_row("score_histogram", score, weight);
    auto& c = cells_[detail::to_key(score)];
    if (bad) {
      c.bad_weight += static_cast<double>(weight);
      ++c.bad_rows;
    } else {
      c.good_weight += static_cast<double>(weight);
      ++c.good_rows;
    }
    total_[bad ? 1 : 0] += static_cast<double>(weight);
  }

  /// Adds many rows; all are checked before any is added (nothing half-written). An empty
  /// weight span means weight 1; bad values other than 0/1 throw credo.metrics.bad_target.
  void fill(std::span<const Real> score, std::span<const std::uint8_t> bad, std::span<const Real> weight = {}) {
    detail::check_lengths("score_histogram", score.size(), bad.size(), weight.size());
    for (std::size_t i = 0; i < score.size(); ++i) {
      if (bad[i] > 1)
        CREDO_THROW(invalid_input, "credo.metrics.bad_target",
                    "score_histogram, row " + std::to_string(i) + ": target " + std::to_string(bad[i]) +
                        " is not 0 or 1");
      detail::check_row("score_histogram", score[i], weight.empty() ? Real(1) : weight[i]);
    }
    for (std::size_t i = 0; i < score.size(); ++i) (*this)(score[i], bad[i] != 0, weight.empty() ? Real(1) : weight[i]);
  }

  score_histogram& operator+=(const score_histogram& o) {
    for (const auto& [k, x] : o.cells_) cells_[k] += x;
    total_[0] += o.total_[0];
    total_[1] += o.total_[1];
    return *this;
  }
  friend bool operator==(const score_histogram&, const score_histogram&) = default;

  /// Writes or reads the state (credo/core/archive.hpp); a map is written in key order.
  template <class Archive>
  void serialize(Archive& ar) {
    ar(cells_, total_);
  }

  std::size_t bad_rows() const noexcept { return count([](const cell& c) { return c.bad_rows; }); }
  std::size_t good_rows() const noexcept { return count([](const cell& c) { return c.good_rows; }); }
  std::size_t rows() const noexcept { return bad_rows() + good_rows(); }
  double bad_weight() const noexcept { return total_[1]; }
  double good_weight() const noexcept { return total_[0]; }
  bool empty() const noexcept { return cells_.empty(); }
  /// The number of distinct scores held.
  std::size_t distinct() const noexcept { return cells_.size(); }

  /// Calls f(score, bad weight, good weight, bad rows, good rows) once per distinct score,
  /// in ascending order of score (score_rows' interface).
  template <class F>
  void for_each_distinct(F&& f) const {
    for (const auto& [k, c] : cells_)
      f(detail::from_key<Real>(k), c.bad_weight, c.good_weight, static_cast<std::size_t>(c.bad_rows),
        static_cast<std::size_t>(c.good_rows));
  }

  /// Approximate bytes held (map nodes of the usual red-black tree layout).
  std::size_t memory_bytes() const noexcept { return cells_.size() * (sizeof(key_type) + sizeof(cell) + 32); }

private:
  using key_type = detail::radix_key_t<Real>;

  template <class F>
  std::size_t count(F&& f) const noexcept {
    std::size_t n = 0;
    for (const auto& [k, c] : cells_) n += static_cast<std::size_t>(f(c));
    return n;
  }

  std::map<key_type, cell> cells_;
  double total_[2] = {0, 0};  // [0] goods, [1] bads
};

}  // namespace credo::metrics
