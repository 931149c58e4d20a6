// Kolmogorov–Smirnov statistic of a score between bads and goods.
//
// KS = max over thresholds t of |F_bad(t) − F_good(t)|, where F_c(t) is the weighted share of
// class c with score <= t, evaluated at the distinct scores only (Siddiqi 2017, "Intelligent
// Credit Scoring", ch. 9; for unit weights it equals scipy.stats.ks_2samp's two-sample D).
// It does not depend on the score direction. at_score() is the lowest distinct score where
// the maximum is reached: the cut-off "score <= t" that separates the classes best.
#pragma once

#include <credo/fwd.hpp>
#include <credo/metrics/common.hpp>
#include <credo/metrics/score_histogram.hpp>
#include <credo/metrics/score_rows.hpp>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <span>

namespace credo::metrics {

struct ks_result {
  double value = 0;
  double at_score = 0;
  friend bool operator==(const ks_result&, const ks_result&) = default;
};

/// Exact, mergeable KS accumulator; Rows: score_rows or score_histogram (see auc).
template <class Real, class Rows>
class ks {
public:
  using real_type = Real;

  void operator()(Real score, bool bad, Real weight = 1) { rows_(score, bad, weight); }
  void fill(std::span<const Real> score, std::span<const std::uint8_t> bad, std::span<const Real> weight = {}) {
    rows_.fill(score, bad, weight);
  }
  ks& operator+=(const ks& other) {
    rows_ += other.rows_;
    return *this;
  }
  bool operator==(const ks& other) const { return rows_ == other.rows_; }
  /// Writes or reads the state (credo/core/archive.hpp).
  template <class Archive>
  void serialize(Archive& ar) {
    ar(rows_);
  }
  const Rows& rows() const noexcept { return rows_; }

  /// Value and the score where it is reached; throws credo.metrics.no_bads / no_goods.
  ks_result result() const {
    const double B = rows_.bad_weight(), G = rows_.good_weight();
    detail::check_classes("ks", B, G);
    double b = 0, g = 0;
    ks_result r{0, 0};
    bool first = true;
    rows_.for_each_distinct([&](Real s, double wb, double wg, std::size_t, std::size_t) {
      b += wb;
      g += wg;
      const double gap = std::abs(b / B - g / G);
      if (first || gap > r.value) r = {gap, static_cast<double>(s)};
      first = false;
    });
    return r;
  }
  double value() const { return result().value; }
  double at_score() const { return result().at_score; }

private:
  Rows rows_;
};

}  // namespace credo::metrics
