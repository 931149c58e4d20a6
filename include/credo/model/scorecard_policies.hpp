// Options of credo::model::scorecard: PDO scaling, rounding of points, what a missing value
// scores, reason codes, and the status a row gets when it cannot be scored. Rounding and
// missing handling are data (run-time options stored in model files), not types.
//
// Scaling: credo::model::scaling (model/scaling.hpp), with η = α + Σ_j β_j · WoE_j the
// logistic model's log-odds of bad (bad = 1): score = Offset − Factor · η.
#pragma once

#include <credo/core/error.hpp>
#include <credo/detail/enum_names.hpp>
#include <credo/fwd.hpp>
#include <credo/model/scaling.hpp>

#include <algorithm>
#include <cmath>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace credo::model {

/// Where the intercept's points go.
enum class intercept_points {
  /// Spread evenly over the n characteristics (the "neutral" convention):
  /// points_ij = −(β_j · WoE_ij + α / n) · Factor + Offset / n; the score is Σ_j points_j.
  spread,
  /// A separate base-points line: base = Offset − α · Factor, points_ij = −β_j · WoE_ij · Factor.
  separate,
};

/// The reference a characteristic's points are compared with for reason codes.
enum class baseline_method {
  max_points,   ///< the characteristic's largest points (default; PMML's "max" usage)
  mean_points,  ///< the mean of its points weighted by the training weight of each bin
  given,        ///< reason_options::given, one value per characteristic
};

/// How points are rounded (the algorithms: namespace rounding below).
enum class rounding_method {
  none,               ///< points as computed, unrounded
  nearest,            ///< each bin's points to the nearest integer (halves away from zero)
  largest_remainder,  ///< integers that keep the extreme totals (Hamilton's method)
};

/// What happens when a value lands in a characteristic's missing bin (NaN, the empty label,
/// the missing bin's code, or an unseen label whose fallback is the missing bin).
enum class missing_action {
  /// The missing bin's points. A missing bin that was empty in training has WoE 0 (the
  /// population's log odds), so it scores −(α/n)·Factor + Offset/n: an average applicant.
  own_bin,
  /// A status instead of a score (score_status::missing_value), never a throw.
  error,
  /// The lowest points of the characteristic (over all its bins): conservative.
  worst,
};

}  // namespace credo::model

template <>
struct credo::detail::enum_names<credo::model::intercept_points> {
  static constexpr enum_name<credo::model::intercept_points> table[] = {
      {credo::model::intercept_points::spread, "spread"}, {credo::model::intercept_points::separate, "separate"}};
};
template <>
struct credo::detail::enum_names<credo::model::baseline_method> {
  static constexpr enum_name<credo::model::baseline_method> table[] = {
      {credo::model::baseline_method::max_points, "max_points"},
      {credo::model::baseline_method::mean_points, "mean_points"},
      {credo::model::baseline_method::given, "given"}};
};
template <>
struct credo::detail::enum_names<credo::model::rounding_method> {
  static constexpr enum_name<credo::model::rounding_method> table[] = {
      {credo::model::rounding_method::none, "none"},
      {credo::model::rounding_method::nearest, "nearest"},
      {credo::model::rounding_method::largest_remainder, "largest_remainder"}};
};
template <>
struct credo::detail::enum_names<credo::model::missing_action> {
  static constexpr enum_name<credo::model::missing_action> table[] = {
      {credo::model::missing_action::own_bin, "own_bin"},
      {credo::model::missing_action::error, "error"},
      {credo::model::missing_action::worst, "worst"}};
};

namespace credo::model {

inline const char* to_string(intercept_points p) noexcept { return credo::detail::name_of(p); }
inline const char* to_string(baseline_method b) noexcept { return credo::detail::name_of(b); }
inline const char* to_string(rounding_method m) noexcept { return credo::detail::name_of(m); }
inline const char* to_string(missing_action m) noexcept { return credo::detail::name_of(m); }

/// Reason-code settings (docs/scorecard.md, "Reason codes").
struct reason_options {
  /// At most this many reasons per applicant (4: Regulation B practice for adverse action).
  std::size_t max_reasons = 4;
  baseline_method baseline = baseline_method::max_points;
  /// The baselines of baseline_method::given, one per characteristic, in card order.
  std::vector<double> given;
};

/// Run-time settings of a scorecard: its scaling (pdo, base_score, base_odds, with the
/// customary defaults 600 points at 50:1, PDO 20) and the rest.
struct scorecard_options : scaling {
  intercept_points intercept = intercept_points::spread;
  rounding_method rounding = rounding_method::nearest;  ///< the customary integer points
  missing_action missing = missing_action::own_bin;
  reason_options reasons;
};

/// The status of one scored row. The scoring path never throws: a row that cannot be scored
/// gets a status other than ok and a NaN score, and the batch goes on.
enum class score_status : std::uint8_t {
  ok,
  missing_value,  ///< a missing value under missing_action::error
  bad_code,       ///< a pre-binned code outside the characteristic's bins
  not_finite,     ///< NaN or ±inf where a number is needed (linear terms of a raw-column model)
};

}  // namespace credo::model

template <>
struct credo::detail::enum_names<credo::model::score_status> {
  static constexpr enum_name<credo::model::score_status> table[] = {
      {credo::model::score_status::ok, "ok"},
      {credo::model::score_status::missing_value, "missing_value"},
      {credo::model::score_status::bad_code, "bad_code"},
      {credo::model::score_status::not_finite, "not_finite"}};
};

namespace credo::model {

inline const char* to_string(score_status s) noexcept { return credo::detail::name_of(s); }

// --- rounding ----------------------------------------------------------------------------

namespace rounding {

// The algorithms of rounding_method, each apply(lines) rounding the points of each line in
// place. A line is one characteristic's points per bin; with intercept_points::separate the
// last line holds the base points alone.

/// Points as computed, unrounded.
struct none {
  static void apply(std::vector<std::vector<double>>&) noexcept {}
};

/// Each bin's points rounded to the nearest integer (halves away from zero, std::round).
/// The extreme totals may drift from the unrounded ones by up to n/2 points.
struct nearest {
  static void apply(std::vector<std::vector<double>>& lines) noexcept {
    for (auto& l : lines)
      for (auto& p : l) p = std::round(p);
  }
};

/// Integer points that keep the extreme scores: the lowest and the highest attainable total
/// (Σ_j min_i p_ij and Σ_j max_i p_ij) equal std::round of the unrounded extremes.
///
/// Largest-remainder apportionment (Hamilton's method) on the characteristics' minima: each
/// minimum is rounded down and the D = round(Σ min) − Σ floor(min_j) missing points go one
/// each to the largest remainders (ties: the earlier line). The maxima likewise, with each
/// maximum no lower than its rounded minimum (a line whose min equals its max keeps one
/// value). Every other bin gets std::round(p) clamped to [rounded min, rounded max] of its
/// line, so the order of the bins within a line is kept (weakly) and the extremes stay the
/// line's extremes. Each rounded extreme is within 1 point of its unrounded value.
struct largest_remainder {
  static void apply(std::vector<std::vector<double>>& lines) {
    const std::size_t n = lines.size();
    std::vector<double> lo(n), hi(n), rlo(n), rhi(n);
    double sum_lo = 0, sum_hi = 0;
    for (std::size_t j = 0; j < n; ++j) {
      if (lines[j].empty()) continue;
      lo[j] = *std::min_element(lines[j].begin(), lines[j].end());
      hi[j] = *std::max_element(lines[j].begin(), lines[j].end());
      sum_lo += lo[j];
      sum_hi += hi[j];
    }
    std::vector<bool> free(n), fixed(n, false);
    // Minima: floor, then the largest remainders get +1 until the total is hit.
    for (std::size_t j = 0; j < n; ++j) {
      rlo[j] = std::floor(lo[j]);
      free[j] = !lines[j].empty();
    }
    apportion(lo, rlo, std::round(sum_lo), free);
    // Maxima: no lower than the rounded minimum; a constant line keeps its one value.
    double target = std::round(sum_hi);
    for (std::size_t j = 0; j < n; ++j) {
      if (lines[j].empty()) { free[j] = false; continue; }
      fixed[j] = lo[j] == hi[j];
      rhi[j] = fixed[j] ? rlo[j] : std::max(std::floor(hi[j]), rlo[j]);
      free[j] = !fixed[j];
    }
    apportion(hi, rhi, target, free, &rlo);
    for (std::size_t j = 0; j < n; ++j)
      for (auto& p : lines[j]) {
        if (p == lo[j]) p = rlo[j];
        else if (p == hi[j]) p = rhi[j];
        else p = std::clamp(std::round(p), rlo[j], rhi[j]);
      }
  }

private:
  /// Moves the rounded values r (of x) by whole points until Σ r = target: +1 to the largest
  /// remainder x_j − r_j, or −1 from the smallest one (never below floor_of[j] when given).
  static void apportion(const std::vector<double>& x, std::vector<double>& r, double target,
                        const std::vector<bool>& free, const std::vector<double>* floor_of = nullptr) {
    double total = 0;
    for (std::size_t j = 0; j < x.size(); ++j) total += r[j];
    // Fixed lines count at their value; only free ones move. Bounded: each step moves the
    // total one point toward target, and |target − total| < 2n + 2.
    for (int guard = 0; total != target && guard < 1 << 20; ++guard) {
      std::size_t best = x.size();
      for (std::size_t j = 0; j < x.size(); ++j) {
        if (!free[j]) continue;
        if (total > target && floor_of && r[j] - 1 < (*floor_of)[j]) continue;
        if (best == x.size()) { best = j; continue; }
        const double rj = x[j] - r[j], rb = x[best] - r[best];
        if (total < target ? rj > rb : rj < rb) best = j;
      }
      if (best == x.size()) return;  // nothing can move (cannot happen for finite points)
      const double step = total < target ? 1.0 : -1.0;
      r[best] += step;
      total += step;
    }
  }
};

}  // namespace rounding

/// Rounds the lines by the algorithm `method` names.
inline void apply_rounding(rounding_method method, std::vector<std::vector<double>>& lines) {
  switch (method) {
    case rounding_method::none: rounding::none::apply(lines); return;
    case rounding_method::nearest: rounding::nearest::apply(lines); return;
    case rounding_method::largest_remainder: rounding::largest_remainder::apply(lines); return;
  }
}

}  // namespace credo::model
