// Large-data AUC and KS from a fine score histogram: O(bins) memory, mergeable, with a
// stated error bound.
//
// Scores fall into `bins` equal bins over [lower, upper); a score below lower counts in the
// first bin, one at or above upper in the last (the bound below still holds: bins only need
// to be ordered intervals). Per bin k it keeps the bad weight b_k and the good weight g_k.
//
// AUC: every pair (bad, good) in different bins is ordered exactly as by the scores; pairs in
// the same bin are counted as ties (½). The exact AUC gives those pairs between 0 and b_k·g_k
// in total, the histogram ½·b_k·g_k, so
//   |AUC_exact − AUC_hist| ≤ ½·Σ_k b_k·g_k / (B·G).
// KS: the histogram evaluates the gap at bin edges only, which are thresholds too, so
// KS_hist ≤ KS_exact. Inside bin k, F_bad rises by at most b_k/B and F_good by at most
// g_k/G, so the gap moves by at most max(b_k/B, g_k/G) from the preceding edge:
//   0 ≤ KS_exact − KS_hist ≤ max_k max(b_k/B, g_k/G).
#pragma once

#include <credo/fwd.hpp>
#include <credo/metrics/common.hpp>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace credo::metrics {

/// An approximate statistic with its guaranteed error bound.
struct bounded_value {
  double value = 0;
  double error_bound = 0;  // |exact − value| <= error_bound
  double at_score = 0;     // KS only: the bin's upper edge where the histogram gap peaks
};

template <class Real>
class binned_roc {
public:
  /// Throws credo.metrics.bad_range when lower >= upper or either is not finite, and
  /// credo.metrics.bad_bands when bins == 0. The direction is stated, never assumed: a PD read
  /// as a score would give 1 − AUC.
  binned_roc(double lower, double upper, std::size_t bins, direction d)
      : lower_(lower), upper_(upper), dir_(d) {
    if (!std::isfinite(lower) || !std::isfinite(upper) || !(lower < upper))
      CREDO_THROW(invalid_input, "credo.metrics.bad_range",
                  "binned_roc: range [" + detail::num(lower) + ", " + detail::num(upper) + ") is empty or not finite");
    if (bins == 0) CREDO_THROW(invalid_input, "credo.metrics.bad_bands", "binned_roc: the number of bins is 0");
    scale_ = static_cast<double>(bins) / (upper - lower);
    w_[0].assign(bins, 0.0);
    w_[1].assign(bins, 0.0);
  }

  void operator()(Real score, bool bad, Real weight = 1) {
    detail::check_row("binned_roc", score, weight);
    w_[bad ? 1 : 0][bin(static_cast<double>(score))] += static_cast<double>(weight);
  }
  void fill(std::span<const Real> score, std::span<const std::uint8_t> bad, std::span<const Real> weight = {}) {
    detail::check_lengths("binned_roc", score.size(), bad.size(), weight.size());
    for (std::size_t i = 0; i < score.size(); ++i) {
      if (bad[i] > 1)
        CREDO_THROW(invalid_input, "credo.metrics.bad_target",
                    "binned_roc, row " + std::to_string(i) + ": target " + std::to_string(bad[i]) + " is not 0 or 1");
      detail::check_row("binned_roc", score[i], weight.empty() ? Real(1) : weight[i]);
    }
    for (std::size_t i = 0; i < score.size(); ++i)
      w_[bad[i]][bin(static_cast<double>(score[i]))] += weight.empty() ? 1.0 : static_cast<double>(weight[i]);
  }
  /// The scores from any contiguous container (e.g. an Eigen vector), in place.
  template <detail::contiguous_of<Real> S>
  void fill(const S& score, std::span<const std::uint8_t> bad, std::span<const Real> weight = {}) {
    fill(detail::span_of<Real>(score), bad, weight);
  }
  /// Merges a histogram of the same range, bins and direction (credo.metrics.histogram_mismatch).
  binned_roc& operator+=(const binned_roc& o) {
    if (o.lower_ != lower_ || o.upper_ != upper_ || o.w_[0].size() != w_[0].size() || o.dir_ != dir_)
      CREDO_THROW(invalid_input, "credo.metrics.histogram_mismatch",
                  "binned_roc: cannot merge histograms of different ranges, bins or directions");
    for (int c = 0; c < 2; ++c)
      for (std::size_t k = 0; k < w_[c].size(); ++k) w_[c][k] += o.w_[c][k];
    return *this;
  }
  bool operator==(const binned_roc&) const = default;
  /// Writes or reads the state (credo/core/archive.hpp).
  template <class Archive>
  void serialize(Archive& ar) {
    ar(lower_, upper_, scale_, dir_, w_);
    ar.check(w_[0].size() == w_[1].size() && !w_[0].empty(), "binned_roc: bad and good bins of unequal or zero counts");
  }

  std::size_t bins() const noexcept { return w_[0].size(); }
  std::span<const double> bad_weights() const noexcept { return w_[1]; }
  std::span<const double> good_weights() const noexcept { return w_[0]; }

  bounded_value auc() const {
    double B = 0, G = 0;
    totals(B, G);
    double num = 0, below = 0, same = 0;  // below: good weight in bins that rank safer
    const std::size_t n = bins();
    for (std::size_t i = 0; i < n; ++i) {
      // Walk from the safest bin (the first one when higher = riskier).
      const std::size_t k = dir_ == direction::higher_is_riskier ? i : n - 1 - i;
      num += w_[1][k] * (below + 0.5 * w_[0][k]);
      below += w_[0][k];
      same += w_[1][k] * w_[0][k];
    }
    return {num / (B * G), 0.5 * same / (B * G), 0};
  }

  bounded_value ks() const {
    double B = 0, G = 0;
    totals(B, G);
    double b = 0, g = 0, best = 0, at = lower_, bound = 0;
    for (std::size_t k = 0; k < bins(); ++k) {
      b += w_[1][k];
      g += w_[0][k];
      bound = std::max(bound, std::max(w_[1][k] / B, w_[0][k] / G));
      const double gap = std::abs(b / B - g / G);
      if (gap > best) {
        best = gap;
        at = lower_ + static_cast<double>(k + 1) / scale_;
      }
    }
    return {best, bound, at};
  }

private:
  friend struct credo::archive_access;
  binned_roc() = default;  // to be read from bytes

  std::size_t bin(double x) const noexcept {
    const double t = (x - lower_) * scale_;
    if (!(t > 0)) return 0;
    const std::size_t n = w_[0].size();
    return t >= static_cast<double>(n) ? n - 1 : static_cast<std::size_t>(t);
  }
  void totals(double& B, double& G) const {
    for (std::size_t k = 0; k < bins(); ++k) {
      B += w_[1][k];
      G += w_[0][k];
    }
    detail::check_classes("binned_roc", B, G);
  }

  double lower_ = 0, upper_ = 1, scale_ = 1;
  direction dir_ = direction::higher_is_safer;
  std::vector<double> w_[2];  // [0] goods, [1] bads
};

}  // namespace credo::metrics
